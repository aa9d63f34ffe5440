package org.posnet.bench.lns;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.posnet.aaa.accounting.Accounting;
import org.posnet.aaa.accounting.AcctSession;
import org.posnet.aaa.accounting.SessionEvent;
import org.posnet.aaa.accounting.MemorySessionStore;
import org.posnet.aaa.codec.SharedSecret;
import org.posnet.aaa.dictionary.Dictionary;
import org.posnet.aaa.policy.AccessPolicy;
import org.posnet.aaa.policy.Cidr;
import org.posnet.aaa.policy.Directory;
import org.posnet.aaa.policy.Domain;
import org.posnet.aaa.policy.IpPools;
import org.posnet.aaa.policy.Nas;
import org.posnet.aaa.policy.NasRole;
import org.posnet.aaa.policy.NasTable;
import org.posnet.aaa.policy.Subscriber;
import org.posnet.aaa.server.RadiusServer;
import org.posnet.aaa.transport.RadiusUdpServer;
import org.posnet.common.time.FakeTicker;

/**
 * PosNet's real AAA in both roles for the LNS benchmark, in process: terminal <i>i</i> is
 * {@link #user(int)} with {@link #password(int)} and {@link #imsi(int)}; the carrier LACs are known
 * as {@link #LAC_NAS}, the LNS as {@link #LNS_NAS}; one VPDN domain whose pool holds a million
 * addresses. Accounting is kept in memory and Starts are counted.
 */
final class LnsBenchAaa implements AutoCloseable {
    static final String DOMAIN = "POSBANK.133VPDN.SX";
    static final String TUNNEL_SECRET = "bench-tunnel-secret";
    static final String POOL = "10.64.0.0/12";
    static final String LAC_NAS = "127.0.0.1";
    static final String LNS_NAS = "127.0.0.2";
    static final SharedSecret LAC_SECRET = SharedSecret.of("bench-lac-secret");
    static final SharedSecret LNS_SECRET = SharedSecret.of("bench-lns-secret");
    private static final long IMSI_BASE = 460_030_000_000_000L;

    private final int users;
    private final IpPools pools = new IpPools(new FakeTicker(), Duration.ofSeconds(60));
    private final Accounting accounting;
    private final RadiusUdpServer udp;
    private final LongAdder starts = new LongAdder();
    private final LongAdder stops = new LongAdder();
    private volatile Directory directory;

    LnsBenchAaa(int users, int threads) throws Exception {
        this.users = users;
        endpoints(List.of("127.0.0.3"));
        NasTable nas = new NasTable(List.of(
                new Nas("lac", new Cidr(Cidr.parseAddress(LAC_NAS), 32), LAC_SECRET, NasRole.LAC),
                new Nas("lns", new Cidr(Cidr.parseAddress(LNS_NAS), 32), LNS_SECRET, NasRole.LNS)));
        accounting = new Accounting(new MemorySessionStore(), () -> directory, pools, Clock.systemUTC(), Duration.ofSeconds(900),
                this::event);
        AccessPolicy policy = new AccessPolicy(() -> directory, pools, new AccessPolicy.Settings(86400, 300, "bank-lns"));
        RadiusServer server = new RadiusServer(() -> nas, policy, accounting,
                new RadiusServer.Settings(true, 8, Dictionary.standard()), new FakeTicker(), new SimpleMeterRegistry());
        udp = new RadiusUdpServer(server, new RadiusUdpServer.Options("127.0.0.1", 0, 0, threads, 4 << 20));
    }

    static String user(int i) {
        // "t%08d@DOMAIN" without a Formatter: it is called once per dial, inside the measured phase
        String digits = Integer.toString(i);
        return "t" + "00000000".substring(Math.min(8, digits.length())) + digits + "@" + DOMAIN;
    }

    static String password(int i) {
        return "pw" + Integer.toString(i * 7919 + 13, 36);
    }

    static String imsi(int i) {
        return Long.toString(IMSI_BASE + i);
    }

    /** Where the carrier AAA sends the LACs ("a.b.c.d:port"). */
    void endpoints(List<String> lns) {
        Domain domain = new Domain(DOMAIN, lns, TUNNEL_SECRET.getBytes(StandardCharsets.UTF_8), List.of(),
                Cidr.parse(POOL), List.of(Cidr.parseAddress("10.0.0.53")));
        Directory.Builder b = Directory.builder(users).domain(domain);
        for (int i = 0; i < users; i++) {
            b.user(new Subscriber(user(i), password(i).getBytes(StandardCharsets.UTF_8), IMSI_BASE + i, 13_300_000_000L + i,
                    Integer.toString(10_000_000 + i), true));
        }
        directory = b.build();
        pools.reconcile(directory.domains());
    }

    InetSocketAddress auth() {
        return new InetSocketAddress("127.0.0.1", udp.authPort());
    }

    InetSocketAddress acct() {
        return new InetSocketAddress("127.0.0.1", udp.acctPort());
    }

    long accountingStarts() {
        return starts.sum();
    }

    long accountingStops() {
        return stops.sum();
    }

    private void event(SessionEvent e) {
        if (e.type() == SessionEvent.Type.STARTED) {
            starts.increment();
        } else if (e.type() == SessionEvent.Type.STOPPED) {
            stops.increment();
        }
    }

    @Override
    public void close() {
        udp.close();
        accounting.close();
    }

}
