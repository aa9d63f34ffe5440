package org.posnet.vpdn.l2tp.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.posnet.common.time.FakeTicker;
import org.posnet.vpdn.l2tp.codec.Avp;
import org.posnet.vpdn.l2tp.codec.AvpType;
import org.posnet.vpdn.l2tp.codec.ControlMessage;
import org.posnet.vpdn.l2tp.codec.L2tpCodec;
import org.posnet.vpdn.l2tp.codec.L2tpDecodeException;
import org.posnet.vpdn.l2tp.codec.MessageType;
import org.posnet.vpdn.l2tp.codec.ResultCode;
import org.posnet.vpdn.l2tp.codec.TunnelAuth;

/** One LNS connection driven message by message, as a LAC with tunnel id 40 would talk to it. */
class ControlConnectionTest {
  private static final byte[] SECRET = "tunnel-secret".getBytes(StandardCharsets.UTF_8);
  private final FakeTicker ticker = new FakeTicker();
  private ControlConnection lns;
  private int lacNs;

  @BeforeEach
  void establish() {
    lns = new ControlConnection(Role.LNS, ControlConfig.of("bank-lns", "tunnel-secret").withMaxSessions(5),
        ticker, new Random(1), 7);
    byte[] challenge = {1, 2, 3, 4};
    List<ControlAction> out = lns.receive(peer(ControlMessage.builder(MessageType.SCCRQ)
        .add(Avp.protocolVersion()).text(AvpType.HOST_NAME, "lac").uint32(AvpType.FRAMING_CAPABILITIES, 1)
        .uint16(AvpType.ASSIGNED_TUNNEL_ID, 40).bytes(AvpType.CHALLENGE, challenge), 0));
    ControlMessage sccrp = sent(out).get(0);
    assertThat(sccrp.is(MessageType.SCCRP)).isTrue();
    assertThat(sccrp.tunnelId()).isEqualTo(40);
    assertThat(sccrp.bytes(AvpType.CHALLENGE_RESPONSE).orElseThrow())
        .isEqualTo(TunnelAuth.response(MessageType.SCCRP, SECRET, challenge));
    byte[] theirs = sccrp.bytes(AvpType.CHALLENGE).orElseThrow();
    out = lns.receive(peer(ControlMessage.builder(MessageType.SCCCN)
        .bytes(AvpType.CHALLENGE_RESPONSE, TunnelAuth.response(MessageType.SCCCN, SECRET, theirs)), 0));
    assertThat(out).contains(new ControlAction.TunnelUp(7, 40, "lac"));
  }

  /** The next in-order message from the LAC, acknowledging everything the LNS sent. */
  private ControlMessage peer(ControlMessage.Builder b, int sessionId) {
    ControlMessage m = b.tunnelId(7).sessionId(sessionId).build();
    // Nr 100: acknowledges everything the LNS sent so far
    return m.addressed(7, sessionId, lacNs++, 100);
  }

  private static List<ControlMessage> sent(List<ControlAction> out) {
    List<ControlMessage> l = new ArrayList<>();
    for (ControlAction a : out) {
      if (a instanceof ControlAction.Send s) {
        l.add(s.message());
      }
    }
    return l;
  }

  private ControlMessage icrq(int peerSession) {
    return peer(ControlMessage.builder(MessageType.ICRQ).uint16(AvpType.ASSIGNED_SESSION_ID, peerSession)
        .uint32(AvpType.CALL_SERIAL_NUMBER, peerSession), 0);
  }

  @Test
  void unknownMandatoryAvp_inTunnelMessage_stopsWithResult2Error8() {
    List<ControlAction> out = lns.receive(peer(ControlMessage.builder(MessageType.HELLO)
        .add(new Avp(true, false, 0, 9, 1, new byte[] {1})), 0));
    ControlMessage stop = sent(out).get(0);
    assertThat(stop.is(MessageType.STOPCCN)).isTrue();
    assertThat(stop.resultCode().orElseThrow().result()).isEqualTo(2);
    assertThat(stop.resultCode().orElseThrow().errorCode()).isEqualTo(8);
    assertThat(out).anySatisfy(a -> assertThat(a).isInstanceOf(ControlAction.TunnelDown.class));
    assertThat(lns.state()).isEqualTo(ControlConnection.State.CLOSING);
  }

