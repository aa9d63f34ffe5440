package org.posnet.vpdn.l2tp.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.posnet.vpdn.l2tp.codec.MessageType;
import org.posnet.vpdn.l2tp.codec.ResultCode;

/** LAC and LNS state machines wired to each other through {@link TunnelLab}. */
class ControlConnectionLabTest {
  private static final ControlConfig LAC = ControlConfig.of("PDSN-HZ-01", "tunnel-secret");
  private static final ControlConfig LNS = ControlConfig.of("bank-lns", "tunnel-secret");

  private static ControlConfig lossy(ControlConfig c) {
    return new ControlConfig(c.hostName(), c.secret(), c.receiveWindow(), c.maxSessions(), c.hideProxyAvps(),
        c.sendTieBreaker(), 10, c.firstRetransmit(), c.maxRetransmit(), c.helloInterval(), c.ackDelay());
  }

  private static IncomingCall call(long serial) {
    ProxyLcp lcp = new ProxyLcp(new byte[] {1, 4, 5, (byte) 0xdc}, new byte[] {3, 5, (byte) 0xc2, 0x23, 5},
        new byte[] {1, 4, 5, (byte) 0xdc});
    ProxyAuth auth = new ProxyAuth(ProxyAuth.CHAP, "t" + serial + "@POSBANK.133VPDN.SX",
        new byte[] {9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2, 3, 4, 5, 6}, 7, new byte[16]);
    return IncomingCall.of(serial, "46003123450" + serial, "#777").withProxy(lcp, auth);
  }

  @Test
  void lacToLns_tunnelAndSession_carryProxyDataToTheLns() {
    TunnelLab lab = new TunnelLab(LAC.withHiddenProxyAvps(), LNS, 1);
    ControlConnection c = lab.lac.openTunnel();
    int sid = lab.lac.openSession(c, call(1));
    assertThat(lab.runUntil(() -> lab.lns.logged(ControlAction.SessionUp.class).size() == 1, Duration.ofSeconds(5)))
        .isTrue();

    ControlAction.TunnelUp lacUp = lab.lac.logged(ControlAction.TunnelUp.class).get(0);
    ControlAction.TunnelUp lnsUp = lab.lns.logged(ControlAction.TunnelUp.class).get(0);
    assertThat(lacUp.peerHostName()).isEqualTo("bank-lns");
    assertThat(lnsUp.peerHostName()).isEqualTo("PDSN-HZ-01");
    assertThat(lacUp.peerTunnelId()).isEqualTo(lnsUp.localTunnelId());
    assertThat(lnsUp.peerTunnelId()).isEqualTo(lacUp.localTunnelId());

    ControlAction.SessionUp lacSession = lab.lac.logged(ControlAction.SessionUp.class).get(0);
    ControlAction.SessionUp lnsSession = lab.lns.logged(ControlAction.SessionUp.class).get(0);
    assertThat(lacSession.localSessionId()).isEqualTo(sid);
    assertThat(lnsSession.peerSessionId()).isEqualTo(sid);
    assertThat(lacSession.peerSessionId()).isEqualTo(lnsSession.localSessionId());
    IncomingCall got = lnsSession.call();
    assertThat(got.proxyAuth()).isEqualTo(call(1).proxyAuth());
    assertThat(got.proxyLcp()).isEqualTo(call(1).proxyLcp());
    assertThat(got.callingNumber()).isEqualTo("460031234501");
    assertThat(got.calledNumber()).isEqualTo("#777");
    assertThat(got.txConnectSpeed()).isEqualTo(153_600);
    assertThat(got.callSerialNumber()).isEqualTo(1);
    // proxy AVPs went hidden: a Random Vector preceded them in the ICCN on the wire
    assertThat(lab.lac.sent.stream().map(l -> ((ControlAction.Send) l.action()).message())
        .filter(m -> m.is(MessageType.ICCN)).findFirst().orElseThrow()
        .avps().stream().filter(a -> a.hidden()).count()).isEqualTo(8);
  }

