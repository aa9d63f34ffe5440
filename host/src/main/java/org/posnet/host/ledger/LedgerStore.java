package org.posnet.host.ledger;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.posnet.common.db.Database;
import org.posnet.host.auth.TxnType;

/**
 * The ledger tables (V4__ledger.sql). Postings and the cursor are written in one transaction, so after
 * any crash the cursor says exactly which journal entries are posted; the primary key on (journal seq,
 * leg) makes a second posting of the same entry fail rather than count twice. Every read here works
 * from another process too (a CLI beside the running host).
 */
public final class LedgerStore {
    private final Database db;

    public LedgerStore(Database db) {
        this.db = db;
    }

    /** Stores transactions and moves the cursor to {@code throughSeq}, atomically. */
    void save(List<LedgerTxn> txns, long throughSeq) {
        db.jdbi().useTransaction(h -> {
            if (!txns.isEmpty()) {
                PreparedBatch t = h.prepareBatch("INSERT INTO ledger_txn (journal_seq, business_date, txn_type, merchant_id,"
                        + " terminal_id, original_seq, gross_fen, fee_fen, mdr_bps) VALUES (:seq, :date, :type, :merchant,"
                        + " :terminal, :originalSeq, :gross, :fee, :bps)");
                PreparedBatch p = h.prepareBatch("INSERT INTO ledger_posting (journal_seq, leg, account_kind, account_ref,"
                        + " debit_fen, credit_fen) VALUES (:seq, :leg, :kind, :ref, :debit, :credit)");
                for (LedgerTxn x : txns) {
                    t.bind("seq", x.journalSeq()).bind("date", x.businessDate()).bind("type", x.type().name())
                            .bind("merchant", x.merchant()).bind("terminal", x.terminal()).bind("originalSeq", x.originalSeq())
                            .bind("gross", x.grossFen()).bind("fee", x.feeFen()).bind("bps", x.mdrBps()).add();
                    int leg = 0;
                    for (Posting q : x.postings()) {
                        p.bind("seq", x.journalSeq()).bind("leg", ++leg).bind("kind", q.account().kind().name())
                                .bind("ref", q.account().ref()).bind("debit", q.debitFen()).bind("credit", q.creditFen()).add();
                    }
                }
                t.execute();
                p.execute();
            }
            h.createUpdate("UPDATE ledger_cursor SET through_seq = :seq WHERE id = 1 AND through_seq < :seq")
                    .bind("seq", throughSeq).execute();
        });
    }

    void saveCutover(Cutover c) {
        db.jdbi().useHandle(h -> h.createUpdate("INSERT INTO ledger_cutover (business_date, through_seq, closed_at)"
                        + " VALUES (:date, :seq, :at)")
                .bind("date", c.businessDate()).bind("seq", c.throughSeq())
                .bind("at", OffsetDateTime.ofInstant(c.closedAt(), ZoneOffset.UTC)).execute());
    }

    /** Loads cutovers, transactions and the cursor into fresh books. */
    void loadInto(Books books) {
        db.jdbi().useTransaction(h -> {
            cutovers(h).forEach(books::loadCutover);
            Map<Long, List<Posting>> legs = new HashMap<>();
            h.createQuery("SELECT journal_seq, account_kind, account_ref, debit_fen, credit_fen FROM ledger_posting"
                            + " ORDER BY journal_seq, leg")
                    .setFetchSize(5000)
                    .map((rs, ctx) -> {
                        legs.computeIfAbsent(rs.getLong("journal_seq"), k -> new ArrayList<>())
                                .add(new Posting(new Account(AccountKind.valueOf(rs.getString("account_kind")),
                                        rs.getString("account_ref")), rs.getLong("debit_fen"), rs.getLong("credit_fen")));
                        return 0;
                    }).forEach(x -> { });
            h.createQuery("SELECT journal_seq, business_date, txn_type, merchant_id, terminal_id, original_seq, gross_fen,"
                            + " fee_fen, mdr_bps FROM ledger_txn ORDER BY journal_seq")
                    .setFetchSize(5000)
                    .map((rs, ctx) -> new LedgerTxn(rs.getLong("journal_seq"), rs.getObject("business_date", LocalDate.class),
                            TxnType.valueOf(rs.getString("txn_type")), rs.getString("merchant_id"), rs.getString("terminal_id"),
                            rs.getLong("original_seq"), rs.getLong("gross_fen"), rs.getLong("fee_fen"), rs.getInt("mdr_bps"),
                            legs.getOrDefault(rs.getLong("journal_seq"), List.of())))
                    .forEach(books::load);
            books.loadCursor(cursor(h));
        });
    }

