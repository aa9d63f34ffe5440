package org.posnet.vpdn.ppp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.posnet.common.time.FakeTicker;

/** The RFC 1661 automaton on its own: LNS-side LCP against hand-made packets. */
class NegotiationTest {
  private final PppConfig config = PppConfig.lns("bank-lns", PppLab.LNS_ADDRESS, AuthRequest.Method.CHAP_MD5);
  private final List<String> layer = new ArrayList<>();
  private final LcpOptions options = new LcpOptions(config, new Random(5));
  private final Negotiation lcp = new Negotiation(PppFrame.LCP, PppTimer.LCP_RESTART, options, new Negotiation.Layer() {
    @Override
    public void up(List<PppAction> out) {
      layer.add("up");
    }

    @Override
    public void down(List<PppAction> out) {
      layer.add("down");
    }

    @Override
    public void started(List<PppAction> out) {
      layer.add("started");
    }

    @Override
    public void finished(List<PppAction> out) {
      layer.add("finished");
    }
  }, config);

  private static CpPacket sentPacket(List<PppAction> out, int index) throws PppDecodeException {
    PppAction.SendFrame f = (PppAction.SendFrame) out.stream().filter(a -> a instanceof PppAction.SendFrame)
        .toList().get(index);
    return CpPacket.decode(PppFrame.decode(f.frame()).info());
  }

  private CpPacket openAndRequest(List<PppAction> out) throws PppDecodeException {
    lcp.open(out);
    lcp.up(out);
    assertThat(lcp.state()).isEqualTo(Negotiation.State.REQ_SENT);
    return sentPacket(out, 0);
  }

  @Test
  void ackBothWays_opens() throws Exception {
    List<PppAction> out = new ArrayList<>();
    CpPacket ours = openAndRequest(out);
    lcp.receive(new CpPacket(2, ours.identifier(), ours.data()), out);
    assertThat(lcp.state()).isEqualTo(Negotiation.State.ACK_RCVD);
    lcp.receive(new CpPacket(1, 9, ConfigOption.encodeAll(List.of(ConfigOption.uint32(5, 0x01020304L)))), out);
    assertThat(lcp.state()).isEqualTo(Negotiation.State.OPENED);
    assertThat(layer).containsExactly("started", "up");
    assertThat(out).contains(new PppAction.CancelTimer(PppTimer.LCP_RESTART));
    assertThat(options.authAcked).isEqualTo(AuthRequest.Method.CHAP_MD5);
  }

  @Test
  void ackWithWrongIdentifier_isDiscarded() throws Exception {
    List<PppAction> out = new ArrayList<>();
    CpPacket ours = openAndRequest(out);
    lcp.receive(new CpPacket(2, ours.identifier() + 1, ours.data()), out);
    assertThat(lcp.state()).isEqualTo(Negotiation.State.REQ_SENT);
  }

  @Test
  void peerAsksUsToAuthenticate_isRejected_unknownOptionToo() throws Exception {
    List<PppAction> out = new ArrayList<>();
    openAndRequest(out);
    List<ConfigOption> theirs = List.of(ConfigOption.uint16(3, PppFrame.PAP), new ConfigOption(99, new byte[] {1}));
    lcp.receive(new CpPacket(1, 4, ConfigOption.encodeAll(theirs)), out);
    CpPacket reject = sentPacket(out, 1);
    assertThat(reject.code()).isEqualTo(4);
    assertThat(ConfigOption.decodeAll(reject.data())).isEqualTo(theirs);
  }

  @Test
  void maxFailure_turnsNaksIntoRejects() throws Exception {
    List<PppAction> out = new ArrayList<>();
    openAndRequest(out);
    byte[] tinyMru = ConfigOption.encodeAll(List.of(ConfigOption.uint16(1, 10)));
    List<Integer> codes = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      List<PppAction> o = new ArrayList<>();
      lcp.receive(new CpPacket(1, i, tinyMru), o);
      codes.add(sentPacket(o, 0).code());
    }
    assertThat(codes).containsExactly(3, 3, 3, 3, 3, 4);
  }

  @Test
  void terminateRequestWhenOpened_acksThenStopsAfterRestart() throws Exception {
    List<PppAction> out = new ArrayList<>();
    CpPacket ours = openAndRequest(out);
    lcp.receive(new CpPacket(2, ours.identifier(), ours.data()), out);
    lcp.receive(new CpPacket(1, 9, new byte[0]), out);
    out.clear();
    lcp.receive(new CpPacket(5, 33, new byte[0]), out);
    assertThat(sentPacket(out, 0)).isEqualTo(new CpPacket(6, 33, new byte[0]));
    assertThat(lcp.state()).isEqualTo(Negotiation.State.STOPPING);
    lcp.timeout(out);
    assertThat(lcp.state()).isEqualTo(Negotiation.State.STOPPED);
    assertThat(layer).containsExactly("started", "up", "down", "finished");
  }

  @Test
  void close_sendsTerminateRequestMaxTerminateTimes_thenFinishes() throws Exception {
    List<PppAction> out = new ArrayList<>();
    openAndRequest(out);
    out.clear();
    lcp.close(out);
    lcp.timeout(out);
    lcp.timeout(out);
    long terminates = out.stream().filter(a -> a instanceof PppAction.SendFrame).count();
    assertThat(terminates).isEqualTo(2);
    assertThat(lcp.state()).isEqualTo(Negotiation.State.CLOSED);
    assertThat(layer).endsWith("finished");
  }

  @Test
  void ipcp_lnsNaksZeroAddressAndDnsWithTheAssignedOnes() {
    IpcpOptions ipcp = new IpcpOptions(PppLink.Side.LNS, PppLab.LNS_ADDRESS);
    ipcp.assign(PppLab.ASSIGNED, List.of(PppLab.DNS1));
    Negotiation.Review r = ipcp.review(List.of(new ConfigOption(3, IpcpOptions.ZERO),
        new ConfigOption(129, IpcpOptions.ZERO)));
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.options()).containsExactly(new ConfigOption(3, PppLab.ASSIGNED.getAddress()),
        new ConfigOption(129, PppLab.DNS1.getAddress()));
    // no secondary DNS assigned: rejected rather than NAKed
    assertThat(ipcp.review(List.of(new ConfigOption(131, IpcpOptions.ZERO))).code()).isEqualTo(4);
    assertThat(ipcp.review(List.of(new ConfigOption(3, PppLab.ASSIGNED.getAddress()))).code()).isEqualTo(2);
  }

  @Test
  void staleTimerFiring_isIgnored() {
    FakeTicker t = new FakeTicker();
    PppLink link = new PppLink(config, t, new Random(1));
    assertThat(link.timerFired(PppTimer.LCP_RESTART)).isEmpty(); // never armed: stale firing ignored
  }
}
