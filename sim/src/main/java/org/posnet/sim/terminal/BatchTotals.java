package org.posnet.sim.terminal;

/**
 * A batch's domestic totals as 0500 field 48 carries them: debits (sales, completions) and credits
 * (voids, refunds), amount n12 and count n3 each.
 */
public record BatchTotals(long debitFen, int debitCount, long creditFen, int creditCount) {
    public static final BatchTotals ZERO = new BatchTotals(0, 0, 0, 0);

    public String field48() {
        return String.format("%012d%03d%012d%03d", debitFen, debitCount, creditFen, creditCount);
    }
}
