package org.posnet.host.ledger;

import java.util.List;

/**
 * The ledger's invariant, as checked: total debits = total credits, and every transaction balances on
 * its own (a transaction that balances only together with another would hide a wrong posting).
 *
 * @param unbalancedSeqs journal seqs of transactions whose own debits ≠ credits (at most 100 listed)
 */
public record BalanceCheck(long transactions, long postings, long debitFen, long creditFen, long unbalancedCount,
        List<Long> unbalancedSeqs) {

    public BalanceCheck {
        unbalancedSeqs = List.copyOf(unbalancedSeqs);
    }

    public boolean balanced() {
        return debitFen == creditFen && unbalancedCount == 0;
    }

    @Override
    public String toString() {
        return "ledger " + (balanced() ? "balanced" : "UNBALANCED") + ": transactions=" + transactions + " postings="
                + postings + " debitFen=" + debitFen + " creditFen=" + creditFen + " unbalanced=" + unbalancedCount
                + (unbalancedSeqs.isEmpty() ? "" : " seqs=" + unbalancedSeqs);
    }
}