  @Test
  void wrongSecret_endsInStopCcnResult2Error6_onBothSides() {
    TunnelLab lab = new TunnelLab(LAC, ControlConfig.of("bank-lns", "another-secret"), 2);
    lab.lac.openTunnel();
    lab.run(Duration.ofSeconds(40));
    ResultCode lacReason = lab.lac.logged(ControlAction.TunnelDown.class).get(0).reason();
    ResultCode lnsReason = lab.lns.logged(ControlAction.TunnelDown.class).get(0).reason();
    assertThat(List.of(lacReason, lnsReason)).allSatisfy(rc -> {
      assertThat(rc.result()).isEqualTo(2);
      assertThat(rc.errorCode()).isEqualTo(6);
    });
    assertThat(lab.lac.logged(ControlAction.TunnelUp.class)).isEmpty();
    assertThat(lab.lns.logged(ControlAction.TunnelUp.class)).isEmpty();
    assertThat(lab.lac.byId).isEmpty();
    assertThat(lab.lns.byId).isEmpty();
  }

  @Test
  void twentyPercentLossAndReordering_100TunnelsOf10Sessions_allEstablish() {
    // -Dposnet.seed=N reruns the same scenario under other losses. At 20 % loss the RFC's default of 5
    // retransmissions drops a tunnel once every ~15,000 messages (0.2^6); a carrier control channel this
    // lossy is configured with more, as RFC 2661 5.8 allows
    TunnelLab lab = new TunnelLab(lossy(LAC), lossy(LNS), Long.getLong("posnet.seed", 20_2611));
    lab.loss = 0.20;
    lab.minDelay = Duration.ofMillis(1).toNanos();
    lab.maxDelay = Duration.ofMillis(400).toNanos(); // wide spread: later packets overtake earlier ones
    for (int t = 0; t < 100; t++) {
      ControlConnection c = lab.lac.openTunnel();
      for (int s = 0; s < 10; s++) {
        lab.lac.openSession(c, call(t * 10L + s));
      }
    }
    boolean done = lab.runUntil(() -> lab.lns.logged(ControlAction.SessionUp.class).size() == 1000
        && lab.lac.logged(ControlAction.SessionUp.class).size() == 1000, Duration.ofMinutes(5));

    assertThat(done).isTrue();
    assertThat(lab.datagramsLost).isGreaterThan(lab.datagramsSent / 10);
    assertThat(lab.lac.logged(ControlAction.TunnelUp.class)).hasSize(100);
    assertThat(lab.lns.logged(ControlAction.TunnelUp.class)).hasSize(100);
    assertThat(lab.lns.logged(ControlAction.TunnelDown.class)).isEmpty();
    // each LNS session got its own call, none twice
    assertThat(lab.lns.logged(ControlAction.SessionUp.class).stream()
        .map(u -> u.call().callSerialNumber()).distinct().count()).isEqualTo(1000);
  }

  @Test
  void silentPeer_helloThenBackoffThenTunnelAndSessionsDown_within91Seconds() {
    TunnelLab lab = new TunnelLab(LAC, LNS, 3);
    ControlConnection c = lab.lac.openTunnel();
    for (int i = 0; i < 3; i++) {
      lab.lac.openSession(c, call(i));
    }
    lab.runUntil(() -> lab.lac.logged(ControlAction.SessionUp.class).size() == 3, Duration.ofSeconds(5));
    lab.run(Duration.ofSeconds(1));
    long lastHeard = lab.ticker.nanos();
    lab.loss = 1.0; // the LNS dies
    lab.runUntil(() -> !lab.lac.logged(ControlAction.TunnelDown.class).isEmpty(), Duration.ofMinutes(5));

    List<Long> helloTimes = new ArrayList<>();
    for (TunnelLab.Logged l : lab.lac.sent) {
      if (((ControlAction.Send) l.action()).message().is(MessageType.HELLO)) {
        helloTimes.add(l.at());
      }
    }
    assertThat(helloTimes).hasSize(6); // the HELLO and its 5 retransmissions
    List<Long> gaps = new ArrayList<>();
    for (int i = 1; i < helloTimes.size(); i++) {
      gaps.add(Duration.ofNanos(helloTimes.get(i) - helloTimes.get(i - 1)).toSeconds());
    }
    assertThat(gaps).containsExactly(1L, 2L, 4L, 8L, 8L);
    long downAt = lab.lac.logged(ControlAction.TunnelDown.class).isEmpty() ? 0
        : lab.lac.log.stream().filter(l -> l.action() instanceof ControlAction.TunnelDown).findFirst().get().at();
    assertThat(Duration.ofNanos(downAt - lastHeard)).isLessThanOrEqualTo(Duration.ofSeconds(60 + 31));
    assertThat(lab.lac.logged(ControlAction.SessionDown.class)).hasSize(3);
    assertThat(lab.lac.logged(ControlAction.Released.class)).hasSize(1);
  }