  @Test
  void unknownOptionalAvp_isIgnoredAndAcked() {
    List<ControlAction> out = lns.receive(peer(ControlMessage.builder(MessageType.HELLO)
        .add(new Avp(false, false, 0, 9, 1, new byte[] {1})), 0));
    assertThat(sent(out)).singleElement().satisfies(m -> {
      assertThat(m.isZlb()).isTrue();
      assertThat(m.nr()).isEqualTo(lacNs);
    });
    assertThat(lns.state()).isEqualTo(ControlConnection.State.ESTABLISHED);
  }

  @Test
  void unknownMandatoryAvp_inIccn_clearsOnlyThatSessionWithCdn() {
    List<ControlAction> out = lns.receive(icrq(55));
    ControlMessage icrp = sent(out).get(0);
    int local = icrp.uint16(AvpType.ASSIGNED_SESSION_ID).getAsInt();
    out = lns.receive(peer(ControlMessage.builder(MessageType.ICCN).uint32(AvpType.TX_CONNECT_SPEED, 1)
        .uint32(AvpType.FRAMING_TYPE, 1).add(new Avp(true, false, 0, 0, 20, new byte[0])), local));
    ControlMessage cdn = sent(out).get(0);
    assertThat(cdn.is(MessageType.CDN)).isTrue();
    assertThat(cdn.sessionId()).isEqualTo(55);
    assertThat(cdn.resultCode().orElseThrow()).satisfies(rc -> {
      assertThat(rc.result()).isEqualTo(2);
      assertThat(rc.errorCode()).isEqualTo(8);
    });
    assertThat(out).contains(new ControlAction.SessionDown(7, local, cdn.resultCode().orElseThrow()));
    assertThat(lns.state()).isEqualTo(ControlConnection.State.ESTABLISHED);
  }

  @Test
  void unknownMandatoryMessageType_stopsTunnel_optionalOneIsIgnored() {
    ControlMessage optional = new ControlMessage(7, 0, lacNs++, 100, 99, false, List.of());
    assertThat(sent(lns.receive(optional))).singleElement().matches(ControlMessage::isZlb);
    ControlMessage mandatory = new ControlMessage(7, 0, lacNs++, 100, 99, true, List.of());
    assertThat(sent(lns.receive(mandatory)).get(0).is(MessageType.STOPCCN)).isTrue();
  }

  @Test
  void duplicate_isAckedAndDropped() {
    ControlMessage first = icrq(55);
    assertThat(sent(lns.receive(first))).singleElement().matches(m -> m.is(MessageType.ICRP));
    List<ControlMessage> again = sent(lns.receive(first));
    assertThat(again).singleElement().satisfies(m -> {
      assertThat(m.isZlb()).isTrue();
      assertThat(m.nr()).isEqualTo(first.ns() + 1);
    });
    assertThat(lns.sessionCount()).isEqualTo(1);
  }

  @Test
  void outOfOrder_isQueuedThenDeliveredInOrder() {
    ControlMessage a = icrq(61);
    ControlMessage b = icrq(62);
    ControlMessage c = icrq(63);
    assertThat(sent(lns.receive(c))).isEmpty();
    assertThat(sent(lns.receive(b))).isEmpty();
    List<ControlMessage> out = sent(lns.receive(a));
    assertThat(out).extracting(ControlMessage::sessionId).containsExactly(61, 62, 63);
    assertThat(out.get(2).nr()).isEqualTo(c.ns() + 1);
  }

  @Test
  void beyondReceiveWindow_isDropped() {
    lacNs += 4; // a gap as wide as the window (4)
    assertThat(sent(lns.receive(icrq(70)))).isEmpty();
    lacNs -= 5;
    List<ControlMessage> out = sent(lns.receive(icrq(71)));
    assertThat(out).extracting(ControlMessage::sessionId).containsExactly(71);
  }

  @Test
  void sessionLimitFromConfig_answersCdnInsufficientResources() {
    for (int i = 1; i <= 5; i++) {
      lns.receive(icrq(i));
    }
    ControlMessage cdn = sent(lns.receive(icrq(6))).get(0);
    assertThat(cdn.is(MessageType.CDN)).isTrue();
    assertThat(cdn.sessionId()).isEqualTo(6);
    assertThat(cdn.resultCode().orElseThrow().errorCode()).isEqualTo(ResultCode.ERROR_INSUFFICIENT_RESOURCES);
  }

