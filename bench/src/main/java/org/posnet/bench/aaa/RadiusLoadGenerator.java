package org.posnet.bench.aaa;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/**
 * A closed-loop RADIUS Access-Request (PAP) load generator: a fixed number of requests in flight over several
 * UDP sockets, every packet distinct (next user, fresh Request Authenticator, next free identifier of its
 * socket), every reply verified, unanswered requests counted as lost after a timeout and never retried.
 * A warm-up phase, then a measured phase of fixed length, then a drain; it stops by itself.
 *
 * <p>It is lean on purpose: on a two-core machine every cycle it spends is taken from the server it measures.
 */
public final class RadiusLoadGenerator {

    private final LoadSettings settings;
    private volatile int phase = LoadLoop.WARMUP;

    public RadiusLoadGenerator(LoadSettings settings) {
        this.settings = settings;
    }

    /**
     * Drives {@code endpoint} with {@code users} and returns what the measured phase saw.
     *
     * @param serverCpuNanos read at the start and end of the measured phase (e.g. the server's /proc CPU);
     *                       return -1 when unknown
     */
    public LoadResult run(RadiusEndpoint endpoint, BenchUsers users, LongSupplier serverCpuNanos)
            throws IOException, InterruptedException {
        phase = LoadLoop.WARMUP;
        InetSocketAddress target = new InetSocketAddress(InetAddress.getByName(endpoint.host()), endpoint.port());
        List<LoadLoop> loops = openLoops(target, endpoint, users);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < loops.size(); t++) {
            Thread thread = new Thread(loops.get(t), "radius-load-" + t);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);

        awaitAll(threads, settings.warmup().toNanos());
        phase = LoadLoop.MEASURE;
        long start = System.nanoTime();
        long selfCpuStart = ProcessStats.selfCpuNanos();
        long serverCpuStart = sample(serverCpuNanos);
        UdpCounters udpStart = UdpCounters.read();
        long machineCpuStart = MachineCpu.busyNanos();

        awaitAll(threads, settings.duration().toNanos());
        phase = LoadLoop.DRAIN;
        long measured = System.nanoTime() - start;
        long selfCpu = ProcessStats.selfCpuNanos() - selfCpuStart;
        long serverCpuEnd = sample(serverCpuNanos);
        UdpCounters udp = UdpCounters.read().since(udpStart);
        long machineCpuEnd = MachineCpu.busyNanos();
        long machineCpu = machineCpuStart < 0 || machineCpuEnd < 0 ? -1 : machineCpuEnd - machineCpuStart;

