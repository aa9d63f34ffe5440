package org.posnet.host.link;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.posnet.common.crypto.MasterKey;
import org.posnet.common.db.Database;
import org.posnet.host.auth.RequestKey;

/**
 * Table {@code host_link_reversal} (V5): the durable store-and-forward queue of 0420 reversal advices.
 * Each forwarded request is ARMED before it leaves, so whatever happens next — timeout, crash, late
 * reply — a restart knows a reversal may be owed. Status moves ARMED → DONE (issuer's answer journaled)
 * or → PENDING (reversal owed) → ACKED (0430 received); DONE → PENDING when the terminal reverses. A
 * forwarded balance inquiry's row is {@link #INQUIRY} from the start and never moves. The advice holds the card
 * number (field 2), so it is stored sealed under the master key ({@code lmk1:…}); rows written in clear hex
 * before that still read.
 */
final class ReversalStore {
    static final String ARMED = "ARMED";
    static final String DONE = "DONE";
    static final String PENDING = "PENDING";
    static final String ACKED = "ACKED";
    /**
     * A forwarded balance inquiry: the row only numbers its link STAN (one sequence for every request on the
     * link, so the issuer's repeat check never confuses two of them); no reversal is ever owed for it.
     */
    static final String INQUIRY = "INQUIRY";

    /** A reversal advice waiting to be (re)sent. */
    record Due(long id, String adviceHex, int attempts) {
    }

    /** A row whose fate a restart must settle from the journal. */
    record Open(long id, String requestKey, String status) {
    }

    private final Database db;
    private final MasterKey lmk;

    ReversalStore(Database db, MasterKey lmk) {
        this.db = db;
        this.lmk = lmk;
    }

    /** A stored advice as hex: opened when sealed, as it is when written in clear by an older version. */
    private String adviceHex(String stored) {
        return MasterKey.isSealed(stored) ? lmk.open(stored) : stored;
    }

    static String key(RequestKey k) {
        return k.mti() + '|' + k.terminal() + '|' + k.merchant() + '|' + k.batch() + '|' + k.trace();
    }

    static RequestKey key(String s) {
        String[] p = s.split("\\|", -1);
        return new RequestKey(p[0], p[1], p[2], p[3], p[4]);
    }

    /** Inserts an ARMED row; its id gives the link STAN and RRN. The advice is completed by {@link #advice}. */
    long arm(String link, RequestKey key, Instant now) {
        return insert(link, key, ARMED, now);
    }

    /** Inserts an {@link #INQUIRY} row: a link STAN and RRN, never a reversal. */
    long numberInquiry(String link, RequestKey key, Instant now) {
        return insert(link, key, INQUIRY, now);
    }

