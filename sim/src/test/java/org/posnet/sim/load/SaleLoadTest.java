package org.posnet.sim.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.posnet.common.crypto.MasterKey;
import org.posnet.common.db.Database;
import org.posnet.common.db.TestDatabase;
import org.posnet.common.db.TestDatabases;
import org.posnet.common.event.InProcessEventBus;
import org.posnet.common.fleet.FleetParser;
import org.posnet.common.fleet.FleetStore;
import org.posnet.common.net.NettyTransport;
import org.posnet.host.HostConfig;
import org.posnet.host.HostService;
import org.posnet.sim.terminal.Card;
import org.posnet.sim.terminal.TerminalIdentity;
import org.posnet.sim.terminal.TerminalProtocolException;

/**
 * The load generator against a real host on loopback: approvals counted and timed, declines counted by
 * code, on every transport the machine has; through a relay that mangles replies, each kind of broken
 * peer counted as its own error without ever putting a second sale in flight.
 */
class SaleLoadTest {
    private static final String MERCHANT = "898110058120001";
    private static final String TMK = "0123456789ABCDEFFEDCBA9876543210";
    private static final List<TerminalIdentity> TERMINALS = List.of(new TerminalIdentity("10000001", MERCHANT, TMK),
            new TerminalIdentity("10000002", MERCHANT, TMK), new TerminalIdentity("10000003", MERCHANT, TMK));
    private static final Card RICH_1 = new Card(Card.withLuhn("622202123456789012"), "2812", "908172");
    private static final Card RICH_2 = new Card(Card.withLuhn("622202123456789013"), "2812", "111111");
    /** 1.00 yuan: ten sales of 10 fen, then 51. */
    private static final Card POOR = new Card(Card.withLuhn("622202123456789014"), "2812", "222222");

    private TestDatabase tdb;
    private Database db;
    private Path journal;
    private HostService host;

    @BeforeEach
    void start() throws Exception {
        byte[] lmk = new byte[32];
        new SecureRandom().nextBytes(lmk);
        MasterKey masterKey = MasterKey.ofBytes(lmk);
        tdb = TestDatabases.h2();
        db = tdb.open();
        FleetStore fleet = new FleetStore(db, masterKey);
        StringBuilder yaml = new StringBuilder("""
                institution: { code: "48160000", name: "示例银行" }
                merchants:
                  - { id: "%s", name: 川味小馆, mcc: "5812" }
                terminals:
                """.formatted(MERCHANT));
        for (TerminalIdentity t : TERMINALS) {
            yaml.append("  - { id: \"%s\", merchant: \"%s\", keys: { scheme: 3DES, tmk: %s } }\n".formatted(t.terminalId(), MERCHANT, TMK));
        }
        yaml.append("cards:\n");
        for (Card c : List.of(RICH_1, RICH_2)) {
            yaml.append("  - { pan: \"%s\", expiry: \"2812\", pin: \"%s\", balance: \"1000000.00\", kind: debit }\n".formatted(c.pan(), c.pin()));
        }
        yaml.append("  - { pan: \"%s\", expiry: \"2812\", pin: \"%s\", balance: \"1.00\", kind: debit }\n".formatted(POOR.pan(), POOR.pin()));
        fleet.upsert(FleetParser.parse("load-fleet.yaml", yaml.toString()));
        journal = Files.createTempDirectory("posnet-load-journal");
        host = new HostService(HostConfig.defaults().withPort(0).withJournalDir(journal), fleet, db, masterKey,
                new InProcessEventBus(), new SimpleMeterRegistry(), Clock.systemUTC());
    }

