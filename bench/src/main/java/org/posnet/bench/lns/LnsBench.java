package org.posnet.bench.lns;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import io.netty.channel.EventLoopGroup;
import org.posnet.aaa.client.RadiusClient;
import org.posnet.vpdn.l2tp.codec.ResultCode;
import org.posnet.vpdn.l2tp.control.ControlConnection;
import org.posnet.vpdn.l2tp.transport.L2tpTunnel;
import org.posnet.vpdn.l2tp.transport.TunnelTiming;
import org.posnet.vpdn.l2tp.transport.Udp;
import org.posnet.vpdn.lac.Lac;
import org.posnet.vpdn.lac.LacConfig;
import org.posnet.vpdn.lac.RadiusCarrierAaa;
import org.posnet.vpdn.lac.Terminal;

/**
 * Session setups per second through LAC → LNS with RADIUS to PosNet's AAA, and the LNS's heap per
 * concurrent session. The AAA (both roles, generated users), the LACs and the terminals run in this
 * JVM; the LNS runs alone in a child JVM ({@link LnsProcess}, {@code -Xmx} = {@link Options#lnsHeap})
 * whose heap is read after a full GC with jcmd, before the calls and with all of them online.
 * Every call is the whole flow: LCP + CHAP with the LAC, carrier Access-Request, tunnel (opened or
 * reused), ICRQ/ICRP/ICCN with hidden proxy AVPs, bank Access-Request, LCP again, IPCP,
 * Accounting-Start.
 */
public final class LnsBench {
    /**
     * @param sessions calls to set up and hold
     * @param tunnels tunnels they are spread over (sessions per tunnel = sessions / tunnels)
     * @param lacs LAC instances, each with its own socket and event loop (tunnels are split between them)
     * @param inFlight dials outstanding at once (at most ~250: one RADIUS client has 256 identifiers)
     * @param aaaThreads the AAA's event loops
     * @param lnsHeap the LNS child's -Xmx/-Xms, e.g. "1g"
     * @param markdown where to write the markdown snippet, or null
     * @param warmup calls set up and hung up again before the measured ones (at most {@code sessions}),
     *     so that the measured calls run compiled code: the JIT compilers of both JVMs used about as
     *     much CPU as the calls themselves during the first 30 seconds
     */
    /** See {@link Options#warmupRounds()}. */
    static final int WARMUP_ROUNDS = 4;

    public record Options(int sessions, int tunnels, int lacs, int inFlight, int aaaThreads, String lnsHeap,
                          Path markdown, int warmup) {
        public Options {
            if (sessions < 1 || tunnels < 1 || lacs < 1 || inFlight < 1 || inFlight > 250 || tunnels < lacs
                    || warmup < 0 || warmup > sessions) {
                throw new IllegalArgumentException("sessions, tunnels >= lacs >= 1, 1 <= inFlight <= 250, 0 <= warmup <= sessions");
            }
        }

        /** The target: 100,000 sessions over 1,000 tunnels in a 1 GiB LNS heap. */
        public static Options defaults() {
            return new Options(100_000, 1_000, 2, 200, 1, "1g", null, 20_000);
        }

        /** For CI: 3,000 sessions over 30 tunnels, a few seconds. */
        public static Options smoke() {
            return new Options(3_000, 30, 2, 100, 1, "1g", null, 1_000);
        }

        public Options withSessions(int n, int t) {
            return new Options(n, t, lacs, inFlight, aaaThreads, lnsHeap, markdown, Math.min(warmup, n));
        }

        public Options withLacs(int n) {
            return new Options(sessions, tunnels, n, inFlight, aaaThreads, lnsHeap, markdown, warmup);
        }

        public Options withInFlight(int n) {
            return new Options(sessions, tunnels, lacs, n, aaaThreads, lnsHeap, markdown, warmup);
        }

        public Options withAaaThreads(int n) {
            return new Options(sessions, tunnels, lacs, inFlight, n, lnsHeap, markdown, warmup);
        }

        public Options withLnsHeap(String h) {
            return new Options(sessions, tunnels, lacs, inFlight, aaaThreads, h, markdown, warmup);
        }

        public Options withMarkdown(Path p) {
            return new Options(sessions, tunnels, lacs, inFlight, aaaThreads, lnsHeap, p, warmup);
        }

        public Options withWarmup(int n) {
            return new Options(sessions, tunnels, lacs, inFlight, aaaThreads, lnsHeap, markdown, n);
        }

        /**
         * Rounds the warm-up is split into: each round dials its share and hangs it up again, so the
         * code the measured calls run was compiled after it had seen hang-ups too (one round of dials
         * followed by one of hang-ups left the compiled dial paths to deoptimize, and recompile,
         * while the measured calls ran).
         */
        int warmupRounds() {
            return warmup == 0 ? 0 : Math.max(1, Math.min(WARMUP_ROUNDS, warmup / 1_000));
        }

        /** Tunnels the warm-up opens (closed again after each round, but held for a while by both ends). */
        int warmupTunnels() {
            if (warmup == 0) {
                return 0;
            }
            int perRound = (warmup + warmupRounds() - 1) / warmupRounds();
            return warmupRounds() * ((perRound + sessionsPerTunnel() - 1) / sessionsPerTunnel() + lacs);
        }

        int sessionsPerTunnel() {
            return (sessions + tunnels - 1) / tunnels;
        }
    }

