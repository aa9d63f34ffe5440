package org.posnet.bench.lns;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.posnet.vpdn.lac.Lac;
import org.posnet.vpdn.lac.Terminal;

/**
 * Dials terminals 0..n-1 through the LACs, keeping {@code inFlight} dials outstanding: each
 * completed call (IPCP up) or failure frees its slot for the next terminal. The next dial starts on
 * the LAC's event loop, from the completion of the one before: the generator adds no thread
 * hand-over (and no timer) per call to what is measured. The terminals stay online afterwards: that
 * is the concurrent load whose heap the benchmark measures.
 */
final class CallDialler {
    /** What one dialling run did; {@code latency} in microseconds from dial to IPCP up. */
    record Outcome(int established, int failed, long nanos, Histogram latency, String firstFailure, StepTimes steps) {
    }

    private final List<Lac> lacs;
    private final int inFlight;
    private final long timeoutSeconds;

    /** {@code timeoutSeconds}: dialling stops when no call completed for that long; what is still open counts as failed. */
    CallDialler(List<Lac> lacs, int inFlight, long timeoutSeconds) {
        this.lacs = List.copyOf(lacs);
        this.inFlight = inFlight;
        this.timeoutSeconds = timeoutSeconds;
    }

    Outcome dial(int n, List<Terminal> online, Progress progress) throws InterruptedException {
        Run run = new Run(n, lacs.size());
        long start = System.nanoTime();
        for (int k = 0; k < Math.min(inFlight, n); k++) {
            int lacIndex = k % lacs.size();
            Lac lac = lacs.get(lacIndex);
            lac.eventLoop().execute(() -> run.dialNext(lac, lacIndex));
        }
        int seen = 0;
        long lastProgress = System.nanoTime();
        while (run.ok.get() + run.failed.get() < n) {
            Thread.sleep(1_000);
            int done = run.ok.get() + run.failed.get();
            long now = System.nanoTime();
            progress.report(run.ok.get(), run.failed.get(), now - start);
            if (done > seen) {
                seen = done;
                lastProgress = now;
            } else if (now - lastProgress > TimeUnit.SECONDS.toNanos(timeoutSeconds)) {
                break; // calls stopped completing: what came up is reported, the rest counts as failed
            }
        }
        long nanos = System.nanoTime() - start;
        for (int i = 0; i < n; i++) {
            Terminal t = run.terminals.get(i);
            if (t != null) {
                online.add(t);
            }
        }
        int established = run.ok.get();
        return new Outcome(established, n - established, nanos, run.latency, run.firstFailure.toString(), run.steps);
    }

    /**
     * One dialling run's shared state; {@link #dialNext} runs on a LAC's event loop. Terminal i dials
     * through LAC i mod L (round robin, as before), so each LAC fills exactly its share of tunnels.
     */
    private static final class Run {
        final int n;
        final int lacCount;
        /** Per LAC: how many of its terminals it has dialled. */
        final AtomicInteger[] next;
        final AtomicInteger ok = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final StringBuffer firstFailure = new StringBuffer();
        final Histogram latency = new ConcurrentHistogram(3_600_000_000L, 3);
        final StepTimes steps = new StepTimes();
        final AtomicReferenceArray<Terminal> terminals;

        Run(int n, int lacCount) {
            this.n = n;
            this.lacCount = lacCount;
            this.next = new AtomicInteger[lacCount];
            for (int k = 0; k < lacCount; k++) {
                next[k] = new AtomicInteger();
            }
            this.terminals = new AtomicReferenceArray<>(n);
        }

        void dialNext(Lac lac, int lacIndex) {
            int i = lacIndex + lacCount * next[lacIndex].getAndIncrement();
            if (i >= n) {
                return;
            }
            Terminal t = new Terminal(lac, new Terminal.Sim(LnsBenchAaa.user(i), LnsBenchAaa.password(i), LnsBenchAaa.imsi(i)),
                    steps::record);
            terminals.set(i, t);
            long began = System.nanoTime();
            t.dial().whenComplete((d, err) -> {
                if (err == null) {
                    latency.recordValue(Math.max(1, (System.nanoTime() - began) / 1_000));
                    ok.incrementAndGet();
                } else if (failed.getAndIncrement() == 0) {
                    firstFailure.append(err.getMessage());
                }
                dialNext(lac, lacIndex); // completes on the LAC's loop: the next dial starts there
            });
        }
    }

    @FunctionalInterface
    interface Progress {
        void report(int established, int failed, long nanos);
    }
}
