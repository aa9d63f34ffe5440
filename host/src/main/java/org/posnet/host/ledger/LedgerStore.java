package org.posnet.host.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
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
import org.posnet.common.db.SqlTimes;
import org.posnet.host.auth.TxnType;

/**
 * The ledger tables (V4__ledger.sql, V8__ledger_legs_and_balances.sql): one {@code ledger_txn} row per
 * transaction carrying its legs, {@code ledger_balance} per business day and account, and the cursor —
 * all written in one transaction, so after any crash the cursor says exactly which journal entries are
 * posted and the balances are exactly those of the stored transactions. The primary key on the journal
 * seq makes a second posting of the same entry fail rather than count twice. Every read here works from
 * another process too (a CLI beside the running host).
 */
public final class LedgerStore {
    private final Database db;

    public LedgerStore(Database db) {
        this.db = db;
    }

    /**
     * Rows per INSERT statement. H2 and PostgreSQL both pay a fixed cost per statement executed (parameters,
     * snapshot, plan; a round trip on PostgreSQL): a statement of many rows spreads it.
     */
    static final int ROWS_PER_INSERT = 64;

    /** Stores transactions, adds their legs to the day balances and moves the cursor to {@code throughSeq}, atomically. */
    void save(List<LedgerTxn> txns, long throughSeq) {
        db.jdbi().useTransaction(h -> {
            // plain JDBC with positional parameters: tens of thousands of rows a second go through here,
            // and binding by name costs more than the insert
            Connection c = h.getConnection();
            try {
                if (!txns.isEmpty()) {
                    insertTxns(c, txns);
                    addToBalances(c, deltas(txns));
                }
                try (PreparedStatement cursor = c.prepareStatement(
                        "UPDATE ledger_cursor SET through_seq = ? WHERE id = 1 AND through_seq < ?")) {
                    cursor.setLong(1, throughSeq);
                    cursor.setLong(2, throughSeq);
                    cursor.executeUpdate();
                }
            } catch (SQLException e) {
                throw new IllegalStateException("ledger rows not stored: " + e.getMessage(), e);
            }
        });
    }