    /**
     * What one run measured. Heaps are bytes after a full GC in the LNS JVM (-1: jcmd unavailable).
     *
     * @param established calls that reached IPCP
     * @param failed calls that did not (dial failed or timed out)
     * @param lnsOnline calls the LNS counted online afterwards
     * @param lnsTunnels tunnels up at the LNS
     * @param accountingStarts Accounting-Starts the AAA recorded
     * @param accountingStops Accounting-Stops the AAA recorded once the LNS shut down gracefully
     * @param shutdownSeconds from the LNS's graceful close to the last Stop (or giving up)
     * @param cpu who used the CPU while the calls were set up, and UDP drops meanwhile
     */
    public record Result(Options options, int established, int failed, double seconds, double setupsPerSecond,
                         double p50Millis, double p99Millis, double maxMillis, int lnsOnline, int lnsTunnels,
                         long accountingStarts, long accountingStops, long heapIdleBytes, long heapLoadedBytes, String firstFailure,
                         double shutdownSeconds, CpuShare cpu) {

        /** LNS heap per online call: (loaded - idle) / online; -1 when unknown. */
        public long heapPerSessionBytes() {
            return heapIdleBytes < 0 || heapLoadedBytes < 0 || lnsOnline == 0 ? -1
                    : (heapLoadedBytes - heapIdleBytes) / lnsOnline;
        }

        public String table() {
            return String.format(Locale.ROOT,
                    "%-28s %,d of %,d (%,d failed)%n%-28s %,.0f /s over %.1f s (%d LACs, %d in flight, after %,d warm-up calls)%n"
                            + "%-28s p50 %.1f ms, p99 %.1f ms, max %.1f ms%n%-28s %,d online, %,d tunnels, %,d Accounting-Starts, %,d Stops at shutdown (%.1f s)%n"
                            + "%-28s idle %s, loaded %s, %s per session (-Xmx%s)%n%-28s %s%n",
                    "calls established", established, options.sessions(), failed,
                    "session setups", setupsPerSecond, seconds, options.lacs(), options.inFlight(), options.warmup(),
                    "setup latency", p50Millis, p99Millis, maxMillis,
                    "LNS", lnsOnline, lnsTunnels, accountingStarts, accountingStops, shutdownSeconds,
                    "LNS heap after full GC", mib(heapIdleBytes), mib(heapLoadedBytes),
                    heapPerSessionBytes() < 0 ? "?" : String.format(Locale.ROOT, "%,d B", heapPerSessionBytes()),
                    options.lnsHeap(), "while dialling", cpu.describe());
        }

        public String markdown() {
            return String.format(Locale.ROOT,
                    "| sessions | tunnels | LACs | in flight | setups/s | p50 ms | p99 ms | failed | LNS heap idle | LNS heap loaded | per session |%n"
                            + "|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|%n"
                            + "| %,d | %,d | %d | %d | %,.0f | %.1f | %.1f | %,d | %s | %s | %s |%n",
                    established, lnsTunnels, options.lacs(), options.inFlight(), setupsPerSecond, p50Millis, p99Millis,
                    failed, mib(heapIdleBytes), mib(heapLoadedBytes),
                    heapPerSessionBytes() < 0 ? "?" : String.format(Locale.ROOT, "%,d B", heapPerSessionBytes()));
        }

        private static String mib(long bytes) {
            return bytes < 0 ? "?" : String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
        }
    }

    private LnsBench() {
    }

