package org.posnet.host.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The legs text of V8 rows (read when upgrading them): its exact form, and what parse refuses. */
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
    void parse_refusesWhatFormatDoesNotWrite() {
        assertThatThrownBy(() -> Legs.parse("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Legs.parse("X CARDHOLDER 6222021234567890128 1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Legs.parse("D CARDHOLDER 1")).isInstanceOf(IllegalArgumentException.class);
    }
}