  @Test
  void decodeError_forSession_answersCdnAndCountsTheMessageReceived() throws Exception {
    int local = sent(lns.receive(icrq(55))).get(0).uint16(AvpType.ASSIGNED_SESSION_ID).getAsInt();
    ControlMessage bad = new ControlMessage(7, local, lacNs++, 100, MessageType.ICCN.code(), true,
        List.of(Avp.uint32(AvpType.TX_CONNECT_SPEED, 1))); // Framing Type missing
    L2tpDecodeException e = decodeFailure(L2tpCodec.encode(bad, null));
    List<ControlMessage> out = sent(lns.decodeFailed(e));
    assertThat(out.get(0).is(MessageType.CDN)).isTrue();
    assertThat(out.get(0).nr()).isEqualTo(lacNs);
    assertThat(lns.sessionCount()).isZero();
  }

  private static L2tpDecodeException decodeFailure(byte[] wire) {
    try {
      L2tpCodec.decode(wire, null);
    } catch (L2tpDecodeException e) {
      return e;
    }
    throw new AssertionError("decoded");
  }

  @Test
  void wrongChallengeResponseInScccn_stopsWithResult2Error6() {
    ControlConnection other = new ControlConnection(Role.LNS, ControlConfig.of("bank-lns", "tunnel-secret"),
        ticker, new Random(2), 8);
    other.receive(new ControlMessage(0, 0, 0, 0, MessageType.SCCRQ.code(), true, List.of(Avp.protocolVersion(),
        Avp.text(AvpType.HOST_NAME, "lac"), Avp.uint32(AvpType.FRAMING_CAPABILITIES, 1),
        Avp.uint16(AvpType.ASSIGNED_TUNNEL_ID, 41))));
    List<ControlAction> out = other.receive(new ControlMessage(8, 0, 1, 1, MessageType.SCCCN.code(), true,
        List.of(Avp.of(AvpType.CHALLENGE_RESPONSE, new byte[16]))));
    ControlMessage stop = sent(out).get(0);
    assertThat(stop.resultCode().orElseThrow().result()).isEqualTo(2);
    assertThat(stop.resultCode().orElseThrow().errorCode()).isEqualTo(6);
  }

  @Test
  void lacWithoutAnswer_backsOff1248_8_thenClearsAt31s() {
    ControlConnection lac = new ControlConnection(Role.LAC, ControlConfig.of("lac", "s"), ticker, new Random(3), 9);
    List<ControlAction> out = lac.open();
    List<Long> delays = new ArrayList<>();
    int sends = sent(out).size();
    long start = ticker.nanos();
    while (lac.state() != ControlConnection.State.RELEASED) {
      long delay = out.stream().filter(a -> a instanceof ControlAction.StartTimer st && st.timer() == ControlTimer.RETRANSMIT)
          .map(a -> ((ControlAction.StartTimer) a).delayNanos()).findFirst().orElseThrow();
      delays.add(Duration.ofNanos(delay).toSeconds());
      ticker.advance(Duration.ofNanos(delay));
      out = lac.timerFired(ControlTimer.RETRANSMIT);
      sends += sent(out).size();
    }
    assertThat(delays).containsExactly(1L, 2L, 4L, 8L, 8L, 8L);
    assertThat(sends).isEqualTo(6);
    assertThat(Duration.ofNanos(ticker.nanos() - start)).isEqualTo(Duration.ofSeconds(31));
    assertThat(out).anySatisfy(a -> assertThat(a).isInstanceOf(ControlAction.TunnelDown.class));
    assertThat(out).contains(new ControlAction.Released(9));
  }

  @Test
  void ackDelay_zlbOnlyWhenNoMessageCarriedTheAckMeanwhile() {
    ControlConnection delayed = new ControlConnection(Role.LNS,
        ControlConfig.of("bank-lns", null).withAckDelay(Duration.ofMillis(50)), ticker, new Random(1), 8);
    delayed.receive(ControlMessage.builder(MessageType.SCCRQ).add(Avp.protocolVersion()).text(AvpType.HOST_NAME, "lac")
        .uint16(AvpType.ASSIGNED_TUNNEL_ID, 41).build().addressed(0, 0, 0, 0));
    // SCCCN acknowledges our SCCRP and needs no answer: the ack waits instead of leaving as a ZLB
    List<ControlAction> out = delayed.receive(ControlMessage.builder(MessageType.SCCCN).build().addressed(8, 0, 1, 1));
    assertThat(sent(out)).isEmpty();
    assertThat(out).contains(new ControlAction.StartTimer(ControlTimer.ACK, Duration.ofMillis(50).toNanos()));
    // an ICRQ arrives first: the ICRP carries the ack (Nr 3), so the timer finds nothing owed
    out = delayed.receive(ControlMessage.builder(MessageType.ICRQ).uint16(AvpType.ASSIGNED_SESSION_ID, 5).build()
        .addressed(8, 0, 2, 1));
    assertThat(sent(out)).singleElement().satisfies(m -> {
      assertThat(m.is(MessageType.ICRP)).isTrue();
      assertThat(m.nr()).isEqualTo(3);
    });
    ticker.advance(Duration.ofMillis(50));
    assertThat(sent(delayed.timerFired(ControlTimer.ACK))).isEmpty();
    // a HELLO with nothing of ours to follow: one ZLB when the (re-armed) timer fires, not before
    out = delayed.receive(ControlMessage.builder(MessageType.HELLO).build().addressed(8, 0, 3, 2));
    assertThat(sent(out)).isEmpty();
    ticker.advance(Duration.ofMillis(50));
    assertThat(sent(delayed.timerFired(ControlTimer.ACK))).singleElement().satisfies(m -> {
      assertThat(m.isZlb()).isTrue();
      assertThat(m.nr()).isEqualTo(4);
    });
  }

