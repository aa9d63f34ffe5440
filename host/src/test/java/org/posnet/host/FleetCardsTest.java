package org.posnet.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.posnet.common.crypto.MasterKey;
import org.posnet.common.db.Database;
import org.posnet.common.db.TestDatabase;
import org.posnet.common.db.TestDatabases;
import org.posnet.common.fleet.CardStatus;
import org.posnet.common.fleet.FleetParser;
import org.posnet.common.fleet.FleetStore;
import org.posnet.host.auth.CardRecord;
import org.posnet.host.hsm.Hsm;
import org.posnet.host.hsm.KeyScheme;
import org.posnet.host.hsm.MasterKeyWrapper;
import org.posnet.host.hsm.PinUnderLmk;
import org.posnet.host.hsm.PinVerification;
import org.posnet.host.hsm.SoftwareHsm;

/**
 * The on-us cards: loaded and PIN-imported once, then served from memory; unknown PANs asked again; a card's
 * status read again within the ttl.
 */
class FleetCardsTest {
    private final TestDatabase tdb = TestDatabases.h2();
    private final MasterKey masterKey = masterKey();
    private final Database db = tdb.open();
    private final FleetStore fleet = new FleetStore(db, masterKey);
    private final AtomicInteger pinImports = new AtomicInteger();
    private static final java.time.Duration TTL = java.time.Duration.ofSeconds(30);
    private final org.posnet.common.time.FakeTicker ticker = new org.posnet.common.time.FakeTicker();
    private final java.util.Queue<Runnable> reloads = new java.util.ArrayDeque<>();
    private final Hsm hsm = counting(new SoftwareHsm(new MasterKeyWrapper(masterKey), new SecureRandom()));

    @AfterEach
    void close() throws Exception {
        tdb.close();
    }

    @Test
    void aKnownCard_isLoadedOnce_andTheSameRecordServedAfter() throws Exception {
        fleet.upsert(FleetParser.parse("fleet.yaml", HostHarness.fleetYaml()));
        FleetCards cards = cards();

        Optional<CardRecord> first = cards.find(HostHarness.PAN);
        assertThat(first).isPresent();
        assertThat(first.get().card().pan()).isEqualTo(HostHarness.PAN);
        for (int i = 0; i < 3; i++) {
            // a new String each time, as a request's field 2 is
            assertThat(cards.find(new String(HostHarness.PAN.toCharArray()))).isSameAs(first);
        }
        assertThat(pinImports).hasValue(1);
        // the imported PIN is the card's, in the HSM's form
        PinUnderLmk pin = first.get().pin();
        var pik = hsm.importKey(org.posnet.host.hsm.KeyUsage.PIK, KeyScheme.TDES_2KEY, "1C1C1C1C1C1C1C1C2A2A2A2A2A2A2A2A");
        byte[] block = TerminalCrypto.pinBlock(TerminalCrypto.hex("1C1C1C1C1C1C1C1C2A2A2A2A2A2A2A2A"), HostHarness.PIN,
                HostHarness.PAN);
        assertThat(hsm.verifyPin(pik, block, HostHarness.PAN, pin)).isEqualTo(PinVerification.VERIFIED);
    }

    @Test
    void anUnknownCard_isEmpty_andFoundOnceProvisioned_aNewBinWithinTheTtl() throws Exception {
        FleetCards cards = cards();

        assertThat(cards.find(HostHarness.PAN)).isEmpty();
        fleet.upsert(FleetParser.parse("fleet.yaml", HostHarness.fleetYaml()));
        assertThat(cards.find(HostHarness.PAN)).as("its BIN was no on-us card's a moment ago").isEmpty();
        ticker.advance(TTL);
        assertThat(cards.find(HostHarness.PAN)).isPresent();
        assertThat(cards.find(HostHarness.UNKNOWN_PAN)).isEmpty();
    }

    @Test
    void anotherIssuersCard_isAnsweredWithoutTheDatabase_anUnknownOnUsNumberIsAsked() throws Exception {
        fleet.upsert(FleetParser.parse("fleet.yaml", HostHarness.fleetYaml()));
        FleetCards cards = cards();
        assertThat(cards.find(HostHarness.PAN)).isPresent(); // BINs and the card read

        tdb.close(); // from here a query fails
        assertThat(cards.find("4000123412341234")).isEmpty(); // a Visa BIN: no query
        assertThat(cards.find(HostHarness.PAN)).isPresent(); // served from memory
        assertThatThrownBy(() -> cards.find(HostHarness.UNKNOWN_PAN)).isInstanceOf(RuntimeException.class); // on-us BIN: asked
    }

    @Test
    void aStoredPinThatDoesNotImport_failsWithoutThePan() throws Exception {
        fleet.upsert(FleetParser.parse("fleet.yaml", HostHarness.fleetYaml()));
        // another master key cannot open the fleet's sealed PINs
        FleetCards cards = new FleetCards(fleet, new SoftwareHsm(new MasterKeyWrapper(masterKey()), new SecureRandom()), ticker, TTL.toNanos(), reloads::add);

        assertThatThrownBy(() -> cards.find(HostHarness.PAN)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("KEY_INTEGRITY").hasMessageNotContaining(HostHarness.PAN);
    }

    @Test
    void aCardReportedLost_isRefusedWithinTheTtl_readInTheBackground_andOneGoneFromTheStoreIsBlocked() {
        fleet.upsert(FleetParser.parse("fleet.yaml", HostHarness.fleetYaml()));
        FleetCards cards = cards();
        assertThat(cards.status(HostHarness.PAN)).isEqualTo(CardStatus.ACTIVE);

        setStatus(HostHarness.PAN, "lost");
        ticker.advance(TTL.dividedBy(2));
        assertThat(cards.status(HostHarness.PAN)).isEqualTo(CardStatus.ACTIVE); // within the ttl: the cached status
        ticker.advance(TTL.dividedBy(4));
        assertThat(cards.status(HostHarness.PAN)).isEqualTo(CardStatus.ACTIVE); // the sale is not held up...
        assertThat(reloads).hasSize(1);
        reloads.poll().run(); // ...the background read is
        assertThat(cards.status(HostHarness.PAN)).isEqualTo(CardStatus.LOST);

        db.jdbi().useHandle(h -> h.execute("DELETE FROM card WHERE pan_token = ?", masterKey.panTokens().token(HostHarness.POOR_PAN)));
        assertThat(cards.status(HostHarness.POOR_PAN)).isEqualTo(CardStatus.BLOCKED);
    }

    private FleetCards cards() {
        return new FleetCards(fleet, hsm, ticker, TTL.toNanos(), reloads::add);
    }

    private void setStatus(String pan, String status) {
        db.jdbi().useHandle(h -> h.execute("UPDATE card SET status = ? WHERE pan_token = ?", status, masterKey.panTokens().token(pan)));
    }

    private static MasterKey masterKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return MasterKey.ofBytes(key);
    }

    /** The HSM, counting sealed-PIN imports. */
    private Hsm counting(Hsm inner) {
        return (Hsm) java.lang.reflect.Proxy.newProxyInstance(Hsm.class.getClassLoader(), new Class<?>[] {Hsm.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("importSealedPin")) {
                        pinImports.incrementAndGet();
                    }
                    try {
                        return method.invoke(inner, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
