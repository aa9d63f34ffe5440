package org.posnet.bench.aaa;

import java.time.Duration;

/**
 * How {@link RadiusLoadGenerator} drives a server: a closed loop of {@code inFlight} outstanding requests
 * spread over {@code sockets} UDP sockets served by {@code threads} event-loop threads.
 *
 * @param inFlight           requests outstanding at any time, over all sockets
 * @param sockets            UDP sockets (each its own source port, so its own 256 identifiers)
 * @param threads            event-loop threads; socket i belongs to thread i % threads
 * @param warmup             load whose results are discarded (JIT, caches, server thread pools)
 * @param duration           the measured phase
 * @param timeout            a request unanswered this long is LOST and its slot freed; never retried
 * @param maxRequests        hard bound on requests sent, warm-up included
 * @param wrongPasswordEvery every n-th request carries a wrong password and must be rejected (0: none)
 * @param socketBufferBytes  SO_RCVBUF and SO_SNDBUF; the kernel caps them at net.core.[rw]mem_max
 * @param sourceAddress      local address to send from: servers tell clients (NAS) apart by it
 */
public record LoadSettings(int inFlight, int sockets, int threads, Duration warmup, Duration duration,
                           Duration timeout, long maxRequests, int wrongPasswordEvery, int socketBufferBytes,
                           String sourceAddress) {

    public static final int MAX_IN_FLIGHT_PER_SOCKET = 255;

    public LoadSettings {
        if (sockets < 1 || threads < 1 || threads > sockets) {
            throw new IllegalArgumentException("need 1 <= threads <= sockets, got threads=" + threads
                    + " sockets=" + sockets);
        }
        if (inFlight < sockets || inFlight > sockets * MAX_IN_FLIGHT_PER_SOCKET) {
            throw new IllegalArgumentException("inFlight must be sockets.." + sockets * MAX_IN_FLIGHT_PER_SOCKET
                    + " (one 8-bit identifier space per socket), got " + inFlight);
        }
        if (warmup.isNegative() || duration.isNegative() || duration.isZero() || timeout.isNegative()
                || timeout.isZero()) {
            throw new IllegalArgumentException("warmup >= 0, duration > 0 and timeout > 0 are required");
        }
        if (maxRequests < 1 || wrongPasswordEvery < 0 || socketBufferBytes < 0) {
            throw new IllegalArgumentException("maxRequests >= 1, wrongPasswordEvery >= 0, socketBufferBytes >= 0");
        }
    }

    /** 256 in flight on 4 sockets from one thread: measured the leanest on two cores (bench/README.md). */
    public static LoadSettings defaults() {
        return new LoadSettings(256, 4, 1, Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofSeconds(1),
                Long.MAX_VALUE, 0, 4 << 20, "127.0.0.1");
    }

    public LoadSettings withInFlight(int n) {
        return new LoadSettings(n, sockets, threads, warmup, duration, timeout, maxRequests, wrongPasswordEvery,
                socketBufferBytes, sourceAddress);
    }

    public LoadSettings withSockets(int n, int threadCount) {
        return new LoadSettings(inFlight, n, threadCount, warmup, duration, timeout, maxRequests,
                wrongPasswordEvery, socketBufferBytes, sourceAddress);
    }

    public LoadSettings withPhases(Duration warmupPhase, Duration measuredPhase) {
        return new LoadSettings(inFlight, sockets, threads, warmupPhase, measuredPhase, timeout, maxRequests,
                wrongPasswordEvery, socketBufferBytes, sourceAddress);
    }

    public LoadSettings withTimeout(Duration t) {
        return new LoadSettings(inFlight, sockets, threads, warmup, duration, t, maxRequests, wrongPasswordEvery,
                socketBufferBytes, sourceAddress);
    }

    public LoadSettings withMaxRequests(long n) {
        return new LoadSettings(inFlight, sockets, threads, warmup, duration, timeout, n, wrongPasswordEvery,
                socketBufferBytes, sourceAddress);
    }

    public LoadSettings withWrongPasswordEvery(int n) {
        return new LoadSettings(inFlight, sockets, threads, warmup, duration, timeout, maxRequests, n,
                socketBufferBytes, sourceAddress);
    }

    public LoadSettings withSocketBufferBytes(int n) {
        return new LoadSettings(inFlight, sockets, threads, warmup, duration, timeout, maxRequests,
                wrongPasswordEvery, n, sourceAddress);
    }

    public LoadSettings withSourceAddress(String address) {
        return new LoadSettings(inFlight, sockets, threads, warmup, duration, timeout, maxRequests,
                wrongPasswordEvery, socketBufferBytes, address);
    }

    @Override
    public String toString() {
        return "inFlight=" + inFlight + " sockets=" + sockets + " threads=" + threads + " warmup=" + warmup.toMillis()
                + "ms duration=" + duration.toMillis() + "ms timeout=" + timeout.toMillis() + "ms buffers="
                + (socketBufferBytes >> 10) + "KiB" + (wrongPasswordEvery > 0 ? " wrongPasswordEvery="
                + wrongPasswordEvery : "") + " from=" + sourceAddress;
    }
}
