package org.posnet.bench.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HostResidenceTest {
    /** Cumulative counts as the host's timer gives them, for {@code perBucket} sales in each bucket. */
    private static HostResidence.Reading reading(long... perBucket) {
        long[] cumulative = new long[HostResidence.BOUNDS_NANOS.length];
        long sum = 0;
        for (int i = 0; i < cumulative.length; i++) {
            sum += i < perBucket.length ? perBucket[i] : 0;
            cumulative[i] = sum;
        }
        long past = perBucket.length > cumulative.length ? perBucket[cumulative.length] : 0;
        return new HostResidence.Reading(sum + past, cumulative);
    }

    @Test
    void between_takesTheWindowApartFromWhatCameBefore() {
        // before the window: 1,000 slow sales (the warm-up); in it: 980 fast, 15 at 4-5 ms, 5 at 7.5-10 ms
        HostResidence.Reading before = reading(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1_000);
        HostResidence.Reading after = reading(0, 980, 0, 0, 0, 0, 0, 0, 0, 0, 0, 15, 0, 5, 1_000);
        HostResidence r = HostResidence.between(before, after);
        assertThat(r.sales()).isEqualTo(1_000);
        assertThat(r.p50UpperMillis()).isEqualTo(0.1);
        assertThat(r.p99UpperMillis()).isEqualTo(5.0); // the 990th sale is in the 4-5 ms bucket
        assertThat(r.over5msShare()).isCloseTo(0.005, within(1e-12));
        assertThat(r.describe()).isEqualTo("p50 ≤ 0.10 ms, p99 ≤ 5.00 ms, 0.50 % over 5 ms");
    }

    @Test
    void pastTheLastBucket_isUnbounded() {
        HostResidence r = HostResidence.between(reading(), reading(10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 90));
        assertThat(r.p50UpperMillis()).isInfinite();
        assertThat(r.over5msShare()).isCloseTo(0.9, within(1e-12));
        assertThat(r.describe()).contains("∞ (over 100 ms)");
        assertThat(HostResidence.between(reading(), reading()).describe()).isEqualTo("no sales timed");
    }

    @Test
    void readingLine_roundTrips_andBadLinesAreRefused() {
        HostResidence.Reading r = reading(3, 4, 5);
        HostResidence.Reading back = HostResidence.Reading.parse(r.format());
        assertThat(back.total()).isEqualTo(12);
        assertThat(back.cumulative()).containsExactly(r.cumulative());
        assertThatThrownBy(() -> HostResidence.Reading.parse("ready port=1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HostResidence.Reading.parse("residence total=1 1,2")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 buckets");
    }

    /** The target's reading of a real Micrometer timer configured as HostTargetMain configures the host's. */
    @Test
    void targetReadsTheHostsTimer() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        HostTargetMain.countInBenchBuckets(registry);
        assertThat(HostTargetMain.residence(registry).total()).isZero(); // before the host registers it
        Timer timer = Timer.builder("posnet.transaction").publishPercentileHistogram().register(registry);
        timer.record(80, TimeUnit.MICROSECONDS);
        timer.record(3, TimeUnit.MILLISECONDS);
        timer.record(6, TimeUnit.MILLISECONDS);
        timer.record(1, TimeUnit.SECONDS);
        HostResidence.Reading r = HostTargetMain.residence(registry);
        assertThat(r.total()).isEqualTo(4);
        assertThat(r.cumulative()[1]).isEqualTo(1);  // <= 100 us
        assertThat(r.cumulative()[9]).isEqualTo(2);  // <= 3 ms
        assertThat(r.cumulative()[11]).isEqualTo(2); // <= 5 ms
        assertThat(r.cumulative()[12]).isEqualTo(3); // <= 7.5 ms
        assertThat(r.cumulative()[r.cumulative().length - 1]).isEqualTo(3);
    }
}
