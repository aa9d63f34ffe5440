package org.posnet.host.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.posnet.common.crypto.PanTokens;
import org.posnet.common.db.Database;
import org.posnet.common.db.DatabaseVendor;
import org.posnet.common.db.SqlTimes;
import org.posnet.host.auth.TxnType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger tables (V4, V8, V9): transactions with their legs in {@code ledger_block} rows (a run of journal
 * seqs each, encoded by {@link LedgerBlock}), {@code ledger_balance} per business day and account, and the
 * cursor with the number of stored transactions — all written in one transaction, so after any crash the
 * cursor says exactly which journal entries are posted and the balances are exactly those of the stored
 * transactions. A save moves the cursor only from below its first seq, so a second posting of the same
 * entry fails rather than counting twice. Every read here works from another process too (a CLI beside
 * the running host); rows an older version stored in {@code ledger_txn} read as before until
 * {@link #upgrade} has moved them into blocks.
 */
public final class LedgerStore {
    private static final Logger log = LoggerFactory.getLogger(LedgerStore.class);

    /**
     * Transactions per block at most. Large enough that the row (B-tree entry, undo log, page write) costs
     * little per transaction; small enough that reading one transaction back decodes a few tens of kB.
     */
    static final int BLOCK_TXNS = 1024;
    /** Legacy rows moved per database transaction by {@link #upgrade}. */
    static final int UPGRADE_CHUNK = 8 * BLOCK_TXNS;
    /** Blocks a streaming read holds at once (PostgreSQL streams only inside a transaction). */
    private static final int FETCH_BLOCKS = 8;

    private final Database db;

    public LedgerStore(Database db) {
        this.db = db;
    }

    /** Stores transactions, adds their legs to the day balances and moves the cursor to {@code throughSeq}, atomically. */
    void save(List<LedgerTxn> txns, long throughSeq) {
        db.jdbi().useTransaction(h -> {
            // plain JDBC with positional parameters: binding by name costs more than a block of rows
            Connection c = h.getConnection();
            try {
                if (txns.isEmpty()) {
                    try (PreparedStatement cursor = c.prepareStatement(
                            "UPDATE ledger_cursor SET through_seq = ? WHERE id = 1 AND through_seq < ?")) {
                        cursor.setLong(1, throughSeq);
                        cursor.setLong(2, throughSeq);
                        cursor.executeUpdate();
                    }
                    return;
                }
                long first = txns.get(0).journalSeq();
                long last = txns.get(txns.size() - 1).journalSeq();
                if (throughSeq < last) {
                    throw new IllegalArgumentException("cursor " + throughSeq + " below the last transaction stored, " + last);
                }
                // claims the seqs: a concurrent or repeated save of any of them finds the cursor moved and fails
                try (PreparedStatement cursor = c.prepareStatement(
                        "UPDATE ledger_cursor SET through_seq = ?, txns = txns + ? WHERE id = 1 AND through_seq < ?")) {
                    cursor.setLong(1, throughSeq);
                    cursor.setLong(2, txns.size());
                    cursor.setLong(3, first);
                    if (cursor.executeUpdate() != 1) {
                        throw new IllegalStateException("journal seq " + first + " is already posted (ledger_cursor is at"
                                + " or past it): not storing it twice");
                    }
                }
                insertBlocks(c, txns);
                addToBalances(c, deltas(txns));
            } catch (SQLException e) {
                throw new IllegalStateException("ledger rows not stored: " + e.getMessage(), e);
            }
        });
    }

    /** Cuts the transactions into blocks of equal size (at most {@link #BLOCK_TXNS}) and inserts them in one batch. */
    private static void insertBlocks(Connection c, List<LedgerTxn> txns) throws SQLException {
        LedgerBlock.Encoder encoder = new LedgerBlock.Encoder();
        int blocks = (txns.size() + BLOCK_TXNS - 1) / BLOCK_TXNS;
        int size = (txns.size() + blocks - 1) / blocks;
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO ledger_block (first_seq, last_seq, txns, body) VALUES (?, ?, ?, ?)")) {
            for (int from = 0; from < txns.size(); from += size) {
                int to = Math.min(txns.size(), from + size);
                insert.setLong(1, txns.get(from).journalSeq());
                insert.setLong(2, txns.get(to - 1).journalSeq());
                insert.setInt(3, to - from);
                insert.setBytes(4, encoder.encode(txns, from, to));
                insert.addBatch();
            }
            insert.executeBatch();
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
     * Moves what an older version stored row by row into blocks: {@code ledger_txn} rows with their legs
     * (V8), or without them and with {@code ledger_posting} rows (before V8; those legs are also added to
     * the day balances, which V8 rows are in already). A chunk of rows at a time, each in one transaction
     * that inserts its blocks and deletes its rows, so a crash midway leaves every transaction in exactly
     * one place; a no-op once {@code ledger_txn} is empty.
     */
    void upgrade() {
        long moved = 0;
        int n;
        while ((n = inTransaction("ledger not upgraded", LedgerStore::upgradeChunk)) > 0) {
            moved += n;
        }
        if (moved > 0) {
            log.info("event=host.ledger.upgraded moved_to_blocks={}", moved);
        }
    }

    /** Blocks read and, where they hold a card number, rewritten per database transaction by {@link #tokenizeCardholders}. */
    private static final int TOKENIZE_CHUNK = 200;

    /**
     * Replaces the card numbers an older version stored as cardholder account refs with their tokens: in every
     * block's legs, then in the day balances (PCI DSS 3.5.1). The balances go last and all in one transaction,
     * so a clear ref left in them means the blocks may not be done yet: a crash midway is finished by the next
     * start; a flag in the cursor row (V13) then says it is done, and later starts skip the scan. Expects {@link #upgrade} to have run.
     */
    void tokenizeCardholders(PanTokens tokens) {
        tokenizeCardholders(tokens, TOKENIZE_CHUNK);
    }

    /** As {@link #tokenizeCardholders(PanTokens)}, {@code chunk} blocks per database transaction. */
    void tokenizeCardholders(PanTokens tokens, int chunk) {
        boolean done = inTransaction("ledger not tokenized", h -> h.createQuery(
                "SELECT cardholders_tokenized FROM ledger_cursor WHERE id = 1").mapTo(Boolean.class).one());
        if (done) {
            return; // a start after the conversion does not scan the day balances again
        }
        boolean clearRefs = inTransaction("ledger not tokenized", h -> h.createQuery(
                        "SELECT COUNT(*) FROM ledger_balance WHERE account_kind = :kind AND account_ref NOT LIKE :token")
                .bind("kind", AccountKind.CARDHOLDER.name()).bind("token", "%" + PanTokens.MARK + "%")
                .mapTo(Long.class).one() > 0);
        if (!clearRefs) {
            inTransaction("ledger not tokenized", h -> h.execute("UPDATE ledger_cursor SET cardholders_tokenized = TRUE WHERE id = 1"));
            return;
        }
        long rewritten = 0;
        long after = Long.MIN_VALUE;
        while (true) {
            long from = after;
            long[] progress = inTransaction("ledger not tokenized", h -> tokenizeBlocks(h, from, chunk, tokens));
            if (progress == null) {
                break;
            }
            after = progress[0];
            rewritten += progress[1];
        }
        int refs = inTransaction("ledger not tokenized", h -> {
            List<String> pans = h.createQuery("SELECT DISTINCT account_ref FROM ledger_balance"
                            + " WHERE account_kind = :kind AND account_ref NOT LIKE :token")
                    .bind("kind", AccountKind.CARDHOLDER.name()).bind("token", "%" + PanTokens.MARK + "%")
                    .mapTo(String.class).list();
            org.jdbi.v3.core.statement.PreparedBatch update = h.prepareBatch("UPDATE ledger_balance SET account_ref = :token"
                    + " WHERE account_kind = :kind AND account_ref = :pan");
            for (String pan : pans) {
                update.bind("token", tokens.token(pan)).bind("kind", AccountKind.CARDHOLDER.name()).bind("pan", pan).add();
            }
            update.execute();
            h.execute("UPDATE ledger_cursor SET cardholders_tokenized = TRUE WHERE id = 1");
            return pans.size();
        });
        log.info("event=host.ledger.cardholders_tokenized blocks_rewritten={} accounts={}", rewritten, refs);
    }

    /** The next chunk of blocks after {@code after}: {last first_seq read, blocks rewritten}, or null when none is left. */
    private static long[] tokenizeBlocks(Handle h, long after, int chunk, PanTokens tokens) throws SQLException {
        record Block(long firstSeq, byte[] body) {
        }
        List<Block> blocks = h.createQuery("SELECT first_seq, body FROM ledger_block WHERE first_seq > :after"
                        + " ORDER BY first_seq LIMIT :n")
                .bind("after", after).bind("n", chunk)
                .map((rs, ctx) -> new Block(rs.getLong("first_seq"), rs.getBytes("body")))
                .list();
        if (blocks.isEmpty()) {
            return null;
        }
        LedgerBlock.Encoder encoder = new LedgerBlock.Encoder();
        long rewritten = 0;
        try (PreparedStatement update = h.getConnection().prepareStatement("UPDATE ledger_block SET body = ? WHERE first_seq = ?")) {
            for (Block b : blocks) {
                List<LedgerTxn> txns = LedgerBlock.decode(b.body());
                List<LedgerTxn> tokenized = new ArrayList<>(txns.size());
                boolean changed = false;
                for (LedgerTxn t : txns) {
                    List<Posting> legs = new ArrayList<>(t.postings().size());
                    for (Posting q : t.postings()) {
                        Account a = q.account();
                        if (a.kind() == AccountKind.CARDHOLDER && !PanTokens.isToken(a.ref())) {
                            a = Account.cardholder(tokens.token(a.ref()));
                            changed = true;
                        }
                        legs.add(new Posting(a, q.debitFen(), q.creditFen()));
                    }
                    tokenized.add(new LedgerTxn(t.journalSeq(), t.businessDate(), t.type(), t.merchant(), t.terminal(),
                            t.originalSeq(), t.grossFen(), t.feeFen(), t.mdrBps(), legs));
                }
                if (changed) {
                    update.setBytes(1, encoder.encode(tokenized, 0, tokenized.size()));
                    update.setLong(2, b.firstSeq());
                    update.addBatch();
                    rewritten++;
                }
            }
            if (rewritten > 0) {
                update.executeBatch();
            }
        }
        return new long[] {blocks.get(blocks.size() - 1).firstSeq(), rewritten};
    }

    private record LegacyRow(long seq, LocalDate date, TxnType type, String merchant, String terminal, long original,
            long gross, long fee, int bps, String legs) {
    }

    private static int upgradeChunk(Handle h) throws SQLException {
        List<LegacyRow> rows = h.createQuery("SELECT " + TXN_COLUMNS + " FROM ledger_txn ORDER BY journal_seq LIMIT :n")
                .bind("n", UPGRADE_CHUNK)
                .map((rs, ctx) -> new LegacyRow(rs.getLong("journal_seq"), rs.getObject("business_date", LocalDate.class),
                        TxnType.valueOf(rs.getString("txn_type")), rs.getString("merchant_id"), rs.getString("terminal_id"),
                        rs.getLong("original_seq"), rs.getLong("gross_fen"), rs.getLong("fee_fen"), rs.getInt("mdr_bps"),
                        rs.getString("legs")))
                .list();
        if (rows.isEmpty()) {
            return 0;
        }
        long first = rows.get(0).seq();
        long last = rows.get(rows.size() - 1).seq();
        Map<Long, List<Posting>> postingRows = new HashMap<>();
        if (rows.stream().anyMatch(r -> r.legs() == null)) {
            h.createQuery("SELECT journal_seq, account_kind, account_ref, debit_fen, credit_fen FROM ledger_posting"
                            + " WHERE journal_seq >= :first AND journal_seq <= :last ORDER BY journal_seq, leg")
                    .bind("first", first).bind("last", last)
                    .map((rs, ctx) -> postingRows.computeIfAbsent(rs.getLong("journal_seq"), k -> new ArrayList<>())
                            .add(new Posting(new Account(AccountKind.valueOf(rs.getString("account_kind")),
                                    rs.getString("account_ref")), rs.getLong("debit_fen"), rs.getLong("credit_fen"))))
                    .forEach(x -> { });
        }
        List<LedgerTxn> txns = new ArrayList<>(rows.size());
        Map<LocalDate, Map<Account, long[]>> notInBalances = new HashMap<>();
        for (LegacyRow r : rows) {
            List<Posting> legs;
            if (r.legs() != null) {
                try {
                    legs = Legs.parse(r.legs());
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException("ledger_txn " + r.seq() + " cannot be upgraded: " + e.getMessage()
                            + "; the ledger can be rebuilt from the journal (docs/host.md, ledger storage)", e);
                }
            } else {
                legs = postingRows.get(r.seq());
                if (legs == null) {
                    throw new IllegalStateException("ledger_txn " + r.seq() + " has no ledger_posting rows to upgrade from;"
                            + " the ledger can be rebuilt from the journal (docs/host.md, ledger storage)");
                }
                addLegs(notInBalances.computeIfAbsent(r.date(), d -> new HashMap<>()), legs);
            }
            txns.add(new LedgerTxn(r.seq(), r.date(), r.type(), r.merchant(), r.terminal(), r.original(), r.gross(), r.fee(),
                    r.bps(), legs));
        }
        Connection c = h.getConnection();
        insertBlocks(c, txns);
        addToBalances(c, notInBalances);
        h.execute("DELETE FROM ledger_posting WHERE journal_seq >= ? AND journal_seq <= ?", first, last);
        h.execute("DELETE FROM ledger_txn WHERE journal_seq >= ? AND journal_seq <= ?", first, last);
        return rows.size();
    }

    /**
     * Forgets every stored posting — blocks, rows of older versions, day balances — and sets the cursor back
     * to 0, keeping the cutovers: the next start posts the whole journal again, onto the same business days.
     */
    void clear() {
        db.jdbi().useTransaction(h -> {
            h.execute("DELETE FROM ledger_block");
            h.execute("DELETE FROM ledger_posting");
            h.execute("DELETE FROM ledger_txn");
            h.execute("DELETE FROM ledger_balance");
            h.execute("UPDATE ledger_cursor SET through_seq = 0, txns = 0 WHERE id = 1");
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
     * Loads fresh books: cutovers, account balances and totals from the day balances, the transaction count
     * and cursor, and the most recent transactions (as many as the books keep) — not every transaction ever
     * stored. Expects {@link #upgrade} to have run: rows of older versions are not read here.
     */
    void loadInto(Books books) {
        inTransaction("ledger not loaded", h -> {
            cutovers(h).forEach(books::loadCutover);
            h.createQuery("SELECT account_kind, account_ref, SUM(debit_fen) AS d, SUM(credit_fen) AS c, SUM(legs) AS n"
                            + " FROM ledger_balance GROUP BY account_kind, account_ref")
                    .map((rs, ctx) -> {
                        books.loadBalance(new Account(AccountKind.valueOf(rs.getString("account_kind")), rs.getString("account_ref")),
                                rs.getLong("d"), rs.getLong("c"), rs.getLong("n"));
                        return 0;
                    }).forEach(x -> { });
            books.loadCount(h.createQuery("SELECT txns FROM ledger_cursor WHERE id = 1").mapTo(Long.class).one());
            List<List<LedgerTxn>> newestFirst = new ArrayList<>();
            long read = 0;
            try (PreparedStatement ps = h.getConnection().prepareStatement(
                    "SELECT first_seq, body FROM ledger_block ORDER BY first_seq DESC")) {
                ps.setFetchSize(FETCH_BLOCKS);
                try (ResultSet rs = ps.executeQuery()) {
                    while (read < books.recentCapacity() && rs.next()) {
                        List<LedgerTxn> block = decode(rs.getLong(1), rs.getBytes(2));
                        newestFirst.add(block);
                        read += block.size();
                    }
                }
            }
            for (int i = newestFirst.size() - 1; i >= 0; i--) {
                newestFirst.get(i).forEach(books::loadRecent); // the books keep the most recent of them
            }
            books.loadCursor(cursor(h));
            return null;
        });
    }

    /** One stored transaction with its legs, or null. */
    LedgerTxn txn(long journalSeq) {
        return db.jdbi().withHandle(h -> {
            Optional<Block> block = h.createQuery("SELECT first_seq, body FROM ledger_block WHERE last_seq >= :seq"
                            + " ORDER BY last_seq LIMIT 1")
                    .bind("seq", journalSeq)
                    .map((rs, ctx) -> new Block(rs.getLong(1), rs.getBytes(2)))
                    .findOne();
            if (block.isPresent() && block.get().firstSeq() <= journalSeq) {
                for (LedgerTxn t : decode(block.get().firstSeq(), block.get().body())) {
                    if (t.journalSeq() == journalSeq) {
                        return t;
                    }
                }
                return null;
            }
            return h.createQuery("SELECT " + TXN_COLUMNS + " FROM ledger_txn WHERE journal_seq = :seq")
                    .bind("seq", journalSeq)
                    .map((rs, ctx) -> legacyTxn(rs))
                    .findOne().orElse(null);
        });
    }

    private record Block(long firstSeq, byte[] body) {
    }

    /** Every stored transaction, in journal order, a block at a time (so any number of them can be read). */
    public void transactions(Consumer<LedgerTxn> each) {
        inSnapshot("ledger not read", h -> {
            List<LedgerTxn> legacy = h.createQuery("SELECT " + TXN_COLUMNS + " FROM ledger_txn ORDER BY journal_seq")
                    .map((rs, ctx) -> legacyTxn(rs)).list(); // empty once upgraded
            int next = 0;
            try (PreparedStatement ps = h.getConnection().prepareStatement(
                    "SELECT first_seq, body FROM ledger_block ORDER BY first_seq")) {
                ps.setFetchSize(FETCH_BLOCKS);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        for (LedgerTxn t : decode(rs.getLong(1), rs.getBytes(2))) {
                            while (next < legacy.size() && legacy.get(next).journalSeq() < t.journalSeq()) {
                                each.accept(legacy.get(next++));
                            }
                            each.accept(t);
                        }
                    }
                }
            }
            while (next < legacy.size()) {
                each.accept(legacy.get(next++));
            }
            return null;
        });
    }

    private static List<LedgerTxn> decode(long firstSeq, byte[] body) {
        try {
            return LedgerBlock.decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("ledger block " + firstSeq + " cannot be read: " + e.getMessage()
                    + " (LedgerStore.check() reports it; the ledger can be rebuilt from the journal)", e);
        }
    }

    private static LedgerTxn legacyTxn(ResultSet rs) throws SQLException {
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
     * The ledger transactions of one business day that are this bank's merchants' business, in journal order:
     * all but an issuer-mode host's postings for remote acquirers (their merchant is the acquirer's to pay). A
     * day's transactions lie between the cutover before it and its own (seqs only grow and closed days take
     * nothing new), so only the blocks of that seq range are read.
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
        return inSnapshot("ledger day not read", h -> {
            List<DayEntry> out = new ArrayList<>();
            Optional<Long> start = h.createQuery("SELECT first_seq FROM ledger_block WHERE last_seq > :lo ORDER BY last_seq LIMIT 1")
                    .bind("lo", lo).mapTo(Long.class).findOne();
            if (start.isPresent()) {
                try (PreparedStatement ps = h.getConnection().prepareStatement(
                        "SELECT first_seq, body FROM ledger_block WHERE first_seq >= ? AND first_seq <= ? ORDER BY first_seq")) {
                    ps.setLong(1, start.get());
                    ps.setLong(2, hi);
                    ps.setFetchSize(FETCH_BLOCKS);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            for (LedgerTxn t : decode(rs.getLong(1), rs.getBytes(2))) {
                                if (t.journalSeq() > lo && t.journalSeq() <= hi && t.businessDate().equals(date)
                                        && !forRemoteAcquirer(t)) {
                                    out.add(new DayEntry(t.journalSeq(), t.type(), t.merchant(), t.grossFen(), t.feeFen()));
                                }
                            }
                        }
                    }
                }
            }
            // rows of an older version not yet moved into blocks (their legs are not needed here)
            out.addAll(h.createQuery("SELECT journal_seq, txn_type, merchant_id, gross_fen, fee_fen FROM ledger_txn"
                            + " WHERE journal_seq > :lo AND journal_seq <= :hi AND business_date = :d")
                    .bind("lo", lo).bind("hi", hi).bind("d", date)
                    .map((rs, ctx) -> new DayEntry(rs.getLong("journal_seq"), TxnType.valueOf(rs.getString("txn_type")),
                            rs.getString("merchant_id"), rs.getLong("gross_fen"), rs.getLong("fee_fen")))
                    .list());
            out.sort(Comparator.comparingLong(DayEntry::journalSeq));
            return out;
        });
    }

    /**
     * The invariant over what is stored, as the operator's check (and the tests') runs it: every stored
     * transaction's legs balance, the day balances hold exactly the sum of those legs, and the cursor's
     * count is the number of transactions. A block that cannot be read, disagrees with its row or overlaps
     * the one before counts all its transactions as unbalanced (listed by the block's first seq).
     */
    public BalanceCheck check() {
        return inSnapshot("ledger not checked", h -> {
            Tally tally = new Tally();
            long previousLast = 0;
            try (PreparedStatement ps = h.getConnection().prepareStatement(
                    "SELECT first_seq, last_seq, txns, body FROM ledger_block ORDER BY first_seq")) {
                ps.setFetchSize(FETCH_BLOCKS);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long first = rs.getLong(1);
                        long last = rs.getLong(2);
                        int count = rs.getInt(3);
                        List<LedgerTxn> txns;
                        try {
                            txns = LedgerBlock.decode(rs.getBytes(4));
                        } catch (IllegalArgumentException e) {
                            txns = null;
                        }
                        if (txns == null || txns.size() != count || first <= previousLast
                                || txns.get(0).journalSeq() != first || txns.get(count - 1).journalSeq() != last) {
                            tally.badBlock(first, count);
                        } else {
                            for (LedgerTxn t : txns) {
                                tally.add(t.journalSeq(), t.postings());
                            }
                        }
                        previousLast = Math.max(previousLast, last);
                    }
                }
            }
            // rows of an older version not yet moved into blocks
            try (PreparedStatement ps = h.getConnection().prepareStatement("SELECT journal_seq, legs FROM ledger_txn")) {
                ps.setFetchSize(5000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        List<Posting> legs;
                        try {
                            legs = Legs.parse(rs.getString(2));
                        } catch (IllegalArgumentException e) {
                            legs = List.of(); // unreadable legs: reported as an unbalanced transaction
                        }
                        tally.add(rs.getLong(1), legs);
                    }
                }
            }
            Map<String, Object> balances = h.createQuery("SELECT COALESCE(SUM(legs), 0) AS n, COALESCE(SUM(debit_fen), 0) AS d,"
                    + " COALESCE(SUM(credit_fen), 0) AS c FROM ledger_balance").mapToMap().one();
            boolean balancesMatch = number(balances.get("n")) == tally.legs && number(balances.get("d")) == tally.debit
                    && number(balances.get("c")) == tally.credit;
            boolean countMatches = h.createQuery("SELECT txns FROM ledger_cursor WHERE id = 1").mapTo(Long.class).one()
                    == tally.transactions;
            // day balances or a count that disagree with the transactions are a fault of their own: one each
            return new BalanceCheck(tally.transactions, tally.legs, tally.debit, tally.credit,
                    tally.unbalanced + (balancesMatch ? 0 : 1) + (countMatches ? 0 : 1), tally.seqs);
        });
    }

    /** Sums over stored transactions for {@link #check}. */
    private static final class Tally {
        long transactions;
        long legs;
        long debit;
        long credit;
        long unbalanced;
        final List<Long> seqs = new ArrayList<>();

        void add(long seq, List<Posting> postings) {
            long d = 0;
            long c = 0;
            for (int i = 0, n = postings.size(); i < n; i++) {
                d += postings.get(i).debitFen();
                c += postings.get(i).creditFen();
            }
            transactions++;
            legs += postings.size();
            debit += d;
            credit += c;
            if (d != c || postings.isEmpty()) {
                bad(seq, 1);
            }
        }

        void badBlock(long firstSeq, int count) {
            transactions += count;
            bad(firstSeq, count);
        }

        private void bad(long seq, long count) {
            unbalanced += count;
            if (seqs.size() < 100) {
                seqs.add(seq);
            }
        }
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

    /** An issuer-mode posting for a remote acquirer: its merchant is that acquirer's, not in this bank's settlement. */
    private static boolean forRemoteAcquirer(LedgerTxn t) {
        for (Posting p : t.postings()) {
            if (p.account().kind() == AccountKind.REMOTE_ACQUIRER) {
                return true;
            }
        }
        return false;
    }

    /** The day's movement of every account of these kinds, by kind then reference (from the stored day balances). */
    public List<InterbankPositions.Line> dayMovements(LocalDate date, List<AccountKind> kinds) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT account_kind AS k, account_ref AS r, debit_fen AS d, credit_fen AS c,"
                        + " legs AS n FROM ledger_balance WHERE business_date = :d AND account_kind IN (<kinds>)"
                        + " ORDER BY account_kind, account_ref")
                .bind("d", date)
                .bindList("kinds", kinds.stream().map(Enum::name).toList())
                .mapToMap()
                .map(r -> new InterbankPositions.Line(AccountKind.valueOf((String) r.get("k")), (String) r.get("r"),
                        number(r.get("d")), number(r.get("c")), number(r.get("n"))))
                .list());
    }

    /** One merchant's net on one business day: what its payable account was credited less what it was debited. */
    public record MerchantDay(String merchant, LocalDate businessDate, long netFen) {
    }

    /**
     * The net per business day before {@code date} of each merchant that moved on {@code date}, by merchant then date
     * (from the stored day balances), handed to {@code each} as read: a year of a large acquirer's days is tens of
     * millions of rows, which are streamed, never held.
     */
    public void merchantNetsBefore(LocalDate date, java.util.function.Consumer<MerchantDay> each) {
        // in a transaction: PostgreSQL's driver fetches by the fetch size only with autocommit off
        db.jdbi().useTransaction(h -> h.createQuery("SELECT b.account_ref AS r, b.business_date AS b, b.credit_fen - b.debit_fen AS n"
                        + " FROM ledger_balance b WHERE b.account_kind = :k AND b.business_date < :d AND b.account_ref IN"
                        + " (SELECT account_ref FROM ledger_balance WHERE account_kind = :k AND business_date = :d)"
                        + " ORDER BY b.account_ref, b.business_date")
                .bind("k", AccountKind.MERCHANT_PAYABLE.name()).bind("d", date)
                .setFetchSize(10_000)
                .map((rs, ctx) -> new MerchantDay(rs.getString("r"), rs.getObject("b", LocalDate.class), rs.getLong("n")))
                .useStream(rows -> rows.forEach(each)));
    }

    /** The payouts confirmed for one settled business day, by merchant. */
    public List<Payouts.Payout> payouts(LocalDate date) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT business_date, merchant_id, amount_fen, reference, confirmed_at"
                        + " FROM ledger_payout WHERE business_date = :d ORDER BY merchant_id")
                .bind("d", date)
                .map((rs, ctx) -> new Payouts.Payout(rs.getObject("business_date", LocalDate.class), rs.getString("merchant_id"),
                        rs.getLong("amount_fen"), rs.getString("reference"),
                        SqlTimes.instant(rs.getObject("confirmed_at"), "ledger_payout.confirmed_at")))
                .list());
    }

    /** Everything paid out to merchants so far. */
    public long paidOutFen() {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT COALESCE(SUM(amount_fen), 0) FROM ledger_payout").mapTo(Long.class).one());
    }

    /** Stores payouts in one transaction (a payout of a line already paid, by a confirmation beside this one, fails it). */
    void savePayouts(List<Payouts.Payout> payouts) {
        inTransaction("payouts not recorded (one of these lines paid meanwhile?)", h -> {
            org.jdbi.v3.core.statement.PreparedBatch insert = h.prepareBatch("INSERT INTO ledger_payout (business_date, merchant_id,"
                    + " amount_fen, reference, confirmed_at) VALUES (:d, :m, :a, :r, :t)");
            for (Payouts.Payout p : payouts) {
                insert.bind("d", p.businessDate()).bind("m", p.merchantId()).bind("a", p.amountFen()).bind("r", p.reference())
                        .bind("t", OffsetDateTime.ofInstant(p.confirmedAt(), ZoneOffset.UTC)).add();
            }
            if (!payouts.isEmpty()) {
                insert.execute();
            }
            return null;
        });
    }

    /** One account's movement on one business day. */
    public record AccountDay(LocalDate businessDate, long debitFen, long creditFen, long legs) {
    }

    /** Every business day one account moved on, oldest first (from the stored day balances). */
    public List<AccountDay> accountDays(Account account) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT business_date AS b, debit_fen AS d, credit_fen AS c, legs AS n"
                        + " FROM ledger_balance WHERE account_kind = :k AND account_ref = :r ORDER BY business_date")
                .bind("k", account.kind().name()).bind("r", account.ref())
                .map((rs, ctx) -> new AccountDay(rs.getObject("b", LocalDate.class), rs.getLong("d"), rs.getLong("c"), rs.getLong("n")))
                .list());
    }

    /** debit − credit of one account, from the stored day balances. */
    public long balance(Account account) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT COALESCE(SUM(debit_fen - credit_fen), 0) FROM ledger_balance"
                        + " WHERE account_kind = :k AND account_ref = :r")
                .bind("k", account.kind().name()).bind("r", account.ref()).mapTo(Long.class).one());
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Handle h) throws SQLException;
    }

    private <T> T inTransaction(String failure, SqlWork<T> work) {
        try {
            return db.jdbi().inTransaction(work::run);
        } catch (SQLException | org.jdbi.v3.core.JdbiException e) {
            // a statement that fails reaches here as Jdbi's own exception, a connection's as SQLException
            throw new IllegalStateException(failure + ": " + e.getMessage(), e);
        }
    }

    /**
     * For reads of several statements that must agree while the host saves beside them (blocks, balances and
     * count in a check): one snapshot for the whole transaction, where read committed takes one per statement.
     * PostgreSQL's repeatable read is that snapshot; H2's is its own level, SNAPSHOT (its repeatable read lets
     * new rows appear).
     */
    private <T> T inSnapshot(String failure, SqlWork<T> work) {
        int level = db.vendor() == DatabaseVendor.H2 ? H2_SNAPSHOT : Connection.TRANSACTION_REPEATABLE_READ;
        try {
            return db.jdbi().withHandle(h -> {
                Connection c = h.getConnection();
                int before = c.getTransactionIsolation();
                c.setTransactionIsolation(level);
                try {
                    return h.inTransaction(work::run);
                } finally {
                    c.setTransactionIsolation(before);
                }
            });
        } catch (SQLException | org.jdbi.v3.core.JdbiException e) {
            // a statement that fails reaches here as Jdbi's own exception, a connection's as SQLException
            throw new IllegalStateException(failure + ": " + e.getMessage(), e);
        }
    }

    /** H2's JDBC number for its SNAPSHOT isolation level (org.h2.engine.Constants.TRANSACTION_SNAPSHOT). */
    private static final int H2_SNAPSHOT = 6;

    private static long number(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }

}
