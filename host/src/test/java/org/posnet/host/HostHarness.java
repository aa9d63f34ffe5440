package org.posnet.host;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.posnet.common.crypto.MasterKey;
import org.posnet.common.db.Database;
import org.posnet.common.db.TestDatabase;
import org.posnet.common.event.Event;
import org.posnet.common.event.InProcessEventBus;
import org.posnet.common.fleet.FleetParser;
import org.posnet.common.fleet.FleetStore;

/**
 * A provisioned fleet and a running {@link HostService} on a test database, restartable on the same
 * data. The clock is fixed at 2026-11-26 10:00 UTC so expiries and fields 12/13 are predictable.
 */
final class HostHarness implements AutoCloseable {
    static final String TMK = "0123456789ABCDEFFEDCBA9876543210";
    static final String OTHER_TMK = "89ABCDEF0123456776543210FEDCBA98";
    static final String MERCHANT = "898110058120001";
    static final String OTHER_MERCHANT = "898110058120002";
    static final String TERMINAL = "10000001";
    static final String SECOND_TERMINAL = "10000003";
    static final String SUSPENDED_TERMINAL = "10000002";
    /** Bound to {@link #OTHER_MERCHANT} (a supermarket with no settlement account on file). */
    static final String OTHER_MERCHANT_TERMINAL = "10000004";
    static final String SETTLEMENT_ACCOUNT = "6222020200112233445";
    static final String PIN = "908172";
    static final String PAN = TerminalCrypto.withLuhn("622202123456789012");
    static final String POOR_PAN = TerminalCrypto.withLuhn("622202123456789013");
    static final String EXPIRED_PAN = TerminalCrypto.withLuhn("622202123456789014");
    static final String UNKNOWN_PAN = TerminalCrypto.withLuhn("622202123456789015");
    static final long BALANCE_FEN = 500_000;

    final TestDatabase tdb;
    final MasterKey masterKey;
    final InProcessEventBus events = new InProcessEventBus();
    final List<Event> published = Collections.synchronizedList(new ArrayList<>());
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final HostConfig config;
    final org.posnet.host.link.LinkConfig links;
    /** Fixed unless a test moves it (to cross a business day). */
    final TestClock clock = new TestClock(Instant.parse("2026-11-26T02:00:00Z"));
    Database db;
    FleetStore fleet;
    HostService host;
    /** True when the harness made the journal directory (and so deletes it on close). */
    private boolean ownJournalDir;

    HostHarness(TestDatabase tdb) {
        this(tdb, HostConfig.defaults().withPort(0));
    }

    HostHarness(TestDatabase tdb, HostConfig config) {
        this(tdb, config, fleetYaml(), org.posnet.host.link.LinkConfig.none());
    }

    /** Issuer-link tests: another fleet (e.g. without the cards, for an acquirer) and links. */
    HostHarness(TestDatabase tdb, HostConfig config, String fleetYaml, org.posnet.host.link.LinkConfig links) {
        this.tdb = tdb;
        if (config.journalDir() == null) {
            try {
                config = config.withJournalDir(java.nio.file.Files.createTempDirectory("posnet-host-journal"));
                ownJournalDir = true;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        this.config = config;
        this.links = links;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        masterKey = MasterKey.ofBytes(key);
        db = tdb.open();
        fleet = new FleetStore(db, masterKey);
        fleet.upsert(FleetParser.parse("test-fleet.yaml", fleetYaml));
        events.subscribe("host", published::add);
        start();
    }

    static String fleetYaml() {
        return """
                institution: { code: "48160000", name: "示例银行" }
                merchants:
                  - { id: "%s", name: 川味小馆, mcc: "5812", settlementAccount: { number: "%s", holder: 川味小馆 } }
                  - { id: "%s", name: 面馆超市, mcc: "5411" }
                terminals:
                  - { id: "%s", merchant: "%s", keys: { scheme: 3DES, tmk: %s } }
                  - { id: "%s", merchant: "%s", status: suspended, keys: { scheme: 3DES, tmk: %s } }
                  - { id: "%s", merchant: "%s", keys: { scheme: 3DES, tmk: %s } }
                  - { id: "%s", merchant: "%s", keys: { scheme: 3DES, tmk: %s } }
                cards:
                  - { pan: "%s", expiry: "2812", pin: "%s", balance: "5000.00", kind: debit }
                  - { pan: "%s", expiry: "2812", pin: "%s", balance: "10.00", kind: debit }
                  - { pan: "%s", expiry: "2001", pin: "%s", balance: "5000.00", kind: debit }
                """.formatted(MERCHANT, SETTLEMENT_ACCOUNT, OTHER_MERCHANT, TERMINAL, MERCHANT, TMK, SUSPENDED_TERMINAL,
                MERCHANT, TMK, SECOND_TERMINAL, MERCHANT, OTHER_TMK, OTHER_MERCHANT_TERMINAL, OTHER_MERCHANT, TMK, PAN, PIN, POOR_PAN, PIN, EXPIRED_PAN, PIN);
    }

    void start() {
        host = new HostService(config, fleet, db, masterKey, events, registry, clock,
                org.posnet.host.ledger.MdrTable.defaults(), links);
    }

    /** Stops the host and starts a new one on the same database, as after a crash or deploy. */
    void restart() {
        host.close();
        start();
    }

    int port() {
        return host.port();
    }

    long balanceFen(String pan) {
        return BALANCE_FEN + host.authorizer().read(s -> s.account(pan).deltaFen());
    }

    long heldFen(String pan) {
        return host.authorizer().read(s -> s.account(pan).heldFen());
    }

    /** Closes the terminal (if any), then each host (nulls skipped) once its ledger is checked balanced. */
    static void stopAll(JposTerminal pos, HostHarness... hosts) throws Exception {
        if (pos != null) {
            pos.close();
        }
        for (HostHarness h : hosts) {
            if (h != null) {
                LedgerInvariant.assertBalanced(h.host);
                h.close();
                h.tdb.close();
            }
        }
    }

    @Override
    public void close() {
        host.close();
        if (ownJournalDir) {
            try (var walk = java.nio.file.Files.walk(config.journalDir())) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (java.io.IOException e) {
                // a temp dir left behind is harmless
            }
        }
    }

    /** A clock that stands still until a test sets it. */
    static final class TestClock extends Clock {
        private volatile Instant now;

        TestClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return Clock.fixed(now, zone);
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