    public static Result run(Options o, PrintStream out) throws Exception {
        out.printf(Locale.ROOT, "LNS bench: %,d sessions over %,d tunnels, %d LACs, %d in flight, LNS -Xmx%s, %,d warm-up calls%n",
                o.sessions(), o.tunnels(), o.lacs(), o.inFlight(), o.lnsHeap(), o.warmup());
        List<AutoCloseable> open = new ArrayList<>();
        try (LnsBenchAaa aaa = new LnsBenchAaa(o.sessions(), o.aaaThreads())) {
            LnsChild lns = LnsChild.start("127.0.0.3", aaa.auth().getPort(), aaa.acct().getPort(),
                    o.tunnels() + o.lacs() + o.warmupTunnels(), o.sessions(), o.lnsHeap());
            open.add(lns);
            aaa.endpoints(List.of("127.0.0.3:" + lns.port()));
            List<Lac> lacs = new ArrayList<>();
            for (int k = 0; k < o.lacs(); k++) {
                // a LAC and its carrier RADIUS client share one event loop, as a lab LAC does
                EventLoopGroup loop = Udp.newGroup(1);
                RadiusCarrierAaa carrier = new RadiusCarrierAaa(List.of(new RadiusClient.Server(aaa.auth(), LnsBenchAaa.LAC_SECRET)),
                        new RadiusClient.Options(Duration.ofSeconds(2), 2, LnsBenchAaa.LAC_NAS), "PDSN-BENCH-" + k, loop);
                open.add(carrier);
                Lac lac = new Lac(new LacConfig("127.0.0." + (4 + k), 0, "PDSN-BENCH-" + k, 1701, true, o.sessionsPerTunnel(),
                        "#777", TunnelTiming.rfc()), carrier, new SimpleMeterRegistry(), loop);
                open.add(lac::crash); // dropped without StopCCN: the LNS child is closed first and clears its side
                open.add(() -> loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly()); // after both
                lacs.add(lac);
            }
            warmUp(o, lacs, aaa, out);
            long warmStarts = aaa.accountingStarts(); // the measured calls' are counted from here
            long warmStops = aaa.accountingStops();
            long idle = lns.heapUsedBytes();
            List<Terminal> terminals = new ArrayList<>();
            CpuShare.Phase dialling = new CpuShare.Phase(lns.pid());
            CallDialler.Outcome r = new CallDialler(lacs, o.inFlight(), 30).dial(o.sessions(), terminals,
                    (ok, failed, nanos) -> out.printf(Locale.ROOT, "  %,d up, %,d failed, %.1f s%n", ok, failed, nanos / 1e9));
            CpuShare cpu = dialling.end(r.established());
            int online = awaitOnline(lns, r.established());
            long starts = awaitStarts(aaa, warmStarts + r.established()) - warmStarts;
            long loaded = lns.heapUsedBytes();
            int tunnels = lacs.stream().mapToInt(LnsBench::tunnelsUp).sum();
            long closing = System.nanoTime();
            lns.close(); // graceful: CDN/StopCCN and an Accounting-Stop for every call
            long stops = awaitStops(aaa, warmStops + r.established()) - warmStops;
            double shutdownSeconds = (System.nanoTime() - closing) / 1e9;
            double seconds = r.nanos() / 1e9;
            Result result = new Result(o, r.established(), r.failed(), seconds, r.established() / seconds,
                    r.latency().getValueAtPercentile(50) / 1000.0, r.latency().getValueAtPercentile(99) / 1000.0,
                    r.latency().getMaxValue() / 1000.0, online, tunnels, starts, stops, idle, loaded, r.firstFailure(),
                    shutdownSeconds, cpu);
            out.print(result.table());
            out.print("setup time by step (each since the step before):\n" + r.steps().table());
            if (!result.firstFailure().isEmpty()) {
                out.println("first failure: " + result.firstFailure());
            }
            out.println();
            out.print(result.markdown());
            if (o.markdown() != null) {
                Files.writeString(o.markdown(), result.markdown());
            }
            return result;
        } finally {
            for (int i = 0; i < open.size(); i++) {
                try {
                    open.get(i).close();
                } catch (Exception e) {
                    out.println("cleanup: " + e);
                }
            }
        }
    }

