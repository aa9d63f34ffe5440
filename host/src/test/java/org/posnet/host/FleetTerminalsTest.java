package org.posnet.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.posnet.common.crypto.MasterKey;
import org.posnet.common.db.TestDatabase;
import org.posnet.common.db.TestDatabases;
import org.posnet.common.fleet.FleetParser;
import org.posnet.common.fleet.FleetStore;
import org.posnet.common.fleet.Status;
import org.posnet.common.fleet.StoredTerminal;
import org.posnet.common.time.FakeTicker;

/**
 * Terminals cached for the TTL: a suspension in the TMS takes effect within it (read again in the background
 * in its last quarter); unknown ids are cached too.
 */
class FleetTerminalsTest {
    private static final Duration TTL = Duration.ofSeconds(30);

    private final TestDatabase tdb = TestDatabases.h2();
    private final org.posnet.common.db.Database db = tdb.open();
    private final FleetStore fleet = new FleetStore(db, masterKey());
    private final FakeTicker ticker = new FakeTicker();
    private final java.util.Queue<Runnable> reloads = new java.util.ArrayDeque<>();
    private final FleetTerminals terminals = new FleetTerminals(fleet, ticker, TTL.toNanos(), reloads::add);

    @AfterEach
    void close() {
        tdb.close();
    }

    @Test
    void aTerminal_isServedFromTheCacheUntilTheTtl_thenReloaded() {
        fleet.upsert(FleetParser.parse("fleet.yaml", HostHarness.fleetYaml()));

        Optional<StoredTerminal> first = terminals.find(HostHarness.TERMINAL);
        assertThat(first).map(StoredTerminal::status).contains(Status.ACTIVE);
        setStatus(HostHarness.TERMINAL, Status.SUSPENDED);
        ticker.advance(TTL.minusNanos(1));
        assertThat(terminals.find(new String(HostHarness.TERMINAL.toCharArray()))).isSameAs(first);

        ticker.advance(Duration.ofNanos(1));
        assertThat(terminals.find(HostHarness.TERMINAL)).map(StoredTerminal::status).contains(Status.SUSPENDED);
    }

    @Test
    void aTerminalInUse_isReadAgainInTheBackground_soASuspensionArrivesWithoutTheReaderQuerying() {
        fleet.upsert(FleetParser.parse("fleet.yaml", HostHarness.fleetYaml()));
        Optional<StoredTerminal> first = terminals.find(HostHarness.TERMINAL);
        setStatus(HostHarness.TERMINAL, Status.SUSPENDED);
        ticker.advance(TTL.multipliedBy(3).dividedBy(4));

        assertThat(terminals.find(HostHarness.TERMINAL)).isSameAs(first); // the sale is not held up
        assertThat(reloads).hasSize(1);
        reloads.poll().run(); // the background read
        assertThat(terminals.find(HostHarness.TERMINAL)).map(StoredTerminal::status).contains(Status.SUSPENDED);
    }

    @Test
    void anUnknownTerminal_isCachedAsUnknownUntilTheTtl() {
        assertThat(terminals.find(HostHarness.TERMINAL)).isEmpty();
        fleet.upsert(FleetParser.parse("fleet.yaml", HostHarness.fleetYaml()));
        assertThat(terminals.find(HostHarness.TERMINAL)).isEmpty();

        ticker.advance(TTL);
        assertThat(terminals.find(HostHarness.TERMINAL)).isPresent();
        assertThat(terminals.find("99999999")).isEmpty();
    }

    private void setStatus(String terminal, Status status) {
        db.jdbi().useHandle(h -> h.createUpdate("UPDATE terminal SET status = :s WHERE id = :id")
                .bind("s", status.text()).bind("id", terminal).execute());
    }

    private static MasterKey masterKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return MasterKey.ofBytes(key);
    }
}
