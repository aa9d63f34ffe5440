package org.posnet.host.ledger;

import static org.assertj.core.api.Assertions.assertThat;

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
 * The store on a real database: groups of many rows (several INSERT statements and a shorter last one),
 * day balances added to across saves and days, and every transaction read back as it was posted.
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
            Books books = new Books(MdrTable.defaults(), m -> m.equals(SCHOOL) ? "8211" : "5812", SHANGHAI);
            List<LedgerTxn> first = new ArrayList<>();
            List<LedgerTxn> second = new ArrayList<>();
            // more than two full statements and a remainder, then a second save that spans midnight
            int firstCount = 2 * LedgerStore.ROWS_PER_INSERT + 5;
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
            Books loaded = new Books(MdrTable.defaults(), m -> "5812", SHANGHAI);
            store.loadInto(loaded);
            assertThat(loaded.transactions()).isEqualTo(books.transactions());
            assertThat(loaded.balances()).isEqualTo(books.balances());
            assertThat(loaded.check()).isEqualTo(books.check());
            assertThat(loaded.lastSeq()).isEqualTo(seq);
        }
    }

    private static String pan(int i) {
        return "622202123456789" + (1000 + i);
    }
}
