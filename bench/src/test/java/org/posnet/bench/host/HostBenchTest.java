package org.posnet.bench.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.posnet.sim.load.SaleLoad;

/** The smoke preset end to end: both targets answer every sale with 00 and a valid MAC. */
class HostBenchTest {
    @Test
    void smoke_bothTargetsAnswer_zeroErrors() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        HostBench.Result r = HostBench.run(HostBench.Options.smoke(), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        System.out.println(bytes.toString(StandardCharsets.UTF_8));

        assertThat(r.totalErrors()).as(r.table()).isZero();
        assertThat(r.baseline()).hasSize(1);
        assertThat(r.posnet()).hasSize(1);
        assertThat(r.baseline().get(0).load().sales()).isPositive();
        assertThat(r.posnet().get(0).load().sales()).isPositive();
        assertThat(r.posnet().get(0).serverCpuNanos()).isPositive();
        assertThat(r.table()).contains("| PosNet host").contains("ratio");
        // the host timed the same window's sales itself: its readings and the generator's window differ only at the
        // edges (sales in flight at the start, the moments between the window's end and the second reading), so
        // the counts agree to a few hundred of tens of thousands; the baseline has no timer
        HostResidence inHost = r.posnet().get(0).residence();
        long generated = r.posnet().get(0).load().sales();
        assertThat(inHost.sales()).isBetween((long) (generated * 0.9), (long) (generated * 1.1));
        assertThat(inHost.p50UpperMillis()).isPositive().isLessThanOrEqualTo(inHost.p99UpperMillis());
        assertThat(r.baseline().get(0).residence()).isNull();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("inside the host (frame read -> reply handed to its channel): p50 ≤");
    }

    @Test
    void rounds_ratioIsOverAllRuns_andEachRoundHasItsOwn() {
        HostBench.Result r = new HostBench.Result(List.of(run("b", 20_000, 16), run("b", 30_000, 20)),
                List.of(run("p", 50_000, 10), run("p", 50_000, 10)), 0);
        assertThat(r.ratio()).isCloseTo(2.0, within(1e-9));
        assertThat(r.roundRatios()).containsExactly(2.5, 50_000.0 / 30_000);
        assertThat(r.table()).contains("all rounds: 2.00× (by round: 2.50×, 1.67×)")
                .contains("PosNet 10.0 µs, baseline 36.0 µs"); // (10 + 10 s of CPU) / 2M sales; (16 + 20 s) / 1M
    }

    @Test
    void paced_tableNamesTheRate_andComparesTheWorstP99() {
        HostBench.Result r = new HostBench.Result(List.of(run("b", 20_000, 16, 12), run("b", 20_000, 16, 30)),
                List.of(run("p", 20_000, 8, 3), run("p", 20_000, 8, 4)), 20_000);
        assertThat(HostBench.Result.worstP99Millis(r.posnet())).isBetween(3.9, 4.1);
        assertThat(r.table()).contains("paced: 20,000 sales/s offered")
                .contains("at 20,000 sales/s offered: PosNet 4.00 ms, baseline 30.0")
                .doesNotContain("ratio");
    }

    @Test
    void options_refuseNoRounds_orABadRate() {
        assertThatThrownBy(() -> new HostBench.Options(200, 1, 1, 1, "1g", "both", 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HostBench.Options.smoke().withRate(-5)).isInstanceOf(IllegalArgumentException.class);
    }

    /** A 20 s run at {@code salesPerSecond} in which the server spent {@code cpuSeconds}. */
    private static HostBench.TargetResult run(String name, long salesPerSecond, long cpuSeconds) {
        return run(name, salesPerSecond, cpuSeconds, 1);
    }

    /** The same, every sale taking {@code millis}. */
    private static HostBench.TargetResult run(String name, long salesPerSecond, long cpuSeconds, long millis) {
        Histogram latency = new Histogram(3);
        latency.recordValueWithCount(millis * 1_000_000, salesPerSecond * 20);
        SaleLoad.Report load = new SaleLoad.Report(salesPerSecond * 20, 20, latency, new Histogram(3), Map.of());
        return new HostBench.TargetResult(name, load, cpuSeconds * 1_000_000_000L, 0, null);
    }

    @Test
    void benchFleet_givesEachTerminalItsOwnKeyAndCard() {
        assertThat(BenchFleet.tmkHex(0)).hasSize(32).isNotEqualTo(BenchFleet.tmkHex(1));
        assertThat(BenchFleet.card(0).pan()).isNotEqualTo(BenchFleet.card(1).pan());
        assertThat(BenchFleet.yaml(3)).contains(BenchFleet.terminal(2).terminalId());
    }
}
