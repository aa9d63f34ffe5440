package org.posnet.vpdn.lns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.posnet.aaa.accounting.AcctSession;
import org.posnet.aaa.accounting.SessionEvent;
import org.posnet.aaa.client.RadiusClient;
import org.posnet.aaa.codec.Attr;
import org.posnet.aaa.codec.RadiusAttribute;
import org.posnet.aaa.codec.RadiusCode;
import org.posnet.aaa.codec.RadiusPacket;
import org.posnet.vpdn.l2tp.transport.TunnelTiming;
import org.posnet.vpdn.lab.AaaWorld;
import org.posnet.vpdn.lab.PacketCapture;
import org.posnet.vpdn.lac.DialStep;
import org.posnet.vpdn.lac.Lac;
import org.posnet.vpdn.lac.LacConfig;
import org.posnet.vpdn.lac.RadiusCarrierAaa;
import org.posnet.vpdn.lac.Terminal;

/**
 * The whole VPDN call flow in one JVM on loopback: a real AAA in both roles, our LNS, our LAC with
 * hidden proxy AVPs, and a terminal. Every L2TP datagram is captured and linted with tshark.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CallFlowTest {
  static final Duration WAIT = Duration.ofSeconds(10);
  // delayed ZLBs (20 ms), as in production: the captures must still lint clean
  static final TunnelTiming FAST = new TunnelTiming(Duration.ofMillis(200), Duration.ofMillis(400), 3, Duration.ofSeconds(60),
      Duration.ofMillis(20));

  @TempDir Path dir;
  AaaWorld aaa;
  RadiusClient lnsAuth;
  RadiusClient lnsAcct;
  RadiusCarrierAaa carrier;
  Lns lns;
  Lac lac;
  PacketCapture capture;
  final List<DialStep> trace = new CopyOnWriteArrayList<>();
  final SimpleMeterRegistry lnsMeters = new SimpleMeterRegistry();

  @BeforeEach
  void start() throws Exception {
    aaa = new AaaWorld();
    lnsAuth = aaa.lnsClient(aaa.auth());
    lnsAcct = aaa.lnsClient(aaa.acct());
    LnsConfig config = LnsConfig.of("127.0.0.3", "bank-lns",
            List.of(new TunnelDomain(AaaWorld.DOMAIN, AaaWorld.TUNNEL_SECRET, List.of(AaaWorld.LAC_HOST))), AaaWorld.LNS_SECRET)
        .withPorts(0, 0).withTiming(FAST);
    lns = new Lns(config, lnsAuth, lnsAcct, lnsMeters);
    aaa.endpoints(List.of("127.0.0.3:" + lns.port()));
    carrier = new RadiusCarrierAaa(List.of(new RadiusClient.Server(aaa.auth(), AaaWorld.LAC_SECRET)),
        new RadiusClient.Options(Duration.ofMillis(500), 2, AaaWorld.LAC_NAS), AaaWorld.LAC_HOST);
    lac = new Lac(LacConfig.of("127.0.0.4", AaaWorld.LAC_HOST).withTiming(FAST), carrier, new SimpleMeterRegistry());
    if (PacketCapture.available()) {
      capture = new PacketCapture(dir, List.of(lns.port(), lac.port()),
          List.of(aaa.auth().getPort(), aaa.acct().getPort(), lns.disconnectPort()));
    }
  }

  @AfterEach
  void stop() throws Exception {
    if (lac != null) {
      lac.close();
    }
    if (lns != null) {
      lns.close();
    }
    carrier.close();
    lnsAuth.close();
    lnsAcct.close();
    aaa.close();
    if (capture != null) {
      capture.close();
    }
  }

  Terminal terminal() {
    return new Terminal(lac, new Terminal.Sim(AaaWorld.USER, AaaWorld.PASSWORD, AaaWorld.IMSI), trace::add);
  }

  @Test
  void terminalDials_getsAPoolAddress_accountingStartsAndStopsOnHangUp() throws Exception {
    Terminal t = terminal();
    Terminal.Dialled d = t.dial().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

    assertThat(d.address().getHostAddress()).startsWith("10.64.");
    assertThat(d.dns()).extracting(Inet4Address::getHostAddress).containsExactly("10.0.0.53");
    assertThat(d.steps()).extracting(DialStep::step).containsExactly(DialStep.Step.values());
    assertThat(d.steps()).allMatch(DialStep::ok);
    assertThat(d.steps().get(3).detail()).contains("hidden AVPs");

    SessionEvent started = aaa.await(e -> e.type() == SessionEvent.Type.STARTED, WAIT);
    AcctSession s = started.session();
    assertThat(s.user()).isEqualTo(AaaWorld.USER);
    assertThat(s.nas()).isEqualTo("lns1");
    assertThat(s.imsi()).isEqualTo(AaaWorld.IMSI);
    assertThat(s.framedIp()).isEqualTo(toInt(d.address()));
    assertThat(lns.sessionsOnline()).isEqualTo(1);
    assertThat(lnsMeters.get("posnet_l2tp_sessions").gauge().value()).isEqualTo(1.0);
    assertThat(lnsMeters.get("posnet_l2tp_tunnels").gauge().value()).isEqualTo(1.0);
    // our LAC's proxy LCP is acceptable: the LNS took it over instead of renegotiating (RFC 2661 §4.4.5)
    assertThat(lnsMeters.get("posnet_lns_proxy_lcp_total").tag("outcome", "taken_over").counter().count()).isEqualTo(1.0);
    assertThat(lnsMeters.find("posnet_lns_proxy_lcp_total").tag("outcome", "renegotiated").counter().count()).isZero();

    assertThat(t.hangUp().get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).contains("hung up");
    SessionEvent stopped = aaa.await(e -> e.type() == SessionEvent.Type.STOPPED, WAIT);
    assertThat(stopped.session().sessionId()).isEqualTo(s.sessionId());
    assertThat(stopped.session().terminateCause()).isEqualTo(LnsCall.CAUSE_USER_REQUEST);

    lac.close();
    lac = null;
    lns.close();
    lns = null;
    if (capture != null) {
      capture.assertLintClean();
      // the LNS's RADIUS (from 127.0.0.2: Access-Request, Accounting Start and Stop) and the LAC's
      // (127.0.0.1 to the AAA on 127.0.0.1), each checked with its own client secret
      capture.assertRadiusLintClean(AaaWorld.LNS_SECRET_TEXT, "ip.addr == 127.0.0.2");
      capture.assertRadiusLintClean(AaaWorld.LAC_SECRET_TEXT, "ip.src == 127.0.0.1 && ip.dst == 127.0.0.1");
      assertThat(capture.tshark("radius.code == 4 && ip.src == 127.0.0.2")).as("Accounting-Requests").hasSize(2);
      // the proxy AVPs went hidden: tshark sees a Random Vector in ICCN
      assertThat(capture.tshark("l2tp.avp.type == 36")).isNotEmpty();
    }
  }

  @Test
  void secondCall_reusesTheTunnel() throws Exception {
    Terminal first = terminal();
    first.dial().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    first.hangUp().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    aaa.await(e -> e.type() == SessionEvent.Type.STOPPED, WAIT);
    trace.clear();

    Terminal.Dialled again = terminal().dial().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(again.steps().get(2).detail()).startsWith("reused");
  }

  @Test
  void disconnectRequest_clearsTheCallBySessionId_andNaksAnUnknownOne() throws Exception {
    terminal().dial().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    AcctSession s = aaa.await(e -> e.type() == SessionEvent.Type.STARTED, WAIT).session();

    try (RadiusClient coa = new RadiusClient(
        List.of(new RadiusClient.Server(new InetSocketAddress("127.0.0.3", lns.disconnectPort()), AaaWorld.LNS_SECRET)),
        new RadiusClient.Options(Duration.ofMillis(500), 2))) {
      RadiusPacket nak = coa.send(RadiusCode.DISCONNECT_REQUEST,
          List.of(RadiusAttribute.text(Attr.ACCT_SESSION_ID, "no-such-session")), null).get(5, TimeUnit.SECONDS);
      assertThat(nak.code()).isEqualTo(RadiusCode.DISCONNECT_NAK);
      assertThat(nak.integer(Attr.ERROR_CAUSE)).isEqualTo(503);

      RadiusPacket ack = coa.send(RadiusCode.DISCONNECT_REQUEST,
          List.of(RadiusAttribute.text(Attr.ACCT_SESSION_ID, s.sessionId())), null).get(5, TimeUnit.SECONDS);
      assertThat(ack.code()).isEqualTo(RadiusCode.DISCONNECT_ACK);
    }
    SessionEvent stopped = aaa.await(e -> e.type() == SessionEvent.Type.STOPPED, WAIT);
    assertThat(stopped.session().terminateCause()).isEqualTo(LnsCall.CAUSE_ADMIN_RESET);
  }

  @Test
  void disconnectRequest_withTheWrongSecret_isDroppedUnanswered() throws Exception {
    terminal().dial().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    try (RadiusClient coa = new RadiusClient(
        List.of(new RadiusClient.Server(new InetSocketAddress("127.0.0.3", lns.disconnectPort()),
            org.posnet.aaa.codec.SharedSecret.of("not-the-secret"))),
        new RadiusClient.Options(Duration.ofMillis(200), 0))) {
      assertThatThrownBy(() -> coa.send(RadiusCode.DISCONNECT_REQUEST,
          List.of(RadiusAttribute.text(Attr.USER_NAME, AaaWorld.USER)), null).get(5, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class);
    }
    assertThat(lns.sessionsOnline()).isEqualTo(1);
  }

  @Test
  void lnsShutdown_sendsAccountingStopForEveryCall() throws Exception {
    terminal().dial().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    aaa.await(e -> e.type() == SessionEvent.Type.STARTED, WAIT);
    lns.close();
    lns = null;
    SessionEvent stopped = aaa.await(e -> e.type() == SessionEvent.Type.STOPPED, WAIT);
    assertThat(stopped.session().terminateCause()).isEqualTo(LnsCall.CAUSE_ADMIN_REBOOT);
  }

  @Test
  void wrongPassword_failsAtTheCarrierAaa_andNoTunnelIsOpened() throws Exception {
    Terminal t = new Terminal(lac, new Terminal.Sim(AaaWorld.USER, "wrong", AaaWorld.IMSI), trace::add);
    assertThatThrownBy(() -> t.dial().get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
        .hasCauseInstanceOf(Terminal.DialFailed.class)
        .satisfies(e -> assertThat(((Terminal.DialFailed) e.getCause()).failedStep().step())
            .isEqualTo(DialStep.Step.CARRIER_AAA));
    assertThat(lns.tunnels()).isZero();
  }

  static int toInt(Inet4Address a) {
    byte[] b = a.getAddress();
    return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
  }
}