    @AfterEach
    void stop() throws Exception {
        host.close();
        db.close();
        tdb.close();
        try (Stream<Path> walk = Files.walk(journal)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", host.port());
    }

    @Test
    void everyReplyChecked_approvalsTimed_onTheByteCheckAlone() throws Exception {
        SaleLoad load = SaleLoad.start(new SaleLoad.Plan(address(), TERMINALS.subList(0, 2), List.of(RICH_1, RICH_2), 2, 10));
        assertThat(load.awaitReplies(20, Duration.ofSeconds(30))).isTrue();
        load.beginMeasurement();
        Thread.sleep(1000);
        SaleLoad.Report r = load.stop();

        assertThat(r.errors()).isEmpty();
        assertThat(r.sales()).isPositive();
        assertThat(r.latencyNanos().getTotalCount()).isEqualTo(r.sales());
        assertThat(r.seconds()).isBetween(0.9, 5.0);
        assertThat(load.fullChecks()).as("no approval needed the full decode").isZero();
    }

    @Test
    void declines_areErrorsByCode_andNotSales() throws Exception {
        SaleLoad load = SaleLoad.start(new SaleLoad.Plan(address(), TERMINALS.subList(2, 3), List.of(POOR), 1, 10));
        load.beginMeasurement();
        assertThat(load.awaitReplies(15, Duration.ofSeconds(30))).isTrue();
        SaleLoad.Report r = load.stop();

        assertThat(r.errors()).containsOnlyKeys("code-51");
        assertThat(r.sales()).isBetween(1L, 10L);
        assertThat(r.latencyNanos().getTotalCount()).isEqualTo(r.sales());
    }

    @Test
    void paced_offersTheRate_spreadOverTheTerminals() throws Exception {
        SaleLoad load = SaleLoad.start(new SaleLoad.Plan(address(), TERMINALS.subList(0, 2), List.of(RICH_1, RICH_2), 1, 10, 200));
        assertThat(load.awaitReplies(20, Duration.ofSeconds(30))).isTrue();
        load.beginMeasurement();
        Thread.sleep(2000);
        SaleLoad.Report r = load.stop();

        assertThat(r.errors()).isEmpty();
        // 200 a second offered: a host on loopback keeps up, so the sales are the schedule's, not the host's ceiling
        assertThat(r.salesPerSecond()).isBetween(150.0, 230.0);
        assertThat(r.latencyNanos().getTotalCount()).isEqualTo(r.sales());
        assertThat(r.sendLagNanos().getTotalCount()).isEqualTo(r.sales());
    }

    /**
     * A host that takes 50 ms a reply, offered a sale every 10 ms per terminal: the schedule runs ahead and every
     * sale waits longer than the one before. Timed from when each was due, that wait counts; timed from when each
     * went out (coordinated omission), every sale would look like 50 ms.
     */
    @Test
    void paced_aSlowHost_isTimedFromWhenTheSaleWasDue() throws Exception {
        try (FrameRelay relay = new FrameRelay(address())) {
            relay.mode = FrameRelay.Mode.SLOW;
            SaleLoad load = SaleLoad.start(new SaleLoad.Plan(relay.address(), TERMINALS.subList(0, 2), List.of(RICH_1, RICH_2), 1, 10, 200));
            load.beginMeasurement();
            Thread.sleep(1500);
            SaleLoad.Report r = load.stop();

            assertThat(r.errors()).isEmpty();
            assertThat(r.salesPerSecond()).as("one in flight at 50 ms each: about 20 a second per terminal").isLessThan(60);
            assertThat(r.latencyNanos().getMinValue()).isGreaterThanOrEqualTo(FrameRelay.SLOW_MILLIS * 1_000_000L);
            assertThat(r.p99Millis()).as("the wait behind the schedule counts").isGreaterThan(400);
            assertThat(r.sendLagP99Millis()).as("held back by the replies, not late on its own").isGreaterThan(300);
            assertThat(relay.maxInFlight).hasValue(1);
        }
    }

    @Test
    void closedLoop_aSlowHost_isTimedPerSale() throws Exception {
        try (FrameRelay relay = new FrameRelay(address())) {
            relay.mode = FrameRelay.Mode.SLOW;
            SaleLoad load = SaleLoad.start(rich(relay.address()));
            load.beginMeasurement();
            Thread.sleep(1000);
            SaleLoad.Report r = load.stop();

            assertThat(r.errors()).isEmpty();
            assertThat(r.latencyNanos().getMinValue()).isGreaterThanOrEqualTo(FrameRelay.SLOW_MILLIS * 1_000_000L);
            assertThat(r.p99Millis()).isLessThan(300);
            assertThat(r.sendLagNanos().getMaxValue()).isZero();
        }
    }

    @Test
    void plan_refusesANegativeRate() {
        assertThatThrownBy(() -> new SaleLoad.Plan(address(), TERMINALS.subList(0, 1), List.of(RICH_1), 1, 10, -1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SaleLoad.Plan(address(), TERMINALS.subList(0, 1), List.of(RICH_1), 1, 10, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static SaleLoad.Plan rich(InetSocketAddress to) {
        return new SaleLoad.Plan(to, TERMINALS.subList(0, 2), List.of(RICH_1, RICH_2), 1, 10);
    }

    private static Set<Thread> loadThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("sale-load-") && t.isAlive())
                .collect(java.util.stream.Collectors.toSet());
    }

    /** The loops end with {@link SaleLoad#stop} (or a failed start): nothing keeps sending or holds sockets. */
    private static void assertNoLoadThreadLeft() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!loadThreads().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(loadThreads()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(NettyTransport.class)
    void eachAvailableTransport_carriesTheLoad_andStopEndsItsLoops(NettyTransport transport) throws Exception {
        assumeTrue(transport.available(), transport + " is not available here");
        SaleLoad load = SaleLoad.start(rich(address()), transport);
        assertThat(load.transport()).isEqualTo(transport.name());
        assertThat(load.awaitReplies(20, Duration.ofSeconds(30))).isTrue();
        assertThat(loadThreads()).extracting(Thread::getName).containsExactly("sale-load-0");
        load.beginMeasurement();
        Thread.sleep(300);
        SaleLoad.Report r = load.stop();

        assertThat(r.errors()).isEmpty();
        assertThat(r.sales()).isPositive();
        assertThat(r.latencyNanos().getTotalCount()).isEqualTo(r.sales());
        assertThat(load.fullChecks()).isZero();
        assertNoLoadThreadLeft();
        assertThat(load.stop()).as("a second stop repeats the report").isSameAs(r);
    }

    @Test
    void aFailedSignOn_failsTheStart_andLeavesNoLoopRunning() throws Exception {
        TerminalIdentity stranger = new TerminalIdentity("10000099", MERCHANT, TMK);
        assertThatThrownBy(() -> SaleLoad.start(new SaleLoad.Plan(address(), List.of(TERMINALS.get(0), stranger),
                List.of(RICH_1, RICH_2), 1, 10))).isInstanceOfAny(TerminalProtocolException.class, IOException.class);
        assertNoLoadThreadLeft();
    }

    @Test
    void repliesArrivingInPieces_areJoinedAndPass() throws Exception {
        try (FrameRelay relay = new FrameRelay(address())) {
            relay.mode = FrameRelay.Mode.SPLIT;
            SaleLoad load = SaleLoad.start(rich(relay.address()));
            load.beginMeasurement();
            assertThat(load.awaitReplies(20, Duration.ofSeconds(30))).isTrue();
            SaleLoad.Report r = load.stop();

            assertThat(r.errors()).isEmpty();
            assertThat(r.sales()).isGreaterThanOrEqualTo(18);
            assertThat(load.fullChecks()).isZero();
            assertThat(relay.maxInFlight).hasValue(1);
        }
    }

    @Test
    void aReplyTwice_isCountedStale_andNeverPutsASecondSaleInFlight() throws Exception {
        try (FrameRelay relay = new FrameRelay(address())) {
            SaleLoad load = SaleLoad.start(rich(relay.address()));
            relay.mode = FrameRelay.Mode.DOUBLE;
            load.beginMeasurement();
            assertThat(load.awaitReplies(60, Duration.ofSeconds(30))).isTrue();
            SaleLoad.Report r = load.stop();

            assertThat(r.errors()).containsOnlyKeys(LoadTerminal.STALE);
            assertThat(r.sales()).isPositive();
            assertThat(relay.maxInFlight).as("requests unanswered on one connection, at most").hasValue(1);
        }
    }

    @Test
    void aPeerHangingUp_isCountedOncePerConnection() throws Exception {
        try (FrameRelay relay = new FrameRelay(address())) {
            SaleLoad load = SaleLoad.start(rich(relay.address()));
            relay.mode = FrameRelay.Mode.CLOSE;
            awaitErrors(load, 2);
            SaleLoad.Report r = load.stop();

            assertThat(r.errors()).isEqualTo(Map.of("closed-by-peer", 2L));
        }
    }

    @Test
    void anOversizedFrame_isCounted_andItsConnectionClosed() throws Exception {
        try (FrameRelay relay = new FrameRelay(address())) {
            SaleLoad load = SaleLoad.start(rich(relay.address()));
            relay.mode = FrameRelay.Mode.OVERSIZED;
            awaitErrors(load, 2);
            SaleLoad.Report r = load.stop();

            assertThat(r.errors()).as("our own close is not the peer's").isEqualTo(Map.of("oversized-reply", 2L));
        }
    }

    /** Waits (bounded) until the load has counted {@code n} errors. */
    private static void awaitErrors(SaleLoad load, long n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (load.errorsSoFar() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(200); // and no more than those come
    }
}
