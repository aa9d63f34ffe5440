package org.posnet.host.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.posnet.common.money.Money;

/**
 * Merchant payouts the bank confirmed (table {@code ledger_payout}). Each pays one {@link SettlementLine.Status#PAY}
 * line of a closed day's settlement, exactly its due, once, and is the posting Dr MERCHANT_PAYABLE / Cr
 * RESERVE_CUSTODY of that amount: the reserve figures count it ({@link ReserveFigures#paidOutFen}), the journal-derived
 * day balances do not. A confirmation is taken whole or not at all.
 */
public final class Payouts {
    /** The longest transfer reference kept. */
    public static final int MAX_REFERENCE = 64;

    /** One confirmed transfer of a day's due to a merchant. */
    public record Payout(LocalDate businessDate, String merchantId, long amountFen, String reference, Instant confirmedAt) {
    }

    /** One line of the bank's confirmation: the merchant, the amount transferred, the bank's transfer reference. */
    public record Confirmation(String merchantId, long amountFen, String reference) {
    }

    /** What {@link #confirm} did: the payouts it recorded, and the confirmations recorded the same way before. */
    public record Result(List<Payout> recorded, List<Confirmation> alreadyRecorded) {
    }

    /** A confirmation that does not match the day's settlement; nothing of it was recorded. */
    public static final class Refused extends RuntimeException {
        private final List<String> problems;

        Refused(List<String> problems) {
            super(problems.size() + " problem(s): " + String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    private Payouts() {
    }

    /**
     * Records the transfers of {@code confirmations} against {@code report}'s day. A confirmation repeated as it was
     * recorded before (same amount and reference) is reported, not recorded again.
     *
     * @throws Refused naming every confirmation that has no PAY line, another amount than the line's due, a bad
     *                 reference, the same merchant twice, or a payout of the line recorded before otherwise
     */
    public static Result confirm(LedgerStore store, SettlementReport report, List<Confirmation> confirmations, Instant now) {
        LocalDate day = report.businessDate();
        Map<String, SettlementLine> lines = new HashMap<>();
        report.lines().forEach(l -> lines.put(l.merchantId(), l));
        Map<String, Payout> before = new HashMap<>();
        store.payouts(day).forEach(p -> before.put(p.merchantId(), p));
        List<String> problems = new ArrayList<>();
        List<Payout> recorded = new ArrayList<>();
        List<Confirmation> again = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        if (confirmations.isEmpty()) {
            problems.add("no payouts to confirm");
        }
        for (Confirmation c : confirmations) {
            String who = "merchant " + c.merchantId() + ": ";
            if (!seen.add(c.merchantId())) {
                problems.add(who + "confirmed twice");
                continue;
            }
            if (c.reference() == null || c.reference().isBlank() || c.reference().length() > MAX_REFERENCE
                    || c.reference().chars().anyMatch(ch -> ch < 0x20 || ch == 0x7F)) {
                problems.add(who + "the transfer reference must be 1-" + MAX_REFERENCE + " printable characters");
                continue;
            }
            SettlementLine line = lines.get(c.merchantId());
            Payout earlier = before.get(c.merchantId());
            if (earlier != null) {
                if (earlier.amountFen() == c.amountFen() && earlier.reference().equals(c.reference())) {
                    again.add(c);
                } else {
                    problems.add(who + "paid " + Money.format(earlier.amountFen()) + " for " + day + " already (reference "
                            + earlier.reference() + ")");
                }
            } else if (line == null) {
                problems.add(who + "has no settlement line on " + day);
            } else if (line.status() != SettlementLine.Status.PAY) {
                problems.add(who + "its line on " + day + " is " + line.status() + ": nothing to pay");
            } else if (line.dueFen() != c.amountFen()) {
                problems.add(who + "amount " + Money.format(c.amountFen()) + ", but its line on " + day + " is due "
                        + Money.format(line.dueFen()));
            } else {
                recorded.add(new Payout(day, c.merchantId(), c.amountFen(), c.reference(), now));
            }
        }
        if (!problems.isEmpty()) {
            throw new Refused(problems);
        }
        store.savePayouts(recorded);
        return new Result(List.copyOf(recorded), List.copyOf(again));
    }
}
