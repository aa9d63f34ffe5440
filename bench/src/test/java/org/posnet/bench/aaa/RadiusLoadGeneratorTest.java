package org.posnet.bench.aaa;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The generator's bookkeeping against an in-process fake whose misbehaviour is known exactly. */
class RadiusLoadGeneratorTest {

    private static final BenchUsers USERS = new BenchUsers(5_000);
    private static final LoadSettings SHORT = LoadSettings.defaults()
            .withPhases(Duration.ofMillis(300), Duration.ofSeconds(1))
            .withTimeout(Duration.ofMillis(300))
            .withInFlight(64);

    @Test
    void countsAcceptsAndRejectsAndNeverRepeatsAPacket() throws Exception {
        FakeRadiusServer fake = new FakeRadiusServer("s3cret", 0, 0);
        LoadResult r;
        try (fake) {
            r = new RadiusLoadGenerator(SHORT.withWrongPasswordEvery(4)).run(fake.start(USERS), USERS, () -> -1);
        }
        assertThat(r.accepts()).isPositive();
        assertThat(r.rejects()).isPositive();
        assertThat((double) r.rejects() / r.completed()).isBetween(0.2, 0.3);
        assertThat(r.unexpected()).isZero();
        assertThat(r.bad()).isZero();
        assertThat(r.lost()).isZero();
        assertThat(r.p50Micros()).isPositive().isLessThanOrEqualTo(r.p99Micros());
        assertThat(r.generatorProcessCpuNanos()).isPositive();
        assertThat(fake.distinctAuthenticators()).isEqualTo((int) fake.received());
    }

    @Test
    void countsUnansweredRequestsAsLostAndFreesTheirSlots() throws Exception {
        FakeRadiusServer fake = new FakeRadiusServer("s3cret", 50, 0);
        LoadResult r;
        try (fake) {
            r = new RadiusLoadGenerator(SHORT).run(fake.start(USERS), USERS, () -> -1);
        }
        // One request in 50 is ignored; if slots were not freed, the run would stall once all 64 were lost.
        assertThat(r.lost()).isPositive();
        assertThat((double) r.lost() / r.sent()).isBetween(0.01, 0.03);
        assertThat(r.completed()).isGreaterThan(20 * r.lost());
        assertThat(r.bad()).isZero();
        assertThat(r.late()).isZero();
    }

    @Test
    void countsCorruptRepliesAsBadNotLost() throws Exception {
        FakeRadiusServer fake = new FakeRadiusServer("s3cret", 0, 20);
        LoadResult r;
        try (fake) {
            r = new RadiusLoadGenerator(SHORT).run(fake.start(USERS), USERS, () -> -1);
        }
        assertThat(r.bad()).isPositive();
        assertThat((double) r.bad() / (r.bad() + r.completed())).isBetween(0.03, 0.07);
        assertThat(r.lost()).isZero();
        assertThat(r.unexpected()).isZero();
    }

    @Test
    void aWrongSecretMakesEveryReplyBad() throws Exception {
        FakeRadiusServer fake = new FakeRadiusServer("server-secret", 0, 0);
        LoadResult r;
        try (fake) {
            RadiusEndpoint e = fake.start(USERS);
            r = new RadiusLoadGenerator(SHORT).run(new RadiusEndpoint(e.host(), e.port(), "other"), USERS, () -> -1);
        }
        assertThat(r.completed()).isZero();
        assertThat(r.bad()).isPositive();
    }

    @Test
    void stopsByItselfWithinItsBoundsOfTimeAndCount() throws Exception {
        FakeRadiusServer fake = new FakeRadiusServer("s3cret", 0, 0);
        long start = System.nanoTime();
        try (fake) {
            new RadiusLoadGenerator(SHORT.withMaxRequests(500).withPhases(Duration.ZERO, Duration.ofSeconds(30)))
                    .run(fake.start(USERS), USERS, () -> -1);
        }
        assertThat(fake.received()).isEqualTo(500);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void spreadsRequestsInFlightOverTheSockets() {
        assertThat(RadiusLoadGenerator.share(256, 6, 0)).isEqualTo(43);
        assertThat(RadiusLoadGenerator.share(256, 6, 5)).isEqualTo(42);
        int total = 0;
        for (int i = 0; i < 6; i++) {
            total += RadiusLoadGenerator.share(256, 6, i);
        }
        assertThat(total).isEqualTo(256);
    }
}
