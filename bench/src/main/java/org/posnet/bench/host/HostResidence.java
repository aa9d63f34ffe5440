package org.posnet.bench.host;

import java.util.Arrays;

/**
 * How long sales spent inside the PosNet host during the measured window: from a frame's arrival on its event
 * loop to the reply handed to the channel (the host's {@code posnet.transaction} timer), taken apart from the
 * latency the load generator sees, which adds the generator's own turns, the kernel and the wait in the socket
 * before the loop reads it. From two readings of the timer's cumulative buckets, so only a bound per quantile:
 * "at most the bucket it fell in".
 *
 * @param sales           sales timed in the window
 * @param p50UpperMillis  the bucket bound at or under which half of them fell; infinite past the last bucket
 * @param p99UpperMillis  the same for 99 %
 * @param over5msShare    the share that took longer than 5 ms
 */
public record HostResidence(long sales, double p50UpperMillis, double p99UpperMillis, double over5msShare) {

    /** Bucket bounds, in nanoseconds: fine around the 5 ms the target names. */
    static final double[] BOUNDS_NANOS = {
        50e3, 100e3, 200e3, 300e3, 500e3, 750e3, 1e6, 1.5e6, 2e6, 3e6, 4e6, 5e6, 7.5e6, 10e6, 15e6, 20e6, 30e6, 50e6, 100e6};
    private static final double FIVE_MS = 5e6;

    /** One reading: the timer's total count and, per bound of {@link #BOUNDS_NANOS}, how many took at most that. */
    record Reading(long total, long[] cumulative) {
        Reading {
            if (cumulative.length != BOUNDS_NANOS.length) {
                throw new IllegalArgumentException(cumulative.length + " buckets, expected " + BOUNDS_NANOS.length);
            }
            cumulative = cumulative.clone();
        }

        /** The target's line {@code residence total=N c1,c2,...} (see {@link HostTargetMain}). */
        static Reading parse(String line) {
            String[] parts = line.trim().split(" ");
            if (parts.length != 3 || !parts[0].equals("residence") || !parts[1].startsWith("total=")) {
                throw new IllegalArgumentException("not a residence line: " + line);
            }
            long[] c = Arrays.stream(parts[2].split(",")).mapToLong(Long::parseLong).toArray();
            return new Reading(Long.parseLong(parts[1].substring("total=".length())), c);
        }

        String format() {
            StringBuilder s = new StringBuilder("residence total=").append(total).append(' ');
            for (int i = 0; i < cumulative.length; i++) {
                s.append(i == 0 ? "" : ",").append(cumulative[i]);
            }
            return s.toString();
        }
    }

    /** What happened between two readings of the same timer. */
    static HostResidence between(Reading before, Reading after) {
        long sales = after.total() - before.total();
        long[] c = new long[BOUNDS_NANOS.length];
        long under5ms = 0;
        for (int i = 0; i < c.length; i++) {
            c[i] = after.cumulative()[i] - before.cumulative()[i];
            if (BOUNDS_NANOS[i] == FIVE_MS) {
                under5ms = c[i];
            }
        }
        if (sales <= 0) {
            return new HostResidence(0, Double.NaN, Double.NaN, Double.NaN);
        }
        return new HostResidence(sales, upperMillis(c, sales, 0.50), upperMillis(c, sales, 0.99),
                (sales - under5ms) / (double) sales);
    }

    private static double upperMillis(long[] cumulative, long sales, double q) {
        for (int i = 0; i < cumulative.length; i++) {
            if (cumulative[i] >= Math.ceil(q * sales)) {
                return BOUNDS_NANOS[i] / 1e6;
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    /** E.g. {@code p50 ≤ 0.30 ms, p99 ≤ 2.00 ms, 0.12 % over 5 ms}. */
    String describe() {
        return sales == 0 ? "no sales timed" : String.format("p50 ≤ %s, p99 ≤ %s, %.2f %% over 5 ms", bound(p50UpperMillis),
                bound(p99UpperMillis), over5msShare * 100);
    }

    private static String bound(double millis) {
        return Double.isInfinite(millis) ? "∞ (over 100 ms)" : String.format("%.2f ms", millis);
    }
}
