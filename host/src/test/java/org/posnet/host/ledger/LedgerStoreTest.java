package org.posnet.host.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.posnet.common.db.Database;
import org.posnet.common.db.TestDatabase;
import org.posnet.host.auth.JournalEntry;
import org.posnet.host.auth.Reason;
import org.posnet.host.auth.TxnType;

/**
 * The store on a real database: saves of many transactions (several blocks), day balances added to across
 * saves and days, every transaction read back as it was posted, a seq never stored twice, damage found by
 * the check, and rows of the V8 layout (and before it, posting rows) moved into blocks on upgrade.
 */
class LedgerStoreTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final String RESTAURANT = "898110058120001";
    private static final String SCHOOL = "898110058120009";
    /** 2026-11-26 23:59 and 2026-11-27 00:01 in Shanghai. */
    private static final Instant LATE = Instant.parse("2026-11-26T15:59:00Z");
    private static final Instant NEXT_DAY = Instant.parse("2026-11-26T16:01:00Z");

    private long seq;

    private JournalEntry entry(TxnType type, String merchant, String pan, long amount, long original, Instant at) {
        seq++;
        return new JournalEntry(seq, at, type, Reason.APPROVED, "00", "1000000" + (seq % 3), merchant, type.mti(), "000001",
                String.format("%06d", seq), pan, amount, String.format("%012d", seq), String.format("%06d", seq), original,
                -1, "fp" + seq, "");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.posnet.common.db.TestDatabases#all")
    void manyTransactionsInOneSave_andAcrossSavesAndDays_readBackAsPosted(TestDatabase tdb) {
        try (tdb) {
            Database db = tdb.open();
            LedgerStore store = new LedgerStore(db);
            Books books = new Books(MdrTable.defaults(), m -> m.equals(SCHOOL) ? "8211" : "5812", SHANGHAI, TestTokens.TOKENS);
            List<LedgerTxn> first = new ArrayList<>();
            List<LedgerTxn> second = new ArrayList<>();
            // more than two full blocks, then a second save that spans midnight
            int firstCount = 2 * LedgerStore.BLOCK_TXNS + 5;
            for (int i = 0; i < firstCount; i++) {
                String merchant = i % 4 == 0 ? SCHOOL : RESTAURANT;
                first.add(books.post(entry(TxnType.SALE, merchant, pan(i % 7), 1_00 + i, 0, LATE)));
            }
            first.add(books.post(entry(TxnType.SALE_VOID, RESTAURANT, pan(1), 0, first.get(1).journalSeq(), LATE)));
            first.add(books.post(entry(TxnType.REFUND, RESTAURANT, pan(2), 50, 0, LATE)));
            store.save(first, seq);
            for (int i = 0; i < 3; i++) {
                second.add(books.post(entry(TxnType.SALE, RESTAURANT, pan(i), 2_00, 0, i == 0 ? LATE : NEXT_DAY)));
            }
            store.save(second, seq);

            assertThat(store.cursor()).isEqualTo(seq);
            List<LedgerTxn> all = new ArrayList<>(first);
            all.addAll(second);
            for (LedgerTxn t : all) {
                assertThat(store.txn(t.journalSeq())).isEqualTo(t);
            }
            assertThat(store.txn(seq + 1)).isNull();

            Map<Account, Long> byLegs = new HashMap<>();
            for (LedgerTxn t : all) {
                for (Posting p : t.postings()) {
                    byLegs.merge(p.account(), p.debitFen() - p.creditFen(), Long::sum);
                }
            }
            byLegs.forEach((account, balance) -> assertThat(store.balance(account)).as("%s", account).isEqualTo(balance));
            assertThat(books.balances()).isEqualTo(byLegs);

            BalanceCheck check = store.check();
            assertThat(check.balanced()).as(check.toString()).isTrue();
            assertThat(check.transactions()).isEqualTo(all.size());
            assertThat(check.postings()).isEqualTo(all.stream().mapToLong(t -> t.postings().size()).sum());

            LocalDate day = LocalDate.of(2026, 11, 26);
            assertThat(store.day(day)).extracting(LedgerStore.DayEntry::journalSeq)
                    .containsExactlyElementsOf(all.stream().filter(t -> t.businessDate().equals(day))
                            .map(LedgerTxn::journalSeq).toList());
            assertThat(store.day(day.plusDays(1))).hasSize(2);

            // a fresh start reads the same books back: balances, count, recent transactions, cursor
            Books loaded = new Books(MdrTable.defaults(), m -> "5812", SHANGHAI, TestTokens.TOKENS);
            store.loadInto(loaded);
            assertThat(loaded.transactions()).isEqualTo(books.transactions());
            assertThat(loaded.balances()).isEqualTo(books.balances());
            assertThat(loaded.check()).isEqualTo(books.check());
            assertThat(loaded.lastSeq()).isEqualTo(seq);

            List<LedgerTxn> streamed = new ArrayList<>();
            store.transactions(streamed::add);
            assertThat(streamed).isEqualTo(all);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.posnet.common.db.TestDatabases#all")
    void aSeqAlreadyStored_isRefused_andNothingOfThatSaveIsKept(TestDatabase tdb) {
        try (tdb) {
            Database db = tdb.open();
            LedgerStore store = new LedgerStore(db);
            Books books = new Books(MdrTable.defaults(), m -> "5812", SHANGHAI, TestTokens.TOKENS);
            List<LedgerTxn> first = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                first.add(books.post(entry(TxnType.SALE, RESTAURANT, pan(i), 1_00, 0, LATE)));
            }
            store.save(first, seq);
            BalanceCheck before = store.check();
            LedgerTxn next = books.post(entry(TxnType.SALE, RESTAURANT, pan(0), 2_00, 0, LATE));

            // a second host on the same database, or a bug that hands the same entry over twice
            assertThatThrownBy(() -> store.save(List.of(first.get(2), next), seq)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already posted");
            assertThat(store.check()).isEqualTo(before);
            assertThat(store.txn(next.journalSeq())).isNull();
            assertThat(store.cursor()).isEqualTo(seq - 1);

            store.save(List.of(next), seq);
            assertThat(store.txn(next.journalSeq())).isEqualTo(next);
            assertThat(store.check().transactions()).isEqualTo(4);
        }
    }

    /** What a CLI sees beside the running host: each check one consistent state, never a false fault. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.posnet.common.db.TestDatabases#all")
    void aCheckWhileTheHostSaves_seesOneConsistentState(TestDatabase tdb) throws Exception {
        try (tdb) {
            Database db = tdb.open();
            LedgerStore store = new LedgerStore(db);
            Books books = new Books(MdrTable.defaults(), m -> "5812", SHANGHAI, TestTokens.TOKENS);
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.concurrent.atomic.AtomicReference<Throwable> failed = new java.util.concurrent.atomic.AtomicReference<>();
            Thread saver = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        List<LedgerTxn> group = new ArrayList<>();
                        for (int i = 0; i < 20; i++) {
                            group.add(books.post(entry(TxnType.SALE, RESTAURANT, pan(i % 7), 1_00 + i, 0, LATE)));
                        }
                        store.save(group, books.lastSeq());
                    }
                } catch (Throwable t) {
                    failed.set(t);
                }
            });
            saver.start();
            try {
                for (int i = 0; i < 150; i++) {
                    BalanceCheck check = store.check();
                    assertThat(check.balanced()).as("check %d: %s", i, check).isTrue();
                }
            } finally {
                stop.set(true);
                saver.join();
            }
            assertThat(failed.get()).isNull();
            assertThat(store.check().transactions()).isEqualTo(books.check().transactions()).isPositive();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.posnet.common.db.TestDatabases#all")
    void aDamagedBlock_isReportedByTheCheck_notMisread(TestDatabase tdb) {
        try (tdb) {
            Database db = tdb.open();
            LedgerStore store = new LedgerStore(db);
            Books books = new Books(MdrTable.defaults(), m -> "5812", SHANGHAI, TestTokens.TOKENS);
            List<LedgerTxn> txns = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                txns.add(books.post(entry(TxnType.SALE, RESTAURANT, pan(i), 1_00, 0, LATE)));
            }
            store.save(txns.subList(0, 2), txns.get(1).journalSeq());
            store.save(txns.subList(2, 5), seq);
            long damaged = txns.get(2).journalSeq();
            db.jdbi().useHandle(h -> h.execute("UPDATE ledger_block SET body = ? WHERE first_seq = ?",
                    new byte[] {1, 3, 0}, damaged));

            BalanceCheck check = store.check();
            assertThat(check.balanced()).isFalse();
            assertThat(check.transactions()).isEqualTo(5);
            assertThat(check.unbalancedCount()).isEqualTo(3 + 1); // the block's three, and the balances disagree
            assertThat(check.unbalancedSeqs()).containsExactly(damaged);
            assertThat(store.txn(txns.get(0).journalSeq())).isEqualTo(txns.get(0));
            assertThatThrownBy(() -> store.txn(damaged)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("ledger block " + damaged);
        }
    }

    /**
     * A ledger stored by the V8 layout (one ledger_txn row each, legs as text, balances kept) with a few rows
     * of the layout before it (legs in ledger_posting, not in the balances yet): read as before while not
     * upgraded, then moved into blocks in chunks, reading the same and balanced, with the balances completed.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.posnet.common.db.TestDatabases#all")
    void rowsOfOlderLayouts_readAsBefore_andAreMovedIntoBlocks(TestDatabase tdb) {
        try (tdb) {
            Database db = tdb.open();
            LedgerStore store = new LedgerStore(db);
            Books books = new Books(MdrTable.defaults(), m -> m.equals(SCHOOL) ? "8211" : "5812", SHANGHAI, TestTokens.TOKENS);
            List<LedgerTxn> all = new ArrayList<>();
            int count = LedgerStore.UPGRADE_CHUNK + 100;
            for (int i = 0; i < count; i++) {
                String merchant = i % 5 == 0 ? SCHOOL : RESTAURANT;
                all.add(books.post(entry(TxnType.SALE, merchant, pan(i % 7), 1_00 + i, 0, i < count / 2 ? LATE : NEXT_DAY)));
            }
            all.add(books.post(entry(TxnType.SALE_VOID, RESTAURANT, pan(1), 0, all.get(1).journalSeq(), NEXT_DAY)));
            all.add(books.post(entry(TxnType.REFUND, RESTAURANT, pan(2), 50, 0, NEXT_DAY)));
            java.util.Set<Long> preV8 = java.util.Set.of(all.get(0).journalSeq(), all.get(count - 1).journalSeq(),
                    all.get(count).journalSeq());
            // those versions keyed cardholder accounts by the card's number
            List<LedgerTxn> asStored = all.stream().map(LedgerStoreTest::withNumbers).toList();
            Map<List<Object>, long[]> v8Balances = new HashMap<>();
            db.jdbi().useTransaction(h -> {
                var txn = h.prepareBatch("INSERT INTO ledger_txn (journal_seq, business_date, txn_type, merchant_id, terminal_id,"
                        + " original_seq, gross_fen, fee_fen, mdr_bps, legs) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                var leg = h.prepareBatch("INSERT INTO ledger_posting (journal_seq, leg, account_kind, account_ref, debit_fen,"
                        + " credit_fen) VALUES (?, ?, ?, ?, ?, ?)");
                for (LedgerTxn t : asStored) {
                    boolean old = preV8.contains(t.journalSeq());
                    txn.add(t.journalSeq(), t.businessDate(), t.type().name(), t.merchant(), t.terminal(), t.originalSeq(),
                            t.grossFen(), t.feeFen(), t.mdrBps(), old ? null : Legs.format(t.postings()));
                    int n = 0;
                    for (Posting p : t.postings()) {
                        if (old) {
                            leg.add(t.journalSeq(), ++n, p.account().kind().name(), p.account().ref(), p.debitFen(), p.creditFen());
                        } else {
                            long[] b = v8Balances.computeIfAbsent(List.of(t.businessDate(), p.account().kind().name(),
                                    p.account().ref()), k -> new long[3]);
                            b[0] += p.debitFen();
                            b[1] += p.creditFen();
                            b[2]++;
                        }
                    }
                }
                txn.execute();
                leg.execute();
                var balance = h.prepareBatch("INSERT INTO ledger_balance (business_date, account_kind, account_ref, debit_fen,"
                        + " credit_fen, legs) VALUES (?, ?, ?, ?, ?, ?)");
                v8Balances.forEach((k, b) -> balance.add(k.get(0), k.get(1), k.get(2), b[0], b[1], b[2]));
                balance.execute();
                // as V9's migration leaves a V8 ledger: the cursor counts its rows
                h.execute("UPDATE ledger_cursor SET through_seq = ?, txns = ?", seq, all.size());
            });
            LedgerTxn v8 = asStored.get(3);
            assertThat(store.txn(v8.journalSeq())).isEqualTo(v8);
            LocalDate day = LocalDate.of(2026, 11, 26);
            List<Long> dayBefore = store.day(day).stream().map(LedgerStore.DayEntry::journalSeq).toList();
            assertThat(dayBefore).hasSize(count / 2);

            store.upgrade();
            store.upgrade(); // nothing left to move

            assertThat(db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM ledger_txn").mapTo(Long.class).one())
                    + db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM ledger_posting").mapTo(Long.class).one()))
                    .isZero();
            List<LedgerTxn> streamed = new ArrayList<>();
            store.transactions(streamed::add);
            assertThat(streamed).isEqualTo(asStored);
            store.tokenizeCardholders(TestTokens.TOKENS); // as Ledger#load does next
            streamed.clear();
            store.transactions(streamed::add);
            assertThat(streamed).isEqualTo(all);
            BalanceCheck check = store.check();
            assertThat(check.balanced()).as(check.toString()).isTrue();
            assertThat(check.transactions()).isEqualTo(all.size());
            assertThat(store.day(day).stream().map(LedgerStore.DayEntry::journalSeq).toList()).isEqualTo(dayBefore);
            assertThat(store.balance(TestTokens.cardholder(pan(0)))).isEqualTo(books.balance(TestTokens.cardholder(pan(0))));
            Books loaded = new Books(MdrTable.defaults(), m -> "5812", SHANGHAI, TestTokens.TOKENS);
            store.loadInto(loaded);
            assertThat(loaded.balances()).isEqualTo(books.balances());
            assertThat(loaded.check()).isEqualTo(books.check());
        }
    }

    /** {@code t} as a version before tokens stored it: each cardholder account keyed by the card's number. */
    private static LedgerTxn withNumbers(LedgerTxn t) {
        Map<String, String> pans = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            pans.put(TestTokens.TOKENS.token(pan(i)), pan(i));
        }
        return new LedgerTxn(t.journalSeq(), t.businessDate(), t.type(), t.merchant(), t.terminal(), t.originalSeq(),
                t.grossFen(), t.feeFen(), t.mdrBps(), t.postings().stream()
                .map(q -> q.account().kind() == AccountKind.CARDHOLDER
                        ? new Posting(Account.cardholder(java.util.Objects.requireNonNull(pans.get(q.account().ref()))),
                                q.debitFen(), q.creditFen())
                        : q)
                .toList());
    }

    private static String pan(int i) {
        return "622202123456789" + (1000 + i);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.posnet.common.db.TestDatabases#all")
    void cardholderAccountsStoredByNumber_areTokenizedInBlocksAndBalances_onceAndCompletely(TestDatabase tdb) {
        try (tdb) {
            Database db = tdb.open();
            LedgerStore store = new LedgerStore(db);
            Books books = new Books(MdrTable.defaults(), m -> "5812", SHANGHAI, TestTokens.TOKENS);
            // what an older version stored: the same postings with each cardholder account keyed by the number
            Map<String, String> pans = new HashMap<>();
            List<LedgerTxn> posted = new ArrayList<>();
            for (int save = 0; save < 7; save++) {
                List<LedgerTxn> clear = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    String pan = pan((save * 10 + i) % 9);
                    pans.put(TestTokens.TOKENS.token(pan), pan);
                    LedgerTxn t = books.post(i == 9
                            ? entry(TxnType.REFUND, RESTAURANT, pan, 40, 0, save < 4 ? LATE : NEXT_DAY)
                            : entry(TxnType.SALE, RESTAURANT, pan, 1_00 + i, 0, save < 4 ? LATE : NEXT_DAY));
                    posted.add(t);
                    clear.add(withNumbers(t));
                }
                store.save(clear, seq); // one block a save: seven blocks
            }
            assertThat(store.balance(Account.cardholder(pan(0)))).isNotZero();
            Map<Account, Long> before = new HashMap<>();
            for (Map.Entry<String, String> e : pans.entrySet()) {
                before.put(Account.cardholder(e.getKey()), store.balance(Account.cardholder(e.getValue())));
            }

            store.tokenizeCardholders(TestTokens.TOKENS, 2); // two blocks a transaction: four of them

            List<LedgerTxn> read = new ArrayList<>();
            store.transactions(read::add);
            assertThat(read).isEqualTo(posted);
            before.forEach((account, balance) -> assertThat(store.balance(account)).as(account.toString()).isEqualTo(balance));
            pans.values().forEach(pan -> assertThat(store.balance(Account.cardholder(pan))).isZero());
            assertThat(store.check().balanced()).isTrue();
            String balances = db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM ledger_balance").mapToMap().list().toString());
            List<byte[]> bodies = db.jdbi().withHandle(h -> h.createQuery("SELECT body FROM ledger_block").mapTo(byte[].class).list());
            assertThat(bodies).hasSize(7);
            for (String pan : pans.values()) {
                assertThat(balances).doesNotContain(pan);
                bodies.forEach(b -> assertThat(new String(b, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(pan));
            }

            // loaded fresh, the books carry on with the same accounts; a second run finds nothing to do
            Books loaded = new Books(MdrTable.defaults(), m -> "5812", SHANGHAI, TestTokens.TOKENS);
            store.loadInto(loaded);
            before.forEach((account, balance) -> assertThat(loaded.balance(account)).isEqualTo(balance));
            store.tokenizeCardholders(TestTokens.TOKENS, 2);
            List<LedgerTxn> again = new ArrayList<>();
            store.transactions(again::add);
            assertThat(again).isEqualTo(posted);
            // done once, later starts skip the scan: a number put back by hand (no PosNet writes one now) stays
            db.jdbi().useHandle(h -> h.execute("INSERT INTO ledger_balance (business_date, account_kind, account_ref, debit_fen,"
                    + " credit_fen, legs) VALUES (?, 'CARDHOLDER', ?, 1, 0, 1)", LocalDate.of(2020, 1, 1), pan(0)));
            store.tokenizeCardholders(TestTokens.TOKENS, 2);
            assertThat(store.balance(Account.cardholder(pan(0)))).isEqualTo(1);
        }
    }
}
