package org.posnet.bench.lns;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.posnet.vpdn.lac.Lac;
import org.posnet.vpdn.lac.Terminal;

/**
 * Dials terminals 0..n-1 through the LACs (round robin), keeping {@code inFlight} dials outstanding:
 * each completed call (IPCP up) or failure frees its slot for the next terminal. The terminals stay
 * online afterwards: that is the concurrent load whose heap the benchmark measures.
 */
final class CallDialler {
    /** What one dialling run did; {@code latency} in microseconds from dial to IPCP up. */
    record Outcome(int established, int failed, long nanos, Histogram latency, String firstFailure, StepTimes steps) {
    }

    private final List<Lac> lacs;
    private final int inFlight;
    private final long timeoutSeconds;

    CallDialler(List<Lac> lacs, int inFlight, long timeoutSeconds) {
        this.lacs = List.copyOf(lacs);
        this.inFlight = inFlight;
        this.timeoutSeconds = timeoutSeconds;
    }

    Outcome dial(int n, List<Terminal> online, Progress progress) throws InterruptedException {
        Semaphore slots = new Semaphore(inFlight);
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        StringBuffer firstFailure = new StringBuffer();
        Histogram latency = new ConcurrentHistogram(3_600_000_000L, 3);
        StepTimes steps = new StepTimes();
        List<Terminal> terminals = new ArrayList<>(n);
        long start = System.nanoTime();
        long nextReport = start + TimeUnit.SECONDS.toNanos(1);
        for (int i = 0; i < n; i++) {
            if (!slots.tryAcquire(timeoutSeconds, TimeUnit.SECONDS)) {
                break; // calls stopped completing: what came up is reported, the rest counts as failed
            }
            Terminal t = new Terminal(lacs.get(i % lacs.size()),
                    new Terminal.Sim(LnsBenchAaa.user(i), LnsBenchAaa.password(i), LnsBenchAaa.imsi(i)), steps::record);
            terminals.add(t);
            long began = System.nanoTime();
            t.dial().orTimeout(timeoutSeconds, TimeUnit.SECONDS).whenComplete((d, err) -> {
                if (err == null) {
                    latency.recordValue(Math.max(1, (System.nanoTime() - began) / 1_000));
                    ok.incrementAndGet();
                } else {
                    if (failed.getAndIncrement() == 0) {
                        firstFailure.append(err.getMessage());
                    }
                }
                slots.release();
            });
            long now = System.nanoTime();
            if (now >= nextReport) {
                progress.report(ok.get(), failed.get(), now - start);
                nextReport = now + TimeUnit.SECONDS.toNanos(1);
            }
        }
        if (!slots.tryAcquire(inFlight, timeoutSeconds + 1, TimeUnit.SECONDS)) {
            // stragglers are counted by what completed so far
        }
        long nanos = System.nanoTime() - start;
        online.addAll(terminals);
        int done = ok.get();
        return new Outcome(done, n - done, nanos, latency, firstFailure.toString(), steps);
    }

    @FunctionalInterface
    interface Progress {
        void report(int established, int failed, long nanos);
    }
}