    public long cursor() {
        return db.jdbi().withHandle(LedgerStore::cursor);
    }

    private static long cursor(Handle h) {
        return h.createQuery("SELECT through_seq FROM ledger_cursor WHERE id = 1").mapTo(Long.class).one();
    }

    public List<Cutover> cutovers() {
        return db.jdbi().withHandle(LedgerStore::cutovers);
    }

    private static List<Cutover> cutovers(Handle h) {
        return h.createQuery("SELECT business_date, through_seq, closed_at FROM ledger_cutover ORDER BY business_date")
                .map((rs, ctx) -> new Cutover(rs.getObject("business_date", LocalDate.class), rs.getLong("through_seq"),
                        instant(rs.getObject("closed_at"))))
                .list();
    }

    /** The cutover that closed this day, or (for a day closed by a later cutover) that later one. */
    public Optional<Cutover> closing(LocalDate date) {
        return cutovers().stream().filter(c -> !c.businessDate().isBefore(date)).findFirst();
    }

    /** What settlement needs of one ledger transaction. */
    public record DayEntry(long journalSeq, TxnType type, String merchant, long grossFen, long feeFen) {
    }

    /** The ledger transactions of one business day, in journal order. */
    public List<DayEntry> day(LocalDate date) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT journal_seq, txn_type, merchant_id, gross_fen, fee_fen"
                        + " FROM ledger_txn WHERE business_date = :d ORDER BY journal_seq")
                .bind("d", date)
                .map((rs, ctx) -> new DayEntry(rs.getLong("journal_seq"), TxnType.valueOf(rs.getString("txn_type")),
                        rs.getString("merchant_id"), rs.getLong("gross_fen"), rs.getLong("fee_fen")))
                .list());
    }

    /** The invariant over what is stored: the operator's check (and the tests'). */
    public BalanceCheck check() {
        return db.jdbi().withHandle(h -> {
            long txns = h.createQuery("SELECT COUNT(*) FROM ledger_txn").mapTo(Long.class).one();
            Map<String, Object> sums = h.createQuery("SELECT COUNT(*) AS n, COALESCE(SUM(debit_fen), 0) AS d,"
                    + " COALESCE(SUM(credit_fen), 0) AS c FROM ledger_posting").mapToMap().one();
            List<Long> bad = h.createQuery("SELECT journal_seq FROM ledger_posting GROUP BY journal_seq"
                    + " HAVING SUM(debit_fen) <> SUM(credit_fen) ORDER BY journal_seq").mapTo(Long.class).list();
            long withoutLegs = h.createQuery("SELECT COUNT(*) FROM ledger_txn t WHERE NOT EXISTS"
                    + " (SELECT 1 FROM ledger_posting p WHERE p.journal_seq = t.journal_seq)").mapTo(Long.class).one();
            return new BalanceCheck(txns, number(sums.get("n")), number(sums.get("d")), number(sums.get("c")),
                    bad.size() + withoutLegs, bad.subList(0, Math.min(100, bad.size())));
        });
    }

    /** Sum of debit − credit per account kind; with {@code through} set, only business days up to it. */
    public Map<AccountKind, Long> balancesByKind(LocalDate through) {
        return db.jdbi().withHandle(h -> {
            Map<AccountKind, Long> out = new HashMap<>();
            h.createQuery("SELECT p.account_kind AS k, COALESCE(SUM(p.debit_fen - p.credit_fen), 0) AS b FROM ledger_posting p"
                            + " JOIN ledger_txn t ON t.journal_seq = p.journal_seq"
                            + (through == null ? "" : " WHERE t.business_date <= :through") + " GROUP BY p.account_kind")
                    .bindMap(through == null ? Map.of() : Map.of("through", through))
                    .mapToMap()
                    .forEach(r -> out.put(AccountKind.valueOf((String) r.get("k")), number(r.get("b"))));
            return out;
        });
    }

    /** debit − credit of one account, from the stored postings. */
    public long balance(Account account) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT COALESCE(SUM(debit_fen - credit_fen), 0) FROM ledger_posting"
                        + " WHERE account_kind = :k AND account_ref = :r")
                .bind("k", account.kind().name()).bind("r", account.ref()).mapTo(Long.class).one());
    }

    private static long number(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }

    private static Instant instant(Object value) {
        if (value instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (value instanceof Timestamp ts) {
            return ts.toInstant();
        }
        if (value instanceof Instant i) {
            return i;
        }
        throw new IllegalStateException("unexpected type for ledger_cutover.closed_at: " + value.getClass().getName());
    }
}
