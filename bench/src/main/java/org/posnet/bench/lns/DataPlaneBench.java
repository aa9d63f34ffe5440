package org.posnet.bench.lns;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.posnet.aaa.client.RadiusClient;
import org.posnet.vpdn.dataplane.LacDataPlane;
import org.posnet.vpdn.dataplane.LnsDataPlane;
import org.posnet.vpdn.dataplane.lab.NetLab;
import org.posnet.vpdn.l2tp.transport.TunnelTiming;
import org.posnet.vpdn.lac.Lac;
import org.posnet.vpdn.lac.LacConfig;
import org.posnet.vpdn.lac.RadiusCarrierAaa;
import org.posnet.vpdn.lac.Terminal;
import org.posnet.vpdn.lns.Lns;
import org.posnet.vpdn.lns.LnsConfig;
import org.posnet.vpdn.lns.TunnelDomain;

/**
 * TCP throughput through the VPDN data plane beside the same transfer over a plain veth pair, in the
 * same run and the same namespaces ({@link NetLab}): a client in the carrier namespace sends
 * {@link Options#bytes} to a sink in the bank namespace, once bound to a dialled terminal's address
 * (TUN → PPP → L2TP over loopback → PPP → TUN, all in this JVM) and once over the veth. The time runs
 * from connect until the sink acknowledges the last byte. Needs root and /dev/net/tun.
 */
public final class DataPlaneBench {
    private static final int SINK_PORT = 5201;
    private static final int CHUNK = 64 * 1024;

    /** @param bytes bytes per transfer; @param repeats transfers per path (the best counts) */
    public record Options(long bytes, int repeats) {
        public static Options defaults() {
            return new Options(64L << 20, 3);
        }

        public static Options smoke() {
            return new Options(2L << 20, 1);
        }
    }

    /** Best Mbit/s of each path (10^6 bits per second of TCP payload). */
    public record Result(Options options, double tunnelMbps, double vethMbps) {
        public double ratio() {
            return tunnelMbps / vethMbps;
        }

        public String markdown() {
            return String.format(Locale.ROOT, "| path | TCP Mbit/s |%n|---|--:|%n| PPP + L2TP (PosNet LAC → LNS, TUN both ends) | %,.0f |%n"
                    + "| plain veth | %,.0f |%n| ratio | %.3f |%n", tunnelMbps, vethMbps, ratio());
        }
    }

    private DataPlaneBench() {
    }

