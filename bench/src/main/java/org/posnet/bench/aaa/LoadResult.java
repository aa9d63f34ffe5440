package org.posnet.bench.aaa;

/**
 * What one {@link RadiusLoadGenerator} run measured. Counts are of the measured phase unless named otherwise:
 * replies are counted when they arrive inside it, losses by the phase their request was sent in.
 *
 * @param measuredNanos          wall-clock length of the measured phase
 * @param sent                   requests sent in the measured phase
 * @param accepts                verified Access-Accepts
 * @param rejects                verified Access-Rejects
 * @param bad                    replies failing a check (authenticator, Message-Authenticator, format, code)
 * @param unexpected             verified replies of the wrong kind: Accept to a wrong password or Reject to a right one
 * @param lost                   requests sent in the measured phase never answered within the timeout
 * @param warmupLost             the same for the warm-up phase
 * @param late                   replies arriving after their request was declared lost
 * @param sendStalls             sends refused because the socket's send buffer was full (retried, not lost)
 * @param socketErrors           ICMP errors reported on the sockets (e.g. port unreachable)
 * @param p50Micros              latency percentiles from send to verified reply
 * @param generatorThreadCpuNanos CPU of the event-loop threads during the measured phase
 * @param generatorAllocatedBytes heap the event-loop threads allocated during it (-1 unknown): the loop
 *                               is meant to allocate nothing
 * @param generatorProcessCpuNanos CPU of the whole generator JVM (JIT and GC included) during it
 * @param serverCpuNanos         CPU of the server process during it, or -1 when unknown
 * @param udpDrops               host-wide kernel UDP drop counters during it
 * @param machineCpuNanos        busy CPU of the whole machine during it (all processes), or -1
 */
public record LoadResult(LoadSettings settings, long measuredNanos, long sent, long accepts, long rejects,
                         long bad, long unexpected, long lost, long warmupLost, long late, long sendStalls,
                         long socketErrors, long p50Micros, long p99Micros, long p999Micros, long maxMicros,
                         long generatorThreadCpuNanos, long generatorAllocatedBytes, long generatorProcessCpuNanos, long serverCpuNanos,
                         UdpCounters udpDrops, long machineCpuNanos) {

    public long completed() {
        return accepts + rejects;
    }

    public double seconds() {
        return measuredNanos / 1e9;
    }

    public double authPerSecond() {
        return completed() / seconds();
    }

    /** The generator's share of the whole machine (1.0 = every core busy). */
    public double generatorCpuShare() {
        return generatorProcessCpuNanos / (measuredNanos * (double) Runtime.getRuntime().availableProcessors());
    }

    public double serverCpuMicrosPerRequest() {
        return serverCpuNanos < 0 || completed() == 0 ? -1 : serverCpuNanos / 1000.0 / completed();
    }

    /** The server's share of the whole machine, or -1 when unknown. */
    public double serverCpuShare() {
        return serverCpuNanos < 0 ? -1
                : serverCpuNanos / (measuredNanos * (double) Runtime.getRuntime().availableProcessors());
    }

    /**
     * Share of the machine used by neither generator nor server (other builds, tests, daemons) during the
     * measured phase; a few percent is noise, tens of percent spoil the run. -1 when unknown.
     */
    public double otherCpuShare() {
        if (machineCpuNanos < 0 || serverCpuNanos < 0) {
            return -1;
        }
        long other = Math.max(0, machineCpuNanos - generatorProcessCpuNanos - serverCpuNanos);
        return other / (measuredNanos * (double) Runtime.getRuntime().availableProcessors());
    }

    /** Generator CPU (whole JVM) per completed request, in microseconds. */
    public double generatorCpuMicrosPerRequest() {
        return completed() == 0 ? -1 : generatorProcessCpuNanos / 1000.0 / completed();
    }

    public String summary() {
        return String.format("%,.0f auth/s (%d accept, %d reject) p50=%dus p99=%dus p99.9=%dus max=%dus lost=%d"
                        + " warmupLost=%d late=%d bad=%d unexpected=%d stalls=%d udpRcvbufErrors=%d"
                        + " generatorCpu=%.0f%% (%.1fus/req, %d bytes allocated) serverCpu=%.0f%% otherCpu=%.0f%% serverCpuPerReq=%.1fus",
                authPerSecond(), accepts, rejects, p50Micros, p99Micros, p999Micros, maxMicros, lost, warmupLost,
                late, bad, unexpected, sendStalls, udpDrops.receiveBufferErrors(), 100 * generatorCpuShare(),
                generatorCpuMicrosPerRequest(), generatorAllocatedBytes, 100 * serverCpuShare(), 100 * otherCpuShare(), serverCpuMicrosPerRequest());
    }
}