  @Test
  void staleTimer_isIgnored() {
    List<ControlAction> out = lns.timerFired(ControlTimer.RETRANSMIT);
    assertThat(out).isEmpty();
  }

  @Test
  void stopCcnFromPeer_isAckedDuringHold_thenReleasedAfter31s() {
    ControlMessage stop = peer(ControlMessage.builder(MessageType.STOPCCN).uint16(AvpType.ASSIGNED_TUNNEL_ID, 40)
        .add(Avp.resultCode(ResultCode.of(1))), 0);
    List<ControlAction> out = lns.receive(stop);
    assertThat(sent(out)).singleElement().matches(ControlMessage::isZlb);
    assertThat(out).contains(new ControlAction.TunnelDown(7, ResultCode.of(1)));
    ticker.advance(Duration.ofSeconds(15));
    assertThat(sent(lns.receive(stop))).singleElement().matches(ControlMessage::isZlb);
    ticker.advance(Duration.ofSeconds(16));
    assertThat(lns.timerFired(ControlTimer.HOLD)).contains(new ControlAction.Released(7));
    assertThat(lns.receive(stop)).isEmpty();
  }

  @Test
  void tieBreaker_lowerWins_equalBothLose_loneValueWins() {
    byte[] low = {0, 0, 0, 0, 0, 0, 0, 1};
    byte[] high = {(byte) 0x80, 0, 0, 0, 0, 0, 0, 0};
    assertThat(TieBreaker.decide(Optional.of(low), Optional.of(high))).isEqualTo(TieBreaker.Outcome.OURS_WINS);
    assertThat(TieBreaker.decide(Optional.of(high), Optional.of(low))).isEqualTo(TieBreaker.Outcome.THEIRS_WINS);
    assertThat(TieBreaker.decide(Optional.of(low), Optional.of(low.clone()))).isEqualTo(TieBreaker.Outcome.BOTH_LOSE);
    assertThat(TieBreaker.decide(Optional.empty(), Optional.of(low))).isEqualTo(TieBreaker.Outcome.THEIRS_WINS);
    assertThat(TieBreaker.decide(Optional.of(low), Optional.empty())).isEqualTo(TieBreaker.Outcome.OURS_WINS);
    assertThat(TieBreaker.decide(Optional.empty(), Optional.empty())).isEqualTo(TieBreaker.Outcome.NO_CONTEST);
  }

  @Test
  void lacThatLosesTieBreak_dropsItsTunnelSilently() {
    ControlConnection lac = new ControlConnection(Role.LAC, ControlConfig.of("lac", "s"), ticker, new Random(3), 9);
    lac.open();
    lac.openSession(IncomingCall.of(1, "460", "#777"));
    assertThat(lac.tieBreaker()).isPresent();
    List<ControlAction> out = lac.loseTieBreak();
    assertThat(sent(out)).isEmpty();
    assertThat(out).anySatisfy(a -> assertThat(a).isInstanceOf(ControlAction.SessionDown.class));
    assertThat(out.get(out.size() - 1)).isEqualTo(new ControlAction.Released(9));
  }

  @Test
  void sequence_comparesAcrossWrap() {
    assertThat(Sequence.before(0xFFFF, 0)).isTrue();
    assertThat(Sequence.before(0, 0xFFFF)).isFalse();
    assertThat(Sequence.next(0xFFFF)).isZero();
    assertThat(Sequence.distance(0xFFFE, 1)).isEqualTo(3);
  }
}
