package org.posnet.vpdn.lns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.posnet.aaa.client.RadiusClient;
import org.posnet.vpdn.l2tp.codec.ResultCode;
import org.posnet.vpdn.l2tp.transport.TunnelTiming;
import org.posnet.vpdn.lab.AaaWorld;
import org.posnet.vpdn.lab.PacketCapture;
import org.posnet.vpdn.lab.Xl2tpd;
import org.posnet.vpdn.lac.CarrierAnswer;
import org.posnet.vpdn.lac.DialStep;
import org.posnet.vpdn.lac.Lac;
import org.posnet.vpdn.lac.LacConfig;
import org.posnet.vpdn.lac.Terminal;
import org.posnet.vpdn.lac.TunnelEndpoint;

/**
 * Interop with Debian's xl2tpd, both ways, on loopback. xl2tpd completes the tunnel (with challenge)
 * and the session, then cannot start pppd here and clears the call with CDN; a wrong secret ends in
 * StopCCN 2/6. Every datagram passes the tshark lint.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class Xl2tpdInteropTest {
  static final Duration WAIT = Duration.ofSeconds(15);
  // ZLBs delayed 20 ms (as in production, shorter): xl2tpd must take acks carried late or by other messages
  static final TunnelTiming FAST = new TunnelTiming(Duration.ofMillis(300), Duration.ofMillis(600), 3, Duration.ofSeconds(60),
      Duration.ofMillis(20));

  @TempDir Path dir;

  @BeforeAll
  static void xl2tpdPresent() {
    assumeTrue(Xl2tpd.usable(), "xl2tpd is not installed (and CI is not set)");
  }

  static int freePort(String address) throws Exception {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(address, 0))) {
      return s.getLocalPort();
    }
  }

  /** Our LNS for xl2tpd's LAC; the AAA is real but only reached if PPP got that far. */
  static final class LnsUnderTest implements AutoCloseable {
    final AaaWorld aaa = new AaaWorld();
    final RadiusClient auth = aaa.lnsClient(aaa.auth());
    final RadiusClient acct = aaa.lnsClient(aaa.acct());
    final Lns lns;
    final List<ResultCode> tunnelsDown = new CopyOnWriteArrayList<>();
    final CompletableFuture<String> tunnelUp = new CompletableFuture<>();
    final CompletableFuture<ResultCode> tunnelDown = new CompletableFuture<>();
    final CompletableFuture<ResultCode> callDown = new CompletableFuture<>();

    LnsUnderTest() throws Exception {
      lns = new Lns(LnsConfig.of("127.0.0.3", "bank-lns",
          List.of(new TunnelDomain(AaaWorld.DOMAIN, AaaWorld.TUNNEL_SECRET, List.of(AaaWorld.LAC_HOST))), AaaWorld.LNS_SECRET)
          .withPorts(0, -1).withTiming(FAST), auth, acct, new SimpleMeterRegistry());
      lns.observe(new LnsObserver() {
        @Override
        public void tunnelUp(String lac, int id) {
          tunnelUp.complete(lac);
        }

        @Override
        public void tunnelDown(String lac, int id, ResultCode reason) {
          tunnelDown.complete(reason);
        }

        @Override
        public void callDown(String user, String acctSessionId, ResultCode reason, int cause) {
          callDown.complete(reason);
        }
      });
    }

    private boolean closed;

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      lns.close();
      auth.close();
      acct.close();
      aaa.close();
    }
  }

  @Test
  void xl2tpdLac_setsUpTunnelAndSession_thenItsCdnIsHandledCleanly() throws Exception {
    int port = freePort("127.0.0.5");
    try (LnsUnderTest lns = new LnsUnderTest();
         PacketCapture capture = new PacketCapture(dir, List.of(lns.lns.port(), port));
         Xl2tpd xl = Xl2tpd.lac(dir, "127.0.0.5", port, AaaWorld.LAC_HOST, "127.0.0.3:" + lns.lns.port(), AaaWorld.TUNNEL_SECRET)) {
      xl.connect();
      assertThat(lns.tunnelUp.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(AaaWorld.LAC_HOST);
      ResultCode cdn = lns.callDown.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(cdn.result()).isPositive();
      assertThat(xl.awaitLog(l -> l.contains("Call established"), WAIT)).as(xl.log()).isTrue();
      assertThat(lns.lns.sessionsOnline()).isZero();
      assertThat(lns.lns.endpoint().sessionsUp()).isZero();
      xl.close();
      lns.close();
      capture.assertLintClean();
    }
  }

  @Test
  void xl2tpdLac_withTheWrongSecret_endsInStopCcn2Error6() throws Exception {
    int port = freePort("127.0.0.5");
    try (LnsUnderTest lns = new LnsUnderTest();
         PacketCapture capture = new PacketCapture(dir, List.of(lns.lns.port(), port));
         Xl2tpd xl = Xl2tpd.lac(dir, "127.0.0.5", port, AaaWorld.LAC_HOST, "127.0.0.3:" + lns.lns.port(), "not-the-secret")) {
      xl.connect();
      ResultCode down = lns.tunnelDown.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(down.result()).isEqualTo(2);
      assertThat(down.errorCode()).isEqualTo(6);
      assertThat(lns.tunnelUp).isNotDone();
      assertThat(xl.awaitLog(l -> l.contains("Invalid challenge authentication"), WAIT)).as(xl.log()).isTrue();
      xl.close();
      lns.close();
      capture.assertLintClean();
      assertThat(capture.tshark("l2tp.result_code == 2 && l2tp.avp.error_code == 6")).isNotEmpty();
    }
  }

  /** Our LAC with a carrier AAA that names xl2tpd as the LNS. */
  Lac lacTowards(int xlPort, String secret) throws Exception {
    return new Lac(LacConfig.of("127.0.0.4", AaaWorld.LAC_HOST).withTiming(FAST).withHiddenProxyAvps(false),
        (credentials, imsi) -> CompletableFuture.completedFuture(new CarrierAnswer(true, "accepted",
            List.of(new TunnelEndpoint(1, 1, "127.0.0.6:" + xlPort, secret, AaaWorld.DOMAIN)))),
        new SimpleMeterRegistry());
  }

  @Test
  void ourLac_toXl2tpdLns_setsUpTunnelAndSession_thenTheCallEndsWithItsCdn() throws Exception {
    int port = freePort("127.0.0.6");
    List<DialStep> trace = new CopyOnWriteArrayList<>();
    try (Xl2tpd xl = Xl2tpd.lns(dir, "127.0.0.6", port, "xl2tpd-lns", AaaWorld.TUNNEL_SECRET)) {
      assertThat(xl.awaitLog(l -> l.contains("Listening on IP address"), WAIT)).as(xl.log()).isTrue();
      Lac lac = lacTowards(port, AaaWorld.TUNNEL_SECRET);
      try (PacketCapture capture = new PacketCapture(dir, List.of(lac.port(), port))) {
        Terminal t = new Terminal(lac, new Terminal.Sim(AaaWorld.USER, AaaWorld.PASSWORD, AaaWorld.IMSI), trace::add);
        assertThatThrownBy(() -> t.dial().get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
            .hasCauseInstanceOf(Terminal.DialFailed.class);
        assertThat(trace).filteredOn(DialStep::ok).extracting(DialStep::step).contains(
            DialStep.Step.PPP_CHAP, DialStep.Step.CARRIER_AAA, DialStep.Step.TUNNEL, DialStep.Step.SESSION);
        DialStep last = trace.get(trace.size() - 1);
        assertThat(last.ok()).isFalse();
        assertThat(last.detail()).contains("session cleared");
        assertThat(trace).filteredOn(s -> s.step() == DialStep.Step.TUNNEL && s.ok()).singleElement()
            .satisfies(s -> assertThat(s.detail()).contains("xl2tpd-lns"));
        lac.close();
        capture.assertLintClean();
      }
    }
  }

  @Test
  void ourLac_withTheWrongSecret_sendsStopCcn2Error6_andXl2tpdSaysSo() throws Exception {
    int port = freePort("127.0.0.6");
    List<DialStep> trace = new CopyOnWriteArrayList<>();
    try (Xl2tpd xl = Xl2tpd.lns(dir, "127.0.0.6", port, "xl2tpd-lns", AaaWorld.TUNNEL_SECRET)) {
      assertThat(xl.awaitLog(l -> l.contains("Listening on IP address"), WAIT)).as(xl.log()).isTrue();
      Lac lac = lacTowards(port, "not-the-secret");
      try (PacketCapture capture = new PacketCapture(dir, List.of(lac.port(), port))) {
        Terminal t = new Terminal(lac, new Terminal.Sim(AaaWorld.USER, AaaWorld.PASSWORD, AaaWorld.IMSI), trace::add);
        assertThatThrownBy(() -> t.dial().get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
            .hasCauseInstanceOf(Terminal.DialFailed.class);
        assertThat(trace).anySatisfy(s -> {
          assertThat(s.step()).isEqualTo(DialStep.Step.TUNNEL);
          assertThat(s.ok()).isFalse();
          assertThat(s.detail()).contains("result 2 error 6");
        });
        // xl2tpd logs the StopCCN's message; the codes are checked on the wire
        assertThat(xl.awaitLog(l -> l.contains("Connection closed to 127.0.0.4") && l.contains("does not match"), WAIT))
            .as(xl.log()).isTrue();
        lac.close();
        capture.assertLintClean();
        assertThat(capture.tshark("l2tp.result_code == 2 && l2tp.avp.error_code == 6")).hasSize(1);
      }
    }
  }
}
