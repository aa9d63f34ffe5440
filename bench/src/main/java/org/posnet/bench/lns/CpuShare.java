package org.posnet.bench.lns;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.posnet.bench.aaa.ProcessStats;
import org.posnet.bench.aaa.UdpCounters;

/**
 * Who used the machine's CPU while calls were being set up: the LNS child, this JVM (AAA, LACs,
 * terminals), and everybody else (other engineers' builds share the two cores: a run where "other"
 * is high measures them as much as us), plus the kernel's UDP receive-buffer drops meanwhile (a drop
 * costs a call a 1 s L2TP or 3 s PPP retransmission).
 *
 * @param lnsCores LNS child CPU over wall time (1.0 = one core busy)
 * @param benchCores this JVM's CPU over wall time
 * @param otherCores the rest of the machine's busy time over wall time
 * @param lnsMicrosPerCall LNS child CPU per established call
 * @param rcvbufErrors UDP RcvbufErrors of the whole machine during the phase (-1 unknown)
 * @param benchMicrosPerCall this JVM's CPU (AAA, LACs, terminals) per established call
 */
record CpuShare(double lnsCores, double benchCores, double otherCores, double lnsMicrosPerCall, long rcvbufErrors,
                double benchMicrosPerCall) {
    private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ = 100

    /** A phase being measured: {@link #end} closes it. */
    static final class Phase {
        private final long lnsPid;
        private final long wall = System.nanoTime();
        private final long lns;
        private final long self = ProcessStats.selfCpuNanos();
        private final long machine = machineBusyNanos();
        private final UdpCounters udp = UdpCounters.read();

        Phase(long lnsPid) {
            this.lnsPid = lnsPid;
            this.lns = ProcessStats.cpuNanos(lnsPid);
        }

        CpuShare end(int calls) {
            double wallNanos = System.nanoTime() - wall;
            long lnsUsed = ProcessStats.cpuNanos(lnsPid) - lns;
            long selfUsed = ProcessStats.selfCpuNanos() - self;
            long machineUsed = machineBusyNanos() - machine;
            UdpCounters d = UdpCounters.read().since(udp);
            return new CpuShare(lnsUsed / wallNanos, selfUsed / wallNanos,
                    Math.max(0, machineUsed - lnsUsed - selfUsed) / wallNanos,
                    calls == 0 ? 0 : lnsUsed / 1000.0 / calls, d.receiveBufferErrors(),
                    calls == 0 ? 0 : selfUsed / 1000.0 / calls);
        }
    }

    String describe() {
        return String.format(Locale.ROOT, "LNS %.2f cores (%.0f µs per call), bench JVM %.2f (%.0f µs per call), other CPU"
                + " %.2f cores; UDP RcvbufErrors %,d", lnsCores, lnsMicrosPerCall, benchCores, benchMicrosPerCall, otherCores,
                rcvbufErrors);
    }

    /** Non-idle time of all cores from /proc/stat, in nanoseconds (0 when unreadable). */
    private static long machineBusyNanos() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int k = 1; k < f.length && k <= 8; k++) {
                if (k != 4 && k != 5) { // idle and iowait
                    busy += Long.parseLong(f[k]);
                }
            }
            return busy * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
