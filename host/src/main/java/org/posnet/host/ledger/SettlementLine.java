package org.posnet.host.ledger;

import java.time.LocalDate;

/**
 * One merchant's settlement for one closed business day, to be paid on T+1.
 *
 * @param salesFen   sales and completions (and reversals of voids/refunds, which restore them)
 * @param refundsFen refunds, voids and reversals of sales, as a positive amount
 * @param feeFen     MDR charged, net of fees given back by voids and reversals
 * @param netFen     {@code salesFen − refundsFen − feeFen}: what the merchant is paid (negative: it owes)
 */
public record SettlementLine(LocalDate businessDate, String merchantId, String merchantName, String mcc,
        String accountNumber, String accountHolder, int salesCount, long salesFen, int refundsCount, long refundsFen,
        long feeFen, long netFen, Status status) {

    /** What the payout run does with the line. */
    public enum Status {
        /** Pay {@code netFen} to the settlement account. */
        PAY,
        /** No settlement account on file: the funds stay payable until one is provisioned. */
        HOLD_NO_ACCOUNT,
        /** Net ≤ 0: nothing to pay; a negative net is owed by the merchant and stays on its payable account. */
        NOTHING_DUE
    }
}
