package org.posnet.host.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.posnet.host.auth.TxnType;

/**
 * The stored form of ledger transactions: every kind reads back exactly as posted, format 1 stays what it
 * was written as (a stored block must read the same in every later version), and bytes that are not a
 * block are refused with an IllegalArgumentException — never misread, never another exception.
 */
class LedgerBlockTest {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 26);
    private static final String PAN = "6222021234567890128";
    private static final String MERCHANT = "898110058120001";

    private static LedgerTxn sale(long seq, LocalDate date, String pan, long amount, long fee) {
        List<Posting> legs = new ArrayList<>();
        legs.add(Posting.debit(Account.cardholder(pan), amount));
        if (amount > fee) {
            legs.add(Posting.credit(Account.merchant(MERCHANT), amount - fee));
        }
        if (fee > 0) {
            legs.add(Posting.credit(Account.feeIncome("5812"), fee));
        }
        if (amount > fee) {
            legs.add(Posting.debit(Account.reserveCustody(), amount - fee));
            legs.add(Posting.credit(Account.bankSettlement(), amount - fee));
        }
        return new LedgerTxn(seq, date, TxnType.SALE, MERCHANT, "10000001", 0, amount, fee, 60, legs);
    }

    private static LedgerTxn opposite(long seq, TxnType type, LedgerTxn original) {
        return new LedgerTxn(seq, original.businessDate(), type, original.merchant(), "10000002", original.journalSeq(),
                -original.grossFen(), -original.feeFen(), original.mdrBps(),
                original.postings().stream().map(Posting::opposite).toList());
    }

    private static List<LedgerTxn> mixed() {
        List<LedgerTxn> txns = new ArrayList<>();
        LedgerTxn first = sale(3, DAY, PAN, 100_00, 60);
        txns.add(first);
        txns.add(sale(4, DAY, "6222029900000000017", 1, 0)); // no fee leg
        txns.add(sale(9, DAY, PAN, 5_00, 5_00)); // the fee is the whole amount: no net legs
        txns.add(opposite(10, TxnType.SALE_VOID, first));
        txns.add(new LedgerTxn(1_000_000_000_000L, DAY.plusDays(1), TxnType.REFUND, "商户-甲", "终端1", -1, -7_00, 0, 0,
                List.of(Posting.debit(Account.merchant("商户-甲"), 7_00), Posting.credit(Account.cardholder(PAN), 7_00),
                        Posting.debit(Account.bankSettlement(), 7_00), Posting.credit(Account.reserveCustody(), 7_00))));
        LedgerTxn big = sale(1_000_000_000_001L, DAY.plusDays(1), PAN, Long.MAX_VALUE / 2, 123_456_789);
        txns.add(big);
        txns.add(opposite(1_000_000_000_002L, TxnType.REVERSAL, big));
        txns.add(sale(1_000_000_000_003L, DAY.minusDays(400), PAN, 1_00, 1)); // dates need not ascend
        return txns;
    }

    @Test
    void everyKindOfTransaction_readsBackAsPosted_andOneEncoderServesManyBlocks() {
        List<LedgerTxn> txns = mixed();
        LedgerBlock.Encoder encoder = new LedgerBlock.Encoder();
        assertThat(LedgerBlock.decode(encoder.encode(txns, 0, txns.size()))).isEqualTo(txns);
        assertThat(LedgerBlock.decode(encoder.encode(txns, 2, 5))).isEqualTo(txns.subList(2, 5));
        assertThat(LedgerBlock.decode(encoder.encode(txns, 0, txns.size()))).isEqualTo(txns);
    }

    @Test
    void aSaleTakesFewBytes_andNamesAreStoredOncePerBlock() {
        List<LedgerTxn> sales = new ArrayList<>();
        for (int i = 1; i <= 1000; i++) {
            sales.add(sale(i, DAY, "62220299" + String.format("%010d", i % 200) + "7", 1_00 + i * 37L, 1));
        }
        byte[] block = new LedgerBlock.Encoder().encode(sales, 0, sales.size());
        assertThat(block.length / sales.size()).isLessThan(40); // the V8 legs text alone was about 150
        String text = new String(block, StandardCharsets.ISO_8859_1);
        assertThat(text.split("CARDHOLDER", -1)).hasSize(2);
        assertThat(text.split("SALE", -1)).hasSize(2);
    }

    /** A block written by format 1, byte for byte: if this fails, stored ledgers would no longer read. */
    @Test
    void format1_isReadTheSameForever() {
        LedgerTxn sale = new LedgerTxn(7, DAY, TxnType.SALE, "M1", "T1", 0, 100_00, 60, 60,
                List.of(Posting.debit(Account.cardholder("6222"), 100_00), Posting.credit(Account.merchant("M1"), 99_40),
                        Posting.credit(Account.feeIncome("5812"), 60)));
        String hex = "01" // format 1
                + "01" // one transaction
                + "08" + "0453414c45" + "024d31" + "025431" + "0a43415244484f4c444552" + "0436323232"
                + "104d45524348414e545f50415941424c45" + "0a4645455f494e434f4d45" + "0435383132" // 8 strings
                + "03" + "0304" + "0501" + "0607" // 3 accounts: kind string, ref string
                + "07" + "dec402" + "00" + "01" + "02" + "00" // seq 7, day 20783 (2026-11-26), SALE, M1, T1, original 0
                + "a09c01" + "78" + "78" // gross 10000, fee 60, bps 60 (zigzag: doubled)
                + "03" + "00904e" + "03d44d" + "053c"; // 3 legs: Dr acct 0 10000, Cr acct 1 9940, Cr acct 2 60
        assertThat(LedgerBlock.decode(HexFormat.of().parseHex(hex))).containsExactly(sale);
        assertThat(HexFormat.of().formatHex(new LedgerBlock.Encoder().encode(List.of(sale), 0, 1))).isEqualTo(hex);
    }

    @Test
    void encode_refusesTransactionsOutOfJournalOrder_orNone() {
        List<LedgerTxn> txns = List.of(sale(5, DAY, PAN, 1_00, 1), sale(5, DAY, PAN, 2_00, 1));
        assertThatThrownBy(() -> new LedgerBlock.Encoder().encode(txns, 0, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LedgerBlock.Encoder().encode(txns, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decode_refusesWhatIsNotABlock() {
        List<LedgerTxn> txns = mixed();
        byte[] block = new LedgerBlock.Encoder().encode(txns, 0, txns.size());
        assertThatThrownBy(() -> LedgerBlock.decode(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LedgerBlock.decode(new byte[0])).isInstanceOf(IllegalArgumentException.class);
        byte[] format2 = block.clone();
        format2[0] = 2;
        assertThatThrownBy(() -> LedgerBlock.decode(format2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("format 2");
        byte[] trailing = java.util.Arrays.copyOf(block, block.length + 1);
        assertThatThrownBy(() -> LedgerBlock.decode(trailing)).isInstanceOf(IllegalArgumentException.class);
        for (int len = 0; len < block.length; len++) { // cut anywhere
            byte[] cut = java.util.Arrays.copyOf(block, len);
            assertThatThrownBy(() -> LedgerBlock.decode(cut)).as("cut at %d", len).isInstanceOf(IllegalArgumentException.class);
        }
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) { // damaged anywhere: refused, or read as some other well-formed block
            byte[] damaged = block.clone();
            for (int k = 1 + random.nextInt(3); k > 0; k--) {
                damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
            }
            try {
                for (LedgerTxn t : LedgerBlock.decode(damaged)) {
                    assertThat(t.journalSeq()).isPositive();
                }
            } catch (IllegalArgumentException refused) {
                // as it should be
            }
        }
    }
}
