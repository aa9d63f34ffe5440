package org.posnet.bench.lns;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.posnet.vpdn.lac.DialStep;

/**
 * Where a call's setup time goes, step by step (PPP/CHAP, carrier AAA, tunnel, session, bank AAA,
 * IPCP), from the terminals' own step reports: a slow total alone does not say whether the AAA, the
 * tunnel's reliable delivery or PPP's restart timer is to blame.
 */
final class StepTimes {
    private final Map<DialStep.Step, Histogram> micros = new EnumMap<>(DialStep.Step.class);

    StepTimes() {
        for (DialStep.Step s : DialStep.Step.values()) {
            micros.put(s, new ConcurrentHistogram(3_600_000_000L, 2));
        }
    }

    void record(DialStep step) {
        if (step.ok()) {
            micros.get(step.step()).recordValue(Math.max(1, step.took().toNanos() / 1_000));
        }
    }

    /** One line per step: count, p50, p99, max in ms. */
    String table() {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<DialStep.Step, Histogram> e : micros.entrySet()) {
            Histogram h = e.getValue();
            b.append(String.format(Locale.ROOT, "  %-13s n=%,d p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    e.getKey().label(), h.getTotalCount(), h.getValueAtPercentile(50) / 1000.0,
                    h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0));
        }
        return b.toString();
    }
}
