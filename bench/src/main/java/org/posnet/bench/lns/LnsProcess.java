package org.posnet.bench.lns;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import io.netty.channel.EventLoopGroup;
import org.posnet.aaa.client.RadiusClient;
import org.posnet.aaa.codec.SharedSecret;
import org.posnet.vpdn.l2tp.transport.TunnelTiming;
import org.posnet.vpdn.l2tp.transport.Udp;
import org.posnet.vpdn.lns.Lns;
import org.posnet.vpdn.lns.LnsConfig;
import org.posnet.vpdn.lns.TunnelDomain;

/**
 * The LNS alone in its own JVM, so its heap can be measured without the LAC's and the terminals'
 * ({@code jcmd GC.run} + {@code GC.heap_info} from the parent). Prints {@code ready port=P} once
 * listening; then answers {@code online} with {@code online N} and {@code quit} with {@code bye}
 * after a graceful close. Exits when stdin closes, so it never outlives the benchmark.
 *
 * <p>Arguments: {@code BIND AUTH_PORT ACCT_PORT MAX_TUNNELS MAX_SESSIONS}.
 */
public final class LnsProcess {
    private LnsProcess() {
    }

    public static void main(String[] args) throws Exception {
        String bind = args[0];
        int authPort = Integer.parseInt(args[1]);
        int acctPort = Integer.parseInt(args[2]);
        int maxTunnels = Integer.parseInt(args[3]);
        int maxSessions = Integer.parseInt(args[4]);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        RadiusClient.Options ro = new RadiusClient.Options(Duration.ofSeconds(2), 2, LnsBenchAaa.LNS_NAS);
        // one event loop for L2TP and both RADIUS clients, as BankLns runs it
        EventLoopGroup loop = Udp.newGroup(1);
        try (RadiusClient auth = new RadiusClient(List.of(server(authPort)), ro, loop);
             RadiusClient acct = new RadiusClient(List.of(server(acctPort)), ro, loop)) {
            LnsConfig config = LnsConfig.of(bind, "bank-lns",
                            List.of(new TunnelDomain(LnsBenchAaa.DOMAIN, LnsBenchAaa.TUNNEL_SECRET, List.of())),
                            SharedSecret.of("unused"))
                    .withPorts(0, -1).withTiming(TunnelTiming.rfc()).withLimits(maxTunnels, 0xFFFF, maxSessions);
            Lns lns = new Lns(config, auth, acct, new SimpleMeterRegistry(), loop);
            out.println("ready port=" + lns.port());
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            try {
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.equals("online")) {
                        out.println("online " + lns.sessionsOnline() + " tunnels " + lns.tunnels());
                    } else if (line.equals("quit")) {
                        break;
                    }
                }
            } finally {
                lns.close();
            }
            out.println("bye");
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
        System.exit(0);
    }

    private static RadiusClient.Server server(int port) {
        return new RadiusClient.Server(new InetSocketAddress("127.0.0.1", port), LnsBenchAaa.LNS_SECRET);
    }
}