        // Outstanding requests either get their reply or time out: at most one timeout, plus scheduling slack.
        awaitAll(threads, settings.timeout().toNanos() + TimeUnit.SECONDS.toNanos(2));
        phase = LoadLoop.STOP;
        awaitAll(threads, TimeUnit.SECONDS.toNanos(5));
        for (int t = 0; t < threads.size(); t++) {
            if (threads.get(t).isAlive()) {
                throw new IllegalStateException(threads.get(t).getName() + " did not stop");
            }
            Throwable failure = loops.get(t).failure;
            if (failure != null) {
                throw new IOException("load loop " + t + " failed: " + failure, failure);
            }
        }
        long serverCpu = serverCpuStart < 0 || serverCpuEnd < 0 ? -1 : serverCpuEnd - serverCpuStart;
        return summarise(loops, measured, selfCpu, serverCpu, udp, machineCpu);
    }

    private List<LoadLoop> openLoops(InetSocketAddress target, RadiusEndpoint endpoint, BenchUsers users)
            throws IOException {
        InetAddress source = InetAddress.getByName(settings.sourceAddress());
        byte[] secret = endpoint.secretBytes();
        List<LoadLoop> loops = new ArrayList<>();
        List<java.io.Closeable> opened = new ArrayList<>();
        try {
            for (int t = 0; t < settings.threads(); t++) {
                Selector selector = Selector.open();
                opened.add(selector);
                List<LoadLoop.Slots> slots = new ArrayList<>();
                for (int i = t; i < settings.sockets(); i += settings.threads()) {
                    DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
                    opened.add(channel);
                    if (settings.socketBufferBytes() > 0) {
                        channel.setOption(StandardSocketOptions.SO_RCVBUF, settings.socketBufferBytes());
                        channel.setOption(StandardSocketOptions.SO_SNDBUF, settings.socketBufferBytes());
                    }
                    channel.bind(new InetSocketAddress(source, 0));
                    // Connected: the kernel filters other senders and read() needs no sender address object.
                    channel.connect(target);
                    channel.configureBlocking(false);
                    LoadLoop.Slots s = new LoadLoop.Slots(channel, share(settings.inFlight(), settings.sockets(), i));
                    channel.register(selector, SelectionKey.OP_READ, s);
                    slots.add(s);
                }
                loops.add(new LoadLoop(() -> phase, selector, slots.toArray(new LoadLoop.Slots[0]), users,
                        new AccessRequestWriter(users, secret, source.getAddress()), new ReplyVerifier(secret),
                        settings, t, settings.threads(), System.nanoTime() ^ (0x9E3779B97F4A7C15L * (t + 1))));
            }
        } catch (IOException | RuntimeException e) {
            for (java.io.Closeable c : opened) {
                try {
                    c.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        return loops;
    }

    private LoadResult summarise(List<LoadLoop> loops, long measured, long selfCpu, long serverCpu,
                                 UdpCounters udp, long machineCpu) {
        long[][] c = new long[3][LoadLoop.KINDS];
        Histogram latency = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        long loopCpu = 0;
        long allocated = 0;
        for (LoadLoop loop : loops) {
            for (int p = 0; p < 3; p++) {
                for (int k = 0; k < LoadLoop.KINDS; k++) {
                    c[p][k] += loop.counts[p][k];
                }
            }
            latency.add(loop.latency);
            if (loop.measureCpuStart >= 0 && loop.measureCpuEnd >= 0) {
                loopCpu += loop.measureCpuEnd - loop.measureCpuStart;
            }
            if (allocated >= 0 && loop.measureAllocatedStart >= 0 && loop.measureAllocatedEnd >= 0) {
                allocated += loop.measureAllocatedEnd - loop.measureAllocatedStart;
            } else {
                allocated = -1;
            }
        }
        long[] m = c[LoadLoop.MEASURE];
        long[] w = c[LoadLoop.WARMUP];
        long[] d = c[LoadLoop.DRAIN];
        return new LoadResult(settings, measured, m[LoadLoop.SENT], m[LoadLoop.ACCEPT], m[LoadLoop.REJECT],
                m[LoadLoop.BAD] + d[LoadLoop.BAD], m[LoadLoop.UNEXPECTED] + d[LoadLoop.UNEXPECTED],
                m[LoadLoop.LOST], w[LoadLoop.LOST], m[LoadLoop.LATE] + d[LoadLoop.LATE],
                m[LoadLoop.SEND_STALL], m[LoadLoop.SOCKET_ERROR] + d[LoadLoop.SOCKET_ERROR],
                latency.getValueAtPercentile(50), latency.getValueAtPercentile(99),
                latency.getValueAtPercentile(99.9), latency.getMaxValue(), loopCpu, allocated, selfCpu, serverCpu, udp, machineCpu);
    }

    // Spreads inFlight over the sockets; the first ones take the remainder.
    static int share(int total, int parts, int index) {
        return total / parts + (index < total % parts ? 1 : 0);
    }

    private static long sample(LongSupplier cpu) {
        try {
            return cpu.getAsLong();
        } catch (RuntimeException e) {
            return -1; // the server died mid-run; the lost count will say so
        }
    }

    // Returns early when every loop has finished (the request bound was reached).
    private static void awaitAll(List<Thread> threads, long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        for (Thread t : threads) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                TimeUnit.NANOSECONDS.timedJoin(t, left);
            }
        }
    }
}
