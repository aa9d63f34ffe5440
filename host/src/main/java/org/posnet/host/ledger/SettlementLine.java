package org.posnet.host.ledger;

import java.time.LocalDate;

/**
 * One merchant's settlement for one closed business day, to be paid on T+1.
 *
 * @param salesFen   sales and completions (and reversals of voids/refunds, which restore them)
 * @param refundsFen refunds, voids and reversals of sales, as a positive amount
 * @param feeFen     MDR charged, net of fees given back by voids and reversals
 * @param netFen     {@code salesFen − refundsFen − feeFen}: the day's own result (negative: the merchant owes)
 * @param carriedFen what the merchant still owed from earlier days (≤ 0), set off against this day: the negative
 *                   nets not yet made up by later days' positive ones
 * @param dueFen     {@code netFen + carriedFen} when positive, else 0: what the merchant is owed for this day; a
 *                   {@link Status#PAY} line is paid exactly this
 */
public record SettlementLine(LocalDate businessDate, String merchantId, String merchantName, String mcc,
        String accountNumber, String accountHolder, int salesCount, long salesFen, int refundsCount, long refundsFen,
        long feeFen, long netFen, long carriedFen, long dueFen, Status status) {

    /** What the payout run does with the line. */
    public enum Status {
        /** Pay {@code dueFen} to the settlement account. */
        PAY,
        /** No settlement account on file: the funds stay payable until one is provisioned (not carried to later days). */
        HOLD_NO_ACCOUNT,
        /** {@code netFen + carriedFen} ≤ 0: nothing to pay; a negative amount is carried to the merchant's next day. */
        NOTHING_DUE
    }
}