  @Test
  void lacCloses_stopCcnTakesSessionsDownOnBothSides_thenBothReleaseAfterHold() {
    TunnelLab lab = new TunnelLab(LAC, LNS, 4);
    ControlConnection c = lab.lac.openTunnel();
    lab.lac.openSession(c, call(1));
    lab.lac.openSession(c, call(2));
    lab.runUntil(() -> lab.lns.logged(ControlAction.SessionUp.class).size() == 2, Duration.ofSeconds(5));
    lab.lac.apply(c, c.close(ResultCode.of(ResultCode.STOPCCN_SHUTTING_DOWN)));
    lab.run(Duration.ofSeconds(1));
    assertThat(lab.lns.logged(ControlAction.SessionDown.class)).hasSize(2);
    assertThat(lab.lns.logged(ControlAction.TunnelDown.class).get(0).reason().result()).isEqualTo(6);
    assertThat(lab.lac.logged(ControlAction.SessionDown.class)).hasSize(2);
    assertThat(lab.lns.logged(ControlAction.Released.class)).isEmpty();
    lab.run(Duration.ofSeconds(31));
    assertThat(lab.lns.logged(ControlAction.Released.class)).hasSize(1);
    assertThat(lab.lac.logged(ControlAction.Released.class)).hasSize(1);
  }

  @Test
  void lacHangsUp_cdnReachesLns() {
    TunnelLab lab = new TunnelLab(LAC, LNS, 5);
    ControlConnection c = lab.lac.openTunnel();
    int sid = lab.lac.openSession(c, call(1));
    lab.runUntil(() -> lab.lns.logged(ControlAction.SessionUp.class).size() == 1, Duration.ofSeconds(5));
    lab.lac.apply(c, c.closeSession(sid, ResultCode.of(ResultCode.CDN_LOST_CARRIER)));
    lab.run(Duration.ofSeconds(1));
    ControlAction.SessionDown down = lab.lns.logged(ControlAction.SessionDown.class).get(0);
    assertThat(down.reason().result()).isEqualTo(1);
    assertThat(lab.lns.byId.values().iterator().next().sessionCount()).isZero();
  }

  @Test
  void sessionLimit_answersCdnResult2Error4() {
    TunnelLab lab = new TunnelLab(LAC, LNS.withMaxSessions(2), 6);
    ControlConnection c = lab.lac.openTunnel();
    for (int i = 0; i < 3; i++) {
      lab.lac.openSession(c, call(i));
    }
    lab.run(Duration.ofSeconds(3));
    assertThat(lab.lns.logged(ControlAction.SessionUp.class)).hasSize(2);
    ControlAction.SessionDown refused = lab.lac.logged(ControlAction.SessionDown.class).get(0);
    assertThat(refused.reason().result()).isEqualTo(2);
    assertThat(refused.reason().errorCode()).isEqualTo(4);
  }

  @Test
  void sequenceNumbers_wrapAroundAfter65536Messages() {
    TunnelLab lab = new TunnelLab(LAC, ControlConfig.of("bank-lns", "tunnel-secret"), 7);
    ControlConnection c = lab.lac.openTunnel();
    lab.runUntil(() -> !lab.lns.logged(ControlAction.TunnelUp.class).isEmpty(), Duration.ofSeconds(5));
    // the two sides take turns sending HELLO after a minute of silence: 133,000 minutes take the
    // LAC's Ns past 65535 -> 0
    lab.run(Duration.ofMinutes(133_000));
    assertThat(lab.lac.logged(ControlAction.TunnelDown.class)).isEmpty();
    assertThat(lab.lns.logged(ControlAction.TunnelDown.class)).isEmpty();
    int sid = lab.lac.openSession(c, call(1));
    lab.runUntil(() -> lab.lns.logged(ControlAction.SessionUp.class).size() == 1, Duration.ofSeconds(5));
    assertThat(lab.lns.logged(ControlAction.SessionUp.class).get(0).peerSessionId()).isEqualTo(sid);
    long hellos = lab.lac.sent.stream().filter(l -> ((ControlAction.Send) l.action()).message().is(MessageType.HELLO)).count();
    assertThat(hellos).isGreaterThan(0x10000);
    assertThat(Optional.of(c.state())).contains(ControlConnection.State.ESTABLISHED);
  }
}