    private static void insertTxns(Connection c, List<LedgerTxn> txns) throws SQLException {
        int full = txns.size() / ROWS_PER_INSERT * ROWS_PER_INSERT;
        Legs.Writer legs = new Legs.Writer();
        if (full > 0) {
            try (PreparedStatement insert = c.prepareStatement(insertSql(ROWS_PER_INSERT))) {
                for (int i = 0; i < full; i += ROWS_PER_INSERT) {
                    bindTxns(insert, txns, i, ROWS_PER_INSERT, legs);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
        int rest = txns.size() - full;
        if (rest > 0) {
            try (PreparedStatement insert = c.prepareStatement(insertSql(rest))) {
                bindTxns(insert, txns, full, rest, legs);
                insert.executeUpdate();
            }
        }
    }

    private static String insertSql(int rows) {
        StringBuilder sql = new StringBuilder(60 + rows * 32).append("INSERT INTO ledger_txn (").append(TXN_COLUMNS)
                .append(") VALUES ");
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        }
        return sql.toString();
    }

    private static void bindTxns(PreparedStatement t, List<LedgerTxn> txns, int from, int rows, Legs.Writer legs)
            throws SQLException {
        int p = 0;
        for (int i = from; i < from + rows; i++) {
            LedgerTxn x = txns.get(i);
            t.setLong(++p, x.journalSeq());
            t.setObject(++p, x.businessDate());
            t.setString(++p, x.type().name());
            t.setString(++p, x.merchant());
            t.setString(++p, x.terminal());
            t.setLong(++p, x.originalSeq());
            t.setLong(++p, x.grossFen());
            t.setLong(++p, x.feeFen());
            t.setInt(++p, x.mdrBps());
            t.setString(++p, legs.format(x.postings()));
        }
    }

    /** What the legs add to each day balance: per business day (a save rarely spans two), per account. */
    private static Map<LocalDate, Map<Account, long[]>> deltas(List<LedgerTxn> txns) {
        Map<LocalDate, Map<Account, long[]>> deltas = new HashMap<>();
        LocalDate date = null;
        Map<Account, long[]> day = null;
        for (LedgerTxn x : txns) {
            if (!x.businessDate().equals(date)) {
                date = x.businessDate();
                day = deltas.computeIfAbsent(date, d -> new HashMap<>());
            }
            addLegs(day, x.postings());
        }
        return deltas;
    }

    private static void addLegs(Map<Account, long[]> day, List<Posting> legs) {
        for (int i = 0, n = legs.size(); i < n; i++) {
            Posting q = legs.get(i);
            long[] d = day.get(q.account());
            if (d == null) {
                d = new long[3];
                day.put(q.account(), d);
            }
            d[0] += q.debitFen();
            d[1] += q.creditFen();
            d[2]++;
        }
    }

    /** Adds to existing day balances, inserting the ones that do not exist yet (no upsert both databases share). */
    private static void addToBalances(Connection c, Map<LocalDate, Map<Account, long[]>> deltas) throws SQLException {
        List<LocalDate> dates = new ArrayList<>();
        List<Account> accounts = new ArrayList<>();
        List<long[]> sums = new ArrayList<>();
        deltas.forEach((date, day) -> day.forEach((account, d) -> {
            dates.add(date);
            accounts.add(account);
            sums.add(d);
        }));
        if (dates.isEmpty()) {
            return;
        }
        int[] updated;
        try (PreparedStatement update = c.prepareStatement("UPDATE ledger_balance SET debit_fen = debit_fen + ?,"
                + " credit_fen = credit_fen + ?, legs = legs + ? WHERE business_date = ? AND account_kind = ? AND account_ref = ?")) {
            for (int i = 0; i < dates.size(); i++) {
                long[] d = sums.get(i);
                update.setLong(1, d[0]);
                update.setLong(2, d[1]);
                update.setLong(3, d[2]);
                update.setObject(4, dates.get(i));
                update.setString(5, accounts.get(i).kind().name());
                update.setString(6, accounts.get(i).ref());
                update.addBatch();
            }
            updated = update.executeBatch();
        }
        boolean any = false;
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO ledger_balance (business_date, account_kind, account_ref,"
                + " debit_fen, credit_fen, legs) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < dates.size(); i++) {
                if (updated[i] == 0) {
                    long[] d = sums.get(i);
                    insert.setObject(1, dates.get(i));
                    insert.setString(2, accounts.get(i).kind().name());
                    insert.setString(3, accounts.get(i).ref());
                    insert.setLong(4, d[0]);
                    insert.setLong(5, d[1]);
                    insert.setLong(6, d[2]);
                    insert.addBatch();
                    any = true;
                }
            }
            if (any) {
                insert.executeBatch();
            }
        }
    }

    /**
     * Moves what a ledger stored before V8 (legs as {@code ledger_posting} rows) into {@code ledger_txn.legs}
     * and {@code ledger_balance}, once; a no-op on a ledger written since.
     */
    void upgrade() {
        db.jdbi().useTransaction(h -> {
            long old = h.createQuery("SELECT COUNT(*) FROM ledger_txn WHERE legs IS NULL").mapTo(Long.class).one();
            if (old == 0) {
                return;
            }
            Map<Long, List<Posting>> legs = new HashMap<>();
            h.createQuery("SELECT journal_seq, account_kind, account_ref, debit_fen, credit_fen FROM ledger_posting"
                            + " ORDER BY journal_seq, leg")
                    .map((rs, ctx) -> legs.computeIfAbsent(rs.getLong("journal_seq"), k -> new ArrayList<>())
                            .add(new Posting(new Account(AccountKind.valueOf(rs.getString("account_kind")),
                                    rs.getString("account_ref")), rs.getLong("debit_fen"), rs.getLong("credit_fen"))))
                    .forEach(x -> { });
            Map<LocalDate, Map<Account, long[]>> deltas = new HashMap<>();
            PreparedBatch set = h.prepareBatch("UPDATE ledger_txn SET legs = :legs WHERE journal_seq = :seq");
            h.createQuery("SELECT journal_seq, business_date FROM ledger_txn WHERE legs IS NULL")
                    .map((rs, ctx) -> {
                        long seq = rs.getLong("journal_seq");
                        LocalDate date = rs.getObject("business_date", LocalDate.class);
                        List<Posting> ps = legs.get(seq);
                        if (ps == null) {
                            throw new IllegalStateException("ledger_txn " + seq + " has no ledger_posting rows to upgrade from;"
                                    + " the ledger can be rebuilt from the journal (empty ledger_txn and reset ledger_cursor)");
                        }
                        set.bind("legs", Legs.format(ps)).bind("seq", seq).add();
                        addLegs(deltas.computeIfAbsent(date, d -> new HashMap<>()), ps);
                        return 0;
                    }).forEach(x -> { });
            set.execute();
            try {
                addToBalances(h.getConnection(), deltas);
            } catch (SQLException e) {
                throw new IllegalStateException("ledger balances not stored: " + e.getMessage(), e);
            }
            h.execute("DELETE FROM ledger_posting");
        });
    }

    void saveCutover(Cutover c) {
        db.jdbi().useHandle(h -> h.createUpdate("INSERT INTO ledger_cutover (business_date, through_seq, closed_at)"
                        + " VALUES (:date, :seq, :at)")
                .bind("date", c.businessDate()).bind("seq", c.throughSeq())
                .bind("at", OffsetDateTime.ofInstant(c.closedAt(), ZoneOffset.UTC)).execute());
    }

    private static final String TXN_COLUMNS = "journal_seq, business_date, txn_type, merchant_id, terminal_id, original_seq,"
            + " gross_fen, fee_fen, mdr_bps, legs";

    /**
     * Loads fresh books: cutovers, account balances and totals from the day balances, the most recent
     * transactions (as many as the books keep), and the cursor — not every transaction ever stored.
     */
    void loadInto(Books books) {
        db.jdbi().useTransaction(h -> {
            cutovers(h).forEach(books::loadCutover);
            h.createQuery("SELECT account_kind, account_ref, SUM(debit_fen) AS d, SUM(credit_fen) AS c, SUM(legs) AS n"
                            + " FROM ledger_balance GROUP BY account_kind, account_ref")
                    .map((rs, ctx) -> {
                        books.loadBalance(new Account(AccountKind.valueOf(rs.getString("account_kind")), rs.getString("account_ref")),
                                rs.getLong("d"), rs.getLong("c"), rs.getLong("n"));
                        return 0;
                    }).forEach(x -> { });
            books.loadCount(h.createQuery("SELECT COUNT(*) FROM ledger_txn").mapTo(Long.class).one());
            List<LedgerTxn> recent = h.createQuery("SELECT " + TXN_COLUMNS + " FROM ledger_txn ORDER BY journal_seq DESC"
                            + " LIMIT :n")
                    .bind("n", books.recentCapacity())
                    .map((rs, ctx) -> txn(rs))
                    .list();
            for (int i = recent.size() - 1; i >= 0; i--) {
                books.loadRecent(recent.get(i));
            }
            books.loadCursor(cursor(h));
        });
    }

    /** One stored transaction with its legs, or null. */
    LedgerTxn txn(long journalSeq) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT " + TXN_COLUMNS + " FROM ledger_txn WHERE journal_seq = :seq")
                .bind("seq", journalSeq)
                .map((rs, ctx) -> txn(rs))
                .findOne().orElse(null));
    }

    private static LedgerTxn txn(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new LedgerTxn(rs.getLong("journal_seq"), rs.getObject("business_date", LocalDate.class),
                TxnType.valueOf(rs.getString("txn_type")), rs.getString("merchant_id"), rs.getString("terminal_id"),
                rs.getLong("original_seq"), rs.getLong("gross_fen"), rs.getLong("fee_fen"), rs.getInt("mdr_bps"),
                Legs.parse(rs.getString("legs")));
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
                        SqlTimes.instant(rs.getObject("closed_at"), "ledger_cutover.closed_at")))
                .list();
    }

    /** The cutover that closed this day, or (for a day closed by a later cutover) that later one. */
    public Optional<Cutover> closing(LocalDate date) {
        return cutovers().stream().filter(c -> !c.businessDate().isBefore(date)).findFirst();
    }

    /** What settlement needs of one ledger transaction. */
    public record DayEntry(long journalSeq, TxnType type, String merchant, long grossFen, long feeFen) {
    }

    /**
     * The ledger transactions of one business day, in journal order. A day's transactions lie between the
     * cutover before it and its own (seqs only grow and closed days take nothing new), so the query reads
     * that range of the primary key instead of needing an index on the date.
     */
    public List<DayEntry> day(LocalDate date) {
        long from = 0;
        long through = Long.MAX_VALUE;
        for (Cutover c : cutovers()) {
            if (c.businessDate().isBefore(date)) {
                from = c.throughSeq();
            } else {
                through = c.throughSeq();
                break;
            }
        }
        long lo = from;
        long hi = through;
        return db.jdbi().withHandle(h -> h.createQuery("SELECT journal_seq, txn_type, merchant_id, gross_fen, fee_fen"
                        + " FROM ledger_txn WHERE journal_seq > :lo AND journal_seq <= :hi AND business_date = :d"
                        + " ORDER BY journal_seq")
                .bind("lo", lo).bind("hi", hi).bind("d", date)
                .map((rs, ctx) -> new DayEntry(rs.getLong("journal_seq"), TxnType.valueOf(rs.getString("txn_type")),
                        rs.getString("merchant_id"), rs.getLong("gross_fen"), rs.getLong("fee_fen")))
                .list());
    }

    /**
     * The invariant over what is stored, as the operator's check (and the tests') runs it: every stored
     * transaction's legs balance, and the day balances hold exactly the sum of those legs.
     */
    public BalanceCheck check() {
        return db.jdbi().withHandle(h -> {
            long[] sums = new long[4]; // transactions, legs, debit, credit
            List<Long> bad = new ArrayList<>();
            long[] badCount = new long[1];
            h.createQuery("SELECT journal_seq, legs FROM ledger_txn ORDER BY journal_seq").setFetchSize(5000)
                    .map((rs, ctx) -> {
                        List<Posting> legs;
                        try {
                            legs = Legs.parse(rs.getString("legs"));
                        } catch (IllegalArgumentException e) {
                            legs = List.of(); // unreadable legs: reported as an unbalanced transaction
                        }
                        long d = 0;
                        long c = 0;
                        for (Posting p : legs) {
                            d += p.debitFen();
                            c += p.creditFen();
                        }
                        sums[0]++;
                        sums[1] += legs.size();
                        sums[2] += d;
                        sums[3] += c;
                        if (d != c || legs.isEmpty()) {
                            badCount[0]++;
                            if (bad.size() < 100) {
                                bad.add(rs.getLong("journal_seq"));
                            }
                        }
                        return 0;
                    }).forEach(x -> { });
            Map<String, Object> balances = h.createQuery("SELECT COALESCE(SUM(legs), 0) AS n, COALESCE(SUM(debit_fen), 0) AS d,"
                    + " COALESCE(SUM(credit_fen), 0) AS c FROM ledger_balance").mapToMap().one();
            boolean balancesMatch = number(balances.get("n")) == sums[1] && number(balances.get("d")) == sums[2]
                    && number(balances.get("c")) == sums[3];
            // day balances that disagree with the transactions are a fault of their own: counted as one
            return new BalanceCheck(sums[0], sums[1], sums[2], sums[3], badCount[0] + (balancesMatch ? 0 : 1), bad);
        });
    }

    /** Sum of debit − credit per account kind; with {@code through} set, only business days up to it. */
    public Map<AccountKind, Long> balancesByKind(LocalDate through) {
        return db.jdbi().withHandle(h -> {
            Map<AccountKind, Long> out = new HashMap<>();
            h.createQuery("SELECT account_kind AS k, COALESCE(SUM(debit_fen - credit_fen), 0) AS b FROM ledger_balance"
                            + (through == null ? "" : " WHERE business_date <= :through") + " GROUP BY account_kind")
                    .bindMap(through == null ? Map.of() : Map.of("through", through))
                    .mapToMap()
                    .forEach(r -> out.put(AccountKind.valueOf((String) r.get("k")), number(r.get("b"))));
            return out;
        });
    }

    /** debit − credit of one account, from the stored day balances. */
    public long balance(Account account) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT COALESCE(SUM(debit_fen - credit_fen), 0) FROM ledger_balance"
                        + " WHERE account_kind = :k AND account_ref = :r")
                .bind("k", account.kind().name()).bind("r", account.ref()).mapTo(Long.class).one());
    }

    private static long number(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }

}