    private long insert(String link, RequestKey key, String status, Instant now) {
        return db.jdbi().withHandle(h -> h.createUpdate("INSERT INTO host_link_reversal (link, request_key, status, advice,"
                        + " attempts, next_at, created_at) VALUES (:link, :key, :status, '', 0, :now, :now)")
                .bind("link", link).bind("key", key(key)).bind("status", status).bind("now", at(now))
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
    }

    /**
     * The stored 0420 of the request forwarded on this link under a terminal request key (the latest, should
     * a key have gone out twice), or null: its fields 11 and 37 are the link STAN and RRN the issuer knows
     * that request by, which a void, refund or completion of it must quote.
     */
    String forwardedAdvice(String link, RequestKey key) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT advice FROM host_link_reversal WHERE link = :link"
                        + " AND request_key = :key AND status <> 'INQUIRY' AND advice <> '' ORDER BY id DESC")
                .bind("link", link).bind("key", key(key)).setMaxRows(1).mapTo(String.class).findOne().map(this::adviceHex).orElse(null));
    }

    void advice(long id, String adviceHex) {
        db.jdbi().useHandle(h -> h.createUpdate("UPDATE host_link_reversal SET advice = :a WHERE id = :id")
                .bind("a", lmk.seal(adviceHex)).bind("id", id).execute());
    }

    /** ARMED → DONE: the issuer's answer is journaled at the acquirer and needs no reversal. */
    void done(long id) {
        db.jdbi().useHandle(h -> h.createUpdate("UPDATE host_link_reversal SET status = 'DONE' WHERE id = :id AND status = 'ARMED'")
                .bind("id", id).execute());
    }

    /** → PENDING, unless already PENDING or ACKED (an acknowledged reversal is never sent again). */
    void owe(long id, Instant now) {
        db.jdbi().useHandle(h -> h.createUpdate("UPDATE host_link_reversal SET status = 'PENDING', next_at = :now"
                        + " WHERE id = :id AND status IN ('ARMED', 'DONE')")
                .bind("id", id).bind("now", at(now)).execute());
    }

    /** The terminal reversed this request: owe its 0420. True when a forwarded request had that key. */
    boolean oweByKey(RequestKey key, Instant now) {
        return db.jdbi().withHandle(h -> h.createUpdate("UPDATE host_link_reversal SET status = 'PENDING', next_at = :now"
                        + " WHERE request_key = :key AND status IN ('ARMED', 'DONE')")
                .bind("key", key(key)).bind("now", at(now)).execute()) > 0;
    }

    List<Due> due(String link, Instant now, int limit) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT id, advice, attempts FROM host_link_reversal WHERE link = :link"
                        + " AND status = 'PENDING' AND next_at <= :now ORDER BY id")
                .bind("link", link).bind("now", at(now)).setMaxRows(limit)
                .map((rs, ctx) -> new Due(rs.getLong(1), adviceHex(rs.getString(2)), rs.getInt(3))).list());
    }

    void acked(long id, Instant now) {
        db.jdbi().useHandle(h -> h.createUpdate("UPDATE host_link_reversal SET status = 'ACKED', acked_at = :now,"
                        + " attempts = attempts + 1 WHERE id = :id")
                .bind("id", id).bind("now", at(now)).execute());
    }

    void retryAt(long id, Instant next) {
        db.jdbi().useHandle(h -> h.createUpdate("UPDATE host_link_reversal SET attempts = attempts + 1, next_at = :next"
                        + " WHERE id = :id AND status = 'PENDING'")
                .bind("id", id).bind("next", at(next)).execute());
    }

    /**
     * Deletes this link's final rows (DONE, ACKED, INQUIRY) made before {@code cutoff}: nothing is owed on them, and
     * past the host's retention no void, refund or completion can name their request any more. ARMED and PENDING
     * rows stay whatever their age.
     *
     * @return how many went
     */
    int prune(String link, Instant cutoff) {
        return db.jdbi().withHandle(h -> h.createUpdate("DELETE FROM host_link_reversal WHERE link = :link"
                        + " AND status IN ('DONE', 'ACKED', 'INQUIRY') AND created_at < :cutoff")
                .bind("link", link).bind("cutoff", at(cutoff)).execute());
    }

    /** Rows not yet known to be final, for the restart's reconciliation against the journal. */
    List<Open> unsettled(String link) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT id, request_key, status FROM host_link_reversal"
                        + " WHERE link = :link AND status IN ('ARMED', 'DONE')")
                .bind("link", link)
                .map((rs, ctx) -> new Open(rs.getLong(1), rs.getString(2), rs.getString(3))).list());
    }

    /** Status of a row (tests, operator views). */
    String status(long id) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT status FROM host_link_reversal WHERE id = :id")
                .bind("id", id).mapTo(String.class).findOne().orElse(null));
    }

    /** Rows per status for one link (tests, operator views). */
    java.util.Map<String, Integer> counts(String link) {
        java.util.Map<String, Integer> m = new java.util.TreeMap<>();
        db.jdbi().useHandle(h -> h.createQuery("SELECT status, COUNT(*) FROM host_link_reversal WHERE link = :link GROUP BY status")
                .bind("link", link).map((rs, ctx) -> m.put(rs.getString(1), rs.getInt(2))).list());
        return m;
    }

    private static OffsetDateTime at(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }
}
