package org.posnet.sim.terminal;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import org.posnet.common.crypto.MasterKey;
import org.posnet.common.db.Database;
import org.posnet.common.db.TestDatabase;
import org.posnet.common.db.TestDatabases;
import org.posnet.common.event.InProcessEventBus;
import org.posnet.common.fleet.FleetParser;
import org.posnet.common.fleet.FleetStore;
import org.posnet.host.HostConfig;
import org.posnet.host.HostService;
import org.posnet.host.hsm.MacAlgorithm;

/** A real {@link HostService} on loopback over a private H2 with a two-terminal fleet and three cards. */
final class SimHost implements AutoCloseable {
    static final String MERCHANT = "898110058120001";
    static final TerminalIdentity TERMINAL = new TerminalIdentity("10000001", MERCHANT, "0123456789ABCDEFFEDCBA9876543210");
    /** Provisioned with a TMK the terminal does not hold: its sign-on keys fail their check values. */
    /** Provisioned with {@code keys.mac: X9_19}. */
    static final TerminalIdentity X919 = new TerminalIdentity("10000003", MERCHANT, "0123456789ABCDEFFEDCBA9876543210",
            MacAlgorithm.X9_19);
    /** Provisioned with {@code keys.mac: X9_9}. */
    static final TerminalIdentity X99 = new TerminalIdentity("10000004", MERCHANT, "0123456789ABCDEFFEDCBA9876543210",
            MacAlgorithm.X9_9);
    static final TerminalIdentity WRONG_TMK = new TerminalIdentity("10000002", MERCHANT, "0123456789ABCDEFFEDCBA9876543210");
    static final Card CARD = new Card(Card.withLuhn("622202123456789012"), "2812", "908172");
    static final Card POOR_CARD = new Card(Card.withLuhn("622202123456789013"), "2812", "908172");
    static final long BALANCE_FEN = 500_000;

    private final TestDatabase tdb = TestDatabases.h2();
    private final Database db;
    private final java.nio.file.Path journalDir;
    final HostService host;
    /** Every event the host published. */
    final java.util.List<org.posnet.common.event.Event> events = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    SimHost() {
        byte[] lmk = new byte[32];
        new SecureRandom().nextBytes(lmk);
        MasterKey masterKey = MasterKey.ofBytes(lmk);
        db = tdb.open();
        FleetStore fleet = new FleetStore(db, masterKey);
        fleet.upsert(FleetParser.parse("sim-fleet.yaml", """
                institution: { code: "48160000", name: "示例银行" }
                merchants:
                  - { id: "%s", name: 川味小馆, mcc: "5812" }
                terminals:
                  - { id: "10000001", merchant: "%s", keys: { scheme: 3DES, tmk: 0123456789ABCDEFFEDCBA9876543210 } }
                  - { id: "10000002", merchant: "%s", keys: { scheme: 3DES, tmk: 89ABCDEF0123456776543210FEDCBA98 } }
                  - { id: "10000003", merchant: "%s", keys: { scheme: 3DES, tmk: 0123456789ABCDEFFEDCBA9876543210, mac: X9_19 } }
                  - { id: "10000004", merchant: "%s", keys: { scheme: 3DES, tmk: 0123456789ABCDEFFEDCBA9876543210, mac: X9_9 } }
                cards:
                  - { pan: "%s", expiry: "2812", pin: "908172", balance: "5000.00", kind: debit }
                  - { pan: "%s", expiry: "2812", pin: "908172", balance: "10.00", kind: debit }
                """.formatted(MERCHANT, MERCHANT, MERCHANT, MERCHANT, MERCHANT, CARD.pan(), POOR_CARD.pan())));
        journalDir = createTempDir();
        host = new HostService(HostConfig.defaults().withPort(0).withJournalDir(journalDir), fleet, db, masterKey, bus(),
                new SimpleMeterRegistry(), Clock.systemUTC());
    }

    InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", host.port());
    }

    long balanceFen(String pan) {
        return BALANCE_FEN + host.authorizer().read(s -> s.account(pan).deltaFen());
    }

    long heldFen(String pan) {
        return host.authorizer().read(s -> s.account(pan).heldFen());
    }

    private InProcessEventBus bus() {
        InProcessEventBus bus = new InProcessEventBus();
        bus.subscribe("tms", events::add);
        return bus;
    }

    @Override
    public void close() {
        host.close();
        db.close();
        tdb.close();
        deleteTree(journalDir);
    }

    private static java.nio.file.Path createTempDir() {
        try {
            return java.nio.file.Files.createTempDirectory("posnet-sim-journal");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void deleteTree(java.nio.file.Path dir) {
        try (var walk = java.nio.file.Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // a temp dir left behind is harmless
        }
    }
}
