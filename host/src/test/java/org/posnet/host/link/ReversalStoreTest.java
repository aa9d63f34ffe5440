package org.posnet.host.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.posnet.common.crypto.MasterKey;
import org.posnet.common.db.Database;
import org.posnet.common.db.TestDatabase;
import org.posnet.host.auth.RequestKey;

/** The link's store-and-forward rows on a real database: sealed advices, and what pruning keeps. */
class ReversalStoreTest {
    private static final Instant NOW = Instant.parse("2026-11-27T02:00:00Z");

    private static MasterKey lmk() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return MasterKey.ofBytes(k);
    }

    private static RequestKey key(int trace) {
        return new RequestKey("0200", "10000001", "898110058120001", "000001", String.format("%06d", trace));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.posnet.common.db.TestDatabases#all")
    void finalRowsOlderThanTheRetentionGo_openOnesStayWhateverTheirAge(TestDatabase tdb) {
        try (tdb) {
            Database db = tdb.open();
            ReversalStore store = new ReversalStore(db, lmk());
            Instant old = NOW.minus(Duration.ofDays(50));
            long done = store.arm("cup", key(1), old);
            store.done(done);
            long acked = store.arm("cup", key(2), old);
            store.owe(acked, old);
            store.acked(acked, old);
            store.numberInquiry("cup", key(3), old);
            long pending = store.arm("cup", key(4), old);
            store.owe(pending, old);
            store.arm("cup", key(5), old); // ARMED: its fate not settled yet
            long recent = store.arm("cup", key(6), NOW.minus(Duration.ofDays(10)));
            store.done(recent);
            long otherLink = store.arm("visa", key(7), old);
            store.done(otherLink);

            assertThat(store.prune("cup", NOW.minus(Duration.ofDays(40)))).isEqualTo(3);
            assertThat(store.counts("cup")).isEqualTo(Map.of("PENDING", 1, "ARMED", 1, "DONE", 1));
            assertThat(store.counts("visa")).as("another link's rows are its own").isEqualTo(Map.of("DONE", 1));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.posnet.common.db.TestDatabases#all")
    void theAdvice_isStoredSealed_andReadBackAsHex_aClearRowOfAnOlderVersionToo(TestDatabase tdb) {
        try (tdb) {
            Database db = tdb.open();
            ReversalStore store = new ReversalStore(db, lmk());
            String hex = "0420" + "19" + "6250941234567890125" + "0" + "AB12";
            long id = store.arm("cup", key(1), NOW);
            store.advice(id, hex);
            String stored = db.jdbi().withHandle(h -> h.createQuery("SELECT advice FROM host_link_reversal WHERE id = :id")
                    .bind("id", id).mapTo(String.class).one());
            assertThat(stored).startsWith("lmk1:").doesNotContain("6250941234567890125");
            assertThat(store.forwardedAdvice("cup", key(1))).isEqualTo(hex);
            store.owe(id, NOW);
            assertThat(store.due("cup", NOW, 10)).extracting(ReversalStore.Due::adviceHex).containsExactly(hex);

            long legacy = store.arm("cup", key(2), NOW);
            db.jdbi().useHandle(h -> h.createUpdate("UPDATE host_link_reversal SET advice = :a WHERE id = :id")
                    .bind("a", hex).bind("id", legacy).execute());
            assertThat(store.forwardedAdvice("cup", key(2))).isEqualTo(hex);
        }
    }
}