    /**
     * The warm-up: {@code o.warmup()} whole calls, each hung up again by its terminal (LCP Terminate,
     * CDN, Accounting-Stop), then the tunnels they used closed with StopCCN.
     */
    private static void warmUp(Options o, List<Lac> lacs, LnsBenchAaa aaa, PrintStream out) throws Exception {
        if (o.warmup() == 0) {
            return;
        }
        long began = System.nanoTime();
        int rounds = o.warmupRounds();
        int established = 0;
        int failed = 0;
        long stops = 0;
        for (int round = 0; round < rounds; round++) {
            int calls = o.warmup() / rounds + (round < o.warmup() % rounds ? 1 : 0);
            List<Terminal> warm = new ArrayList<>();
            CallDialler.Outcome w = new CallDialler(lacs, o.inFlight(), 30).dial(calls, warm, (ok, f, nanos) -> { });
            Semaphore slots = new Semaphore(o.inFlight());
            for (Terminal t : warm) {
                slots.acquire();
                t.hangUp().orTimeout(30, TimeUnit.SECONDS).whenComplete((reason, err) -> slots.release());
            }
            slots.acquire(o.inFlight());
            stops = awaitStops(aaa, stops + w.established());
            established += w.established();
            failed += w.failed();
            for (Lac lac : lacs) {
                lac.eventLoop().submit(() -> {
                    for (L2tpTunnel t : lac.tunnels()) {
                        if (t.sessionCount() == 0 && t.state() == ControlConnection.State.ESTABLISHED) {
                            lac.endpoint().closeTunnel(t, ResultCode.of(ResultCode.STOPCCN_GENERAL_CLEAR));
                        }
                    }
                }).get(10, TimeUnit.SECONDS);
            }
        }
        out.printf(Locale.ROOT, "warm-up: %,d calls up (%,d failed) in %d rounds, hung up (%,d Accounting-Stops), tunnels closed, in %.1f s%n",
                established, failed, rounds, stops, (System.nanoTime() - began) / 1e9);
    }

    private static int tunnelsUp(Lac lac) {
        try {
            return lac.eventLoop().submit(() -> (int) lac.tunnels().stream()
                    .filter(t -> t.state() == ControlConnection.State.ESTABLISHED).count()).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return -1;
        }
    }

    private static int awaitOnline(LnsChild lns, int expected) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int n = lns.online();
        while (n < expected && System.nanoTime() < deadline) {
            Thread.sleep(200);
            n = lns.online();
        }
        return n;
    }

    /** Until every Stop arrived, or none arrived for 20 s (the LNS gave up or exited). */
    private static long awaitStops(LnsBenchAaa aaa, long expected) throws InterruptedException {
        long seen = aaa.accountingStops();
        long lastProgress = System.nanoTime();
        while (seen < expected && System.nanoTime() - lastProgress < Duration.ofSeconds(20).toNanos()) {
            Thread.sleep(100);
            long now = aaa.accountingStops();
            if (now > seen) {
                seen = now;
                lastProgress = System.nanoTime();
            }
        }
        return seen;
    }

    private static long awaitStarts(LnsBenchAaa aaa, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (aaa.accountingStarts() < expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return aaa.accountingStarts();
    }

    /**
     * {@code --smoke} | {@code --sessions N --tunnels N --lacs N --in-flight N --aaa-threads N --lns-heap 1g
     * --markdown FILE --warmup N} (after {@code --sessions}). Exits 1 when a call failed or an Accounting-Stop is missing after shutdown.
     */
    public static void main(String[] args) throws Exception {
        Options o = Options.defaults();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--smoke" -> o = Options.smoke().withMarkdown(o.markdown());
                case "--sessions" -> o = o.withSessions(Integer.parseInt(args[++i]), o.tunnels());
                case "--tunnels" -> o = o.withSessions(o.sessions(), Integer.parseInt(args[++i]));
                case "--lacs" -> o = o.withLacs(Integer.parseInt(args[++i]));
                case "--in-flight" -> o = o.withInFlight(Integer.parseInt(args[++i]));
                case "--aaa-threads" -> o = o.withAaaThreads(Integer.parseInt(args[++i]));
                case "--lns-heap" -> o = o.withLnsHeap(args[++i]);
                case "--markdown" -> o = o.withMarkdown(Path.of(args[++i]));
                case "--warmup" -> o = o.withWarmup(Integer.parseInt(args[++i]));
                default -> {
                    System.err.println("unknown option " + a + "; see LnsBench's javadoc of main");
                    System.exit(2);
                }
            }
        }
        Result r = run(o, System.out);
        System.exit(r.failed() == 0 && r.accountingStops() == r.established() ? 0 : 1);
    }
}
