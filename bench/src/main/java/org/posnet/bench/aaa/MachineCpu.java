package org.posnet.bench.aaa;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Busy CPU time of the whole machine from {@code /proc/stat}. Generator and server share two cores with
 * whatever else runs (a build, another test), so the bench reports what others took during the measured
 * phase: a run where they took much is not a measurement of the server.
 */
final class MachineCpu {

    private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ = 100

    private MachineCpu() {
    }

    /** Non-idle time of all cores in nanoseconds, or -1 when unknown. */
    static long busyNanos() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = first.trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...
            long busy = 0;
            for (int k = 1; k < f.length && k <= 8; k++) {
                if (k != 4 && k != 5) {
                    busy += Long.parseLong(f[k]);
                }
            }
            return busy * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
