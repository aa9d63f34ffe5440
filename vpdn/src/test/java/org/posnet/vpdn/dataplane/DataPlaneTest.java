package org.posnet.vpdn.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.posnet.aaa.client.RadiusClient;
import org.posnet.vpdn.dataplane.lab.NetLab;
import org.posnet.vpdn.l2tp.transport.TunnelTiming;
import org.posnet.vpdn.lab.AaaWorld;
import org.posnet.vpdn.lac.Lac;
import org.posnet.vpdn.lac.LacConfig;
import org.posnet.vpdn.lac.RadiusCarrierAaa;
import org.posnet.vpdn.lac.Terminal;
import org.posnet.vpdn.lns.Lns;
import org.posnet.vpdn.lns.LnsConfig;
import org.posnet.vpdn.lns.TunnelDomain;

/**
 * IP really crosses our PPP and L2TP: a TCP client bound to a dialled terminal's address in the
 * carrier namespace talks to an echo server in the bank namespace, and the only route between those
 * addresses is LAC → tunnel → LNS. Needs root and /dev/net/tun (skipped otherwise, unless CI=true).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DataPlaneTest {
  static final Duration WAIT = Duration.ofSeconds(10);
  static final TunnelTiming FAST = new TunnelTiming(Duration.ofMillis(200), Duration.ofMillis(400), 3, Duration.ofSeconds(60));
  static final int ECHO_PORT = 7007;
  static final String POOL = "10.64.0.0/16";

  AaaWorld aaa;
  RadiusClient lnsAuth;
  RadiusClient lnsAcct;
  RadiusCarrierAaa carrier;
  Lns lns;
  Lac lac;
  NetLab lab;
  LnsDataPlane lnsPlane;
  LacDataPlane lacPlane;
  ServerSocket server;

  @BeforeEach
  void start() throws Exception {
    boolean ci = "true".equals(System.getenv("CI"));
    assumeTrue(ci || (isRoot() && TunDevice.unavailableReason().isEmpty()), "needs root and /dev/net/tun");
    aaa = new AaaWorld();
    lnsAuth = aaa.lnsClient(aaa.auth());
    lnsAcct = aaa.lnsClient(aaa.acct());
    LnsConfig config = LnsConfig.of("127.0.0.3", "bank-lns",
            List.of(new TunnelDomain(AaaWorld.DOMAIN, AaaWorld.TUNNEL_SECRET, List.of(AaaWorld.LAC_HOST))), AaaWorld.LNS_SECRET)
        .withPorts(0, -1).withTiming(FAST);
    lns = new Lns(config, lnsAuth, lnsAcct, new SimpleMeterRegistry());
    aaa.endpoints(List.of("127.0.0.3:" + lns.port()));
    carrier = new RadiusCarrierAaa(List.of(new RadiusClient.Server(aaa.auth(), AaaWorld.LAC_SECRET)),
        new RadiusClient.Options(Duration.ofMillis(500), 2, AaaWorld.LAC_NAS), AaaWorld.LAC_HOST);
    lac = new Lac(LacConfig.of("127.0.0.4", AaaWorld.LAC_HOST).withTiming(FAST), carrier, new SimpleMeterRegistry());
    lab = NetLab.create(POOL);
    lnsPlane = LnsDataPlane.attach(lns, lab.bankTun());
    lacPlane = LacDataPlane.attach(lab.carrierTun());
    server = lab.listenInBank(ECHO_PORT);
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (lacPlane != null) {
      lacPlane.close();
    }
    if (lnsPlane != null) {
      lnsPlane.close();
    }
    if (lab != null) {
      lab.close();
    }
    if (lac != null) {
      lac.close();
    }
    if (lns != null) {
      lns.close();
    }
    if (carrier != null) {
      carrier.close();
      lnsAuth.close();
      lnsAcct.close();
      aaa.close();
    }
  }

  @Test
  void tcpFromATerminalAddress_crossesTheTunnel_andStopsWithTheLns() throws Exception {
    Terminal t = new Terminal(lac, new Terminal.Sim(AaaWorld.USER, AaaWorld.PASSWORD, AaaWorld.IMSI), s -> { });
    Inet4Address address = t.dial().get(WAIT.toMillis(), TimeUnit.MILLISECONDS).address();
    lab.addTerminalAddress(address);
    lacPlane.carry(t, address);

    CompletableFuture<InetSocketAddress> seen = echoOnce();
    byte[] sent = new byte[16 * 1024];
    new Random(7).nextBytes(sent);
    byte[] back = exchange(lab.socketInCarrier(address), NetLab.BANK_HOST, sent, 5_000);

    assertThat(back).isEqualTo(sent);
    assertThat(seen.get(5, TimeUnit.SECONDS).getAddress()).isEqualTo(address);
    assertThat(lnsPlane.packetsToBank()).isGreaterThan(10);
    assertThat(lnsPlane.packetsToTerminals()).isGreaterThan(10);
    assertThat(lacPlane.packetsToTunnel()).isGreaterThan(10);
    assertThat(lnsPlane.packetsSpoofed()).isZero();

    // without our LNS the terminal's address leads nowhere, though the bank is up and reachable over the veth
    lns.close();
    lns = null;
    CompletableFuture<InetSocketAddress> viaVeth = echoOnce();
    assertThat(exchange(lab.socketInCarrier(null), NetLab.BANK_VETH, sent, 5_000)).isEqualTo(sent);
    assertThat(viaVeth.get(5, TimeUnit.SECONDS).getAddress().getHostAddress()).isEqualTo(NetLab.CARRIER_VETH);
    assertThatThrownBy(() -> exchange(lab.socketInCarrier(address), NetLab.BANK_HOST, sent, 2_000))
        .isInstanceOf(IOException.class);
  }

  @Test
  void noTunDevice_isReportedAndTheLnsKeepsServingCalls() throws Exception {
    // a name the kernel refuses stands in for a machine without TUN: same path, same answer
    assertThat(LnsDataPlane.start(lns, "bad/name", List.of(POOL))).isEmpty();
    assertThatThrownBy(() -> TunDevice.open("bad/name")).isInstanceOf(TunUnavailableException.class);
    lnsPlane.close();
    lnsPlane = null;
    Terminal t = new Terminal(lac, new Terminal.Sim(AaaWorld.USER, AaaWorld.PASSWORD, AaaWorld.IMSI), s -> { });
    assertThat(t.dial().get(WAIT.toMillis(), TimeUnit.MILLISECONDS).address().getHostAddress()).startsWith("10.64.");
    assertThat(lns.sessionsOnline()).isEqualTo(1);
  }

  /** Accepts one connection, echoes until EOF; completes with the client's address as the server saw it. */
  private CompletableFuture<InetSocketAddress> echoOnce() {
    CompletableFuture<InetSocketAddress> peer = new CompletableFuture<>();
    Thread th = new Thread(() -> {
      try (Socket s = server.accept()) {
        peer.complete((InetSocketAddress) s.getRemoteSocketAddress());
        s.getInputStream().transferTo(s.getOutputStream());
      } catch (IOException e) {
        peer.completeExceptionally(e);
      }
    }, "echo");
    th.setDaemon(true);
    th.start();
    return peer;
  }

  private static byte[] exchange(Socket s, String host, byte[] data, int timeoutMillis) throws IOException {
    try (s) {
      s.setSoTimeout(timeoutMillis);
      s.connect(new InetSocketAddress(host, ECHO_PORT), timeoutMillis);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      out.write(data);
      out.flush();
      s.shutdownOutput();
      byte[] back = new byte[data.length];
      new DataInputStream(in).readFully(back);
      return back;
    }
  }

  static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }
}
