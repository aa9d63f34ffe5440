package org.posnet.host.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.posnet.host.auth.TxnType;

/** The books' recent transactions: each found by seq as it was added, the oldest chunks dropped, order kept. */
class RecentTxnsTest {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 26);

    private static LedgerTxn sale(long seq) {
        long amount = 1_00 + seq;
        return new LedgerTxn(seq, DAY, TxnType.SALE, "898110058120001", "10000001", 0, amount, 1, 60,
                List.of(Posting.debit(Account.cardholder("62220299" + String.format("%010d", seq % 300) + "7"), amount),
                        Posting.credit(Account.merchant("898110058120001"), amount - 1),
                        Posting.credit(Account.feeIncome("5812"), 1)));
    }

    @Test
    void everyKeptTransaction_isFoundAsAdded_theOldestChunksAreDropped() {
        int capacity = 1_000;
        RecentTxns recent = new RecentTxns(capacity);
        List<LedgerTxn> added = new ArrayList<>();
        for (long seq = 1; seq <= 5_000; seq += 1 + seq % 3) { // gaps, as entries that post nothing leave
            LedgerTxn t = sale(seq);
            recent.add(t);
            added.add(t);
        }
        List<LedgerTxn> kept = recent.all();
        assertThat(kept.size()).isBetween(capacity, 2 * capacity); // whole chunks of min(capacity, CHUNK) are dropped
        assertThat(kept).isEqualTo(added.subList(added.size() - kept.size(), added.size()));
        for (LedgerTxn t : kept) {
            assertThat(recent.get(t.journalSeq())).isEqualTo(t);
            assertThat(recent.get(t.journalSeq() + 1)).isNotEqualTo(t);
        }
        assertThat(recent.get(added.get(0).journalSeq())).isNull(); // dropped: the books ask the store
        assertThat(recent.get(3)).isNull(); // never added (a gap)
        assertThat(recent.get(1_000_000)).isNull();
    }

    @Test
    void transactionsWithMoreLegsThanASale_growTheirChunk() {
        RecentTxns recent = new RecentTxns(10);
        List<LedgerTxn> added = new ArrayList<>();
        for (long seq = 1; seq <= 10; seq++) {
            List<Posting> legs = new ArrayList<>();
            for (int k = 0; k < 8; k++) {
                legs.add(Posting.debit(Account.cardholder("6222" + k), seq + k));
                legs.add(Posting.credit(Account.merchant("M" + k), seq + k));
            }
            LedgerTxn t = new LedgerTxn(seq, DAY.plusDays(seq % 2), seq % 2 == 0 ? TxnType.REFUND : TxnType.SALE_VOID, "M", "T",
                    seq - 1, -seq, -1, 38, legs);
            recent.add(t);
            added.add(t);
        }
        assertThat(recent.all()).isEqualTo(added);
        assertThat(recent.get(7)).isEqualTo(added.get(6));
    }

    @Test
    void aSmallCapacity_keepsThatManyOrAChunkMore_andOutOfOrderIsRefused() {
        RecentTxns recent = new RecentTxns(2);
        for (long seq = 1; seq <= 5; seq++) {
            recent.add(sale(seq));
        }
        assertThat(recent.all()).extracting(LedgerTxn::journalSeq).containsExactly(3L, 4L, 5L);
        recent.add(sale(6));
        assertThat(recent.all()).extracting(LedgerTxn::journalSeq).containsExactly(3L, 4L, 5L, 6L);
        recent.add(sale(7)); // the dropped chunk's arrays take it, holding nothing of 1 and 2
        assertThat(recent.all()).extracting(LedgerTxn::journalSeq).containsExactly(5L, 6L, 7L);
        assertThat(recent.get(7)).isEqualTo(sale(7));
        assertThat(recent.get(4)).isNull();
        assertThatThrownBy(() -> recent.add(sale(4))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RecentTxns(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