    public static Result run(Options o, PrintStream out) throws Exception {
        try (LnsBenchAaa aaa = new LnsBenchAaa(1, 1);
             RadiusClient lnsAuth = lnsClient(aaa.auth());
             RadiusClient lnsAcct = lnsClient(aaa.acct());
             RadiusCarrierAaa carrier = new RadiusCarrierAaa(List.of(new RadiusClient.Server(aaa.auth(), LnsBenchAaa.LAC_SECRET)),
                     new RadiusClient.Options(Duration.ofSeconds(1), 2, LnsBenchAaa.LAC_NAS), "PDSN-BENCH-0");
             NetLab lab = NetLab.create(LnsBenchAaa.POOL)) {
            LnsConfig config = LnsConfig.of("127.0.0.3", "bank-lns",
                    List.of(new TunnelDomain(LnsBenchAaa.DOMAIN, LnsBenchAaa.TUNNEL_SECRET, List.of())),
                    LnsBenchAaa.LNS_SECRET).withPorts(0, -1);
            try (Lns lns = new Lns(config, lnsAuth, lnsAcct, new SimpleMeterRegistry());
                 Lac lac = new Lac(LacConfig.of("127.0.0.4", "PDSN-BENCH-0").withTiming(TunnelTiming.rfc()), carrier,
                         new SimpleMeterRegistry());
                 LnsDataPlane lnsPlane = LnsDataPlane.attach(lns, lab.bankTun());
                 LacDataPlane lacPlane = LacDataPlane.attach(lab.carrierTun());
                 ServerSocket sink = lab.listenInBank(SINK_PORT)) {
                aaa.endpoints(List.of("127.0.0.3:" + lns.port()));
                Terminal t = new Terminal(lac, new Terminal.Sim(LnsBenchAaa.user(0), LnsBenchAaa.password(0),
                        LnsBenchAaa.imsi(0)), s -> { });
                Inet4Address address = t.dial().get(10, TimeUnit.SECONDS).address();
                lab.addTerminalAddress(address);
                lacPlane.carry(t, address);
                Thread sinkThread = sinkLoop(sink);
                double tunnel = 0;
                double veth = 0;
                for (int i = 0; i < o.repeats(); i++) {
                    // alternate, so a burst of other load on the machine hits both paths alike
                    double a = transfer(lab.socketInCarrier(address), NetLab.BANK_HOST, o.bytes());
                    double b = transfer(lab.socketInCarrier(null), NetLab.BANK_VETH, o.bytes());
                    out.printf(Locale.ROOT, "  run %d: tunnel %,.0f Mbit/s, veth %,.0f Mbit/s%n", i + 1, a, b);
                    tunnel = Math.max(tunnel, a);
                    veth = Math.max(veth, b);
                }
                sinkThread.interrupt();
                Result r = new Result(o, tunnel, veth);
                out.printf(Locale.ROOT, "data plane: %,d bytes per transfer, best of %d: tunnel %,.0f Mbit/s, veth %,.0f Mbit/s (%.1f %%)%n",
                        o.bytes(), o.repeats(), tunnel, veth, 100 * r.ratio());
                out.print(r.markdown());
                return r;
            }
        }
    }

    private static RadiusClient lnsClient(InetSocketAddress to) throws InterruptedException {
        return new RadiusClient(List.of(new RadiusClient.Server(to, LnsBenchAaa.LNS_SECRET)),
                new RadiusClient.Options(Duration.ofSeconds(1), 2, LnsBenchAaa.LNS_NAS));
    }

    /** Reads each connection to its end, then answers one byte: the sender's clock stops on it. */
    private static Thread sinkLoop(ServerSocket sink) {
        Thread th = new Thread(() -> {
            byte[] buf = new byte[CHUNK];
            while (!sink.isClosed()) {
                try (Socket s = sink.accept()) {
                    InputStream in = s.getInputStream();
                    while (in.read(buf) >= 0) {
                        // discard
                    }
                    s.getOutputStream().write(1);
                } catch (IOException e) {
                    return; // closed
                }
            }
        }, "dataplane-sink");
        th.setDaemon(true);
        th.start();
        return th;
    }

    private static double transfer(Socket s, String host, long bytes) throws IOException {
        byte[] chunk = new byte[CHUNK];
        try (s) {
            s.setSoTimeout(60_000);
            long start = System.nanoTime();
            s.connect(new InetSocketAddress(host, SINK_PORT), 5_000);
            OutputStream out = s.getOutputStream();
            for (long sent = 0; sent < bytes; sent += CHUNK) {
                out.write(chunk, 0, (int) Math.min(CHUNK, bytes - sent));
            }
            s.shutdownOutput();
            if (s.getInputStream().read() != 1) {
                throw new IOException("the sink did not acknowledge");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return bytes * 8 / seconds / 1e6;
        }
    }

    /** {@code [--smoke] [--bytes N] [--repeats N]} */
    public static void main(String[] args) throws Exception {
        Options o = Options.defaults();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--smoke" -> o = Options.smoke();
                case "--bytes" -> o = new Options(Long.parseLong(args[++i]), o.repeats());
                case "--repeats" -> o = new Options(o.bytes(), Integer.parseInt(args[++i]));
                default -> {
                    System.err.println("usage: DataPlaneBench [--smoke] [--bytes N] [--repeats N]");
                    System.exit(2);
                }
            }
        }
        run(o, System.out);
        System.exit(0);
    }
}
