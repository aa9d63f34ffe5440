package org.posnet.host.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The stored text of a transaction's legs: its exact form, one writer reused for many, and what parse refuses. */
class LegsTest {
    private static final List<Posting> SALE = List.of(
            Posting.debit(Account.cardholder("6222021234567890128"), 100_00),
            Posting.credit(Account.merchant("898110058120001"), 99_40),
            Posting.credit(Account.feeIncome("5812"), 60),
            Posting.debit(Account.reserveCustody(), 99_40),
            Posting.credit(Account.bankSettlement(), 99_40));

    @Test
    void format_writesEachLegAsSideKindRefFen_andParseReadsItBack() {
        String text = Legs.format(SALE);
        assertThat(text).isEqualTo("D CARDHOLDER 6222021234567890128 10000;C MERCHANT_PAYABLE 898110058120001 9940;"
                + "C FEE_INCOME 5812 60;D RESERVE_CUSTODY - 9940;C BANK_SETTLEMENT - 9940");
        assertThat(Legs.parse(text)).isEqualTo(SALE);
    }

    @Test
    void oneWriter_formatsManyTransactions_eachOnItsOwn() {
        Legs.Writer writer = new Legs.Writer();
        List<Posting> refund = List.of(Posting.debit(Account.merchant("898110058120001"), 5_00),
                Posting.credit(Account.cardholder("6222021234567890128"), 5_00));
        List<Posting> opposite = SALE.stream().map(Posting::opposite).toList();

        assertThat(writer.format(SALE)).isEqualTo(Legs.format(SALE));
        assertThat(writer.format(refund)).isEqualTo("D MERCHANT_PAYABLE 898110058120001 500;C CARDHOLDER 6222021234567890128 500");
        assertThat(Legs.parse(writer.format(opposite))).isEqualTo(opposite);
        assertThat(Legs.parse(writer.format(SALE))).isEqualTo(SALE);
    }

    @Test
    void parse_refusesWhatFormatDoesNotWrite() {
        assertThatThrownBy(() -> Legs.parse("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Legs.parse("X CARDHOLDER 6222021234567890128 1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Legs.parse("D CARDHOLDER 1")).isInstanceOf(IllegalArgumentException.class);
    }
}
