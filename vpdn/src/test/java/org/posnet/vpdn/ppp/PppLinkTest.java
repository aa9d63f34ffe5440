package org.posnet.vpdn.ppp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PppLinkTest {
  private static final PppConfig TERMINAL = PppConfig.terminal("t10000001@POSBANK.133VPDN.SX", "s3cret");
  private static final PppConfig LNS_CHAP = PppConfig.lns("bank-lns", PppLab.LNS_ADDRESS, AuthRequest.Method.CHAP_MD5);
  private static final PppConfig LNS_PAP = PppConfig.lns("bank-lns", PppLab.LNS_ADDRESS, AuthRequest.Method.PAP);

  private static boolean bothUp(PppLab lab) {
    return !lab.terminal.logged(PppAction.NetworkUp.class).isEmpty() && !lab.lns.logged(PppAction.NetworkUp.class).isEmpty();
  }

  @Test
  void terminalAndLns_negotiateLcpChapIpcp_terminalGetsTheAssignedAddressAndDns() {
    PppLab lab = new PppLab(TERMINAL, LNS_CHAP);
    lab.start();
    assertThat(lab.runUntil(() -> bothUp(lab), Duration.ofSeconds(1))).isTrue();

    PppAction.NetworkUp t = lab.terminal.logged(PppAction.NetworkUp.class).get(0);
    assertThat(t.localAddress()).isEqualTo(PppLab.ASSIGNED);
    assertThat(t.peerAddress()).isEqualTo(PppLab.LNS_ADDRESS);
    assertThat(t.dns()).containsExactly(PppLab.DNS1, PppLab.DNS2);
    PppAction.NetworkUp l = lab.lns.logged(PppAction.NetworkUp.class).get(0);
    assertThat(l.localAddress()).isEqualTo(PppLab.LNS_ADDRESS);
    assertThat(l.peerAddress()).isEqualTo(PppLab.ASSIGNED);
    assertThat(lab.authRequests).singleElement().satisfies(r -> {
      assertThat(r.method()).isEqualTo(AuthRequest.Method.CHAP_MD5);
      assertThat(r.user()).isEqualTo("t10000001@POSBANK.133VPDN.SX");
      assertThat(r.challenge()).hasSize(16);
      assertThat(r.toString()).doesNotContain("s3cret");
    });
    assertThat(lab.terminal.link.phase()).isEqualTo(PppLink.Phase.NETWORK);
    // the terminal asked for 0.0.0.0 and was NAKed with the address
    assertThat(lab.lns.count(PppFrame.IPCP, 3)).isEqualTo(1);
  }

  @Test
  void ipPackets_flowBothWaysOnceIpcpIsOpen() {
    PppLab lab = new PppLab(TERMINAL, LNS_CHAP);
    byte[] packet = {0x45, 0, 0, 20, 1, 2, 3, 4};
    assertThat(lab.lns.link.sendIp(packet)).isEmpty();
    lab.start();
    lab.runUntil(() -> bothUp(lab), Duration.ofSeconds(1));
    lab.terminal.apply(lab.terminal.link.sendIp(packet));
    lab.runUntil(() -> !lab.lns.logged(PppAction.DeliverIp.class).isEmpty(), Duration.ofSeconds(1));
    assertThat(lab.lns.logged(PppAction.DeliverIp.class).get(0).packet()).isEqualTo(packet);
    // the LNS agreed to the terminal's PFC/ACFC, so it sends compressed frames: 1-byte protocol
    List<PppAction> toTerminal = lab.lns.link.sendIp(packet);
    assertThat(((PppAction.SendFrame) toTerminal.get(0)).frame()).startsWith(0x21, 0x45);
  }

  @Test
  void lostConfigureRequest_isRetransmittedAfterRestartTimer() {
    PppLab lab = new PppLab(TERMINAL, LNS_CHAP);
    boolean[] dropped = {false};
    lab.drop = (side, frame) -> {
      if (side == lab.terminal && !dropped[0] && frame.length > 4 && frame[2] == (byte) 0xC0 && frame[4] == 1) {
        dropped[0] = true;
        return true;
      }
      return false;
    };
    lab.start();
    assertThat(lab.runUntil(() -> bothUp(lab), Duration.ofSeconds(10))).isTrue();
    assertThat(lab.terminal.count(PppFrame.LCP, 1)).isEqualTo(2);
    assertThat(lab.ticker.nanos()).isGreaterThanOrEqualTo(Duration.ofSeconds(3).toNanos());
  }

  @Test
  void peerNeverAnswers_lcpGivesUpAfterMaxConfigure() {
    PppLab lab = new PppLab(TERMINAL, LNS_CHAP);
    lab.drop = (side, frame) -> true;
    lab.start();
    lab.runUntil(() -> !lab.terminal.logged(PppAction.LinkDown.class).isEmpty(), Duration.ofMinutes(2));
    assertThat(lab.terminal.count(PppFrame.LCP, 1)).isEqualTo(10);
    assertThat(lab.terminal.logged(PppAction.LinkDown.class)).hasSize(1);
    assertThat(lab.ticker.nanos()).isEqualTo(Duration.ofSeconds(30).toNanos());
  }

  @Test
  void pap_authenticatesAndOpensIpcp() {
    PppLab lab = new PppLab(TERMINAL, LNS_PAP);
    lab.start();
    assertThat(lab.runUntil(() -> bothUp(lab), Duration.ofSeconds(1))).isTrue();
    assertThat(lab.authRequests).singleElement().satisfies(r -> {
      assertThat(r.method()).isEqualTo(AuthRequest.Method.PAP);
      assertThat(new String(r.response())).isEqualTo("s3cret");
    });
  }

  @Test
  void wrongChapPassword_failsAndTerminatesBothSides() {
    PppLab lab = new PppLab(PppConfig.terminal("t10000001@POSBANK.133VPDN.SX", "wrong"), LNS_CHAP);
    lab.start();
    lab.runUntil(() -> !lab.terminal.logged(PppAction.LinkDown.class).isEmpty()
        && !lab.lns.logged(PppAction.LinkDown.class).isEmpty(), Duration.ofSeconds(10));
    assertThat(lab.lns.count(PppFrame.CHAP, Chap.FAILURE)).isEqualTo(1);
    assertThat(lab.lns.count(PppFrame.LCP, 5)).isGreaterThanOrEqualTo(1); // Terminate-Request
    assertThat(lab.lns.logged(PppAction.LinkDown.class).get(0).reason()).contains("bad password");
    assertThat(lab.terminal.logged(PppAction.LinkDown.class)).hasSize(1);
    assertThat(lab.terminal.logged(PppAction.NetworkUp.class)).isEmpty();
    assertThat(lab.lns.logged(PppAction.NetworkUp.class)).isEmpty();
  }

  @Test
  void echoKeepalive_answeredWhileAlive_linkDownWhenPeerGoesSilent() {
    PppLab lab = new PppLab(TERMINAL, LNS_CHAP);
    lab.start();
    lab.runUntil(() -> bothUp(lab), Duration.ofSeconds(1));
    lab.runUntil(() -> false, Duration.ofSeconds(95));
    // whoever's timer fires first asks; the other hears it and need not ask itself
    long requests = lab.lns.count(PppFrame.LCP, 9) + lab.terminal.count(PppFrame.LCP, 9);
    long replies = lab.lns.count(PppFrame.LCP, 10) + lab.terminal.count(PppFrame.LCP, 10);
    assertThat(requests).isGreaterThanOrEqualTo(3);
    assertThat(replies).isEqualTo(requests);
    assertThat(lab.lns.logged(PppAction.LinkDown.class)).isEmpty();

    lab.drop = (side, frame) -> side == lab.terminal; // the terminal's replies stop arriving
    lab.runUntil(() -> !lab.lns.logged(PppAction.LinkDown.class).isEmpty(), Duration.ofMinutes(5));
    assertThat(lab.lns.logged(PppAction.LinkDown.class).get(0).reason()).contains("echo");
  }

  @Test
  void echoRequestCarryingOurOwnMagic_isALoopedBackLine() {
    PppLab lab = new PppLab(TERMINAL, LNS_CHAP);
    lab.start();
    lab.runUntil(() -> bothUp(lab), Duration.ofSeconds(1));
    long magic = lab.lns.link.magic();
    byte[] echo = new CpPacket(9, 77, new byte[] {(byte) (magic >>> 24), (byte) (magic >>> 16),
        (byte) (magic >>> 8), (byte) magic}).frame(PppFrame.LCP).encode();
    lab.lns.apply(lab.lns.link.frameReceived(echo));
    lab.runUntil(() -> !lab.lns.logged(PppAction.LinkDown.class).isEmpty(), Duration.ofSeconds(10));
    assertThat(lab.lns.logged(PppAction.LinkDown.class).get(0).reason()).contains("looped-back");
  }

  @Test
  void garbage_isCountedAndDropped_unknownProtocolAndCodeAreRejected() {
    PppLab lab = new PppLab(TERMINAL, LNS_CHAP);
    lab.start();
    lab.runUntil(() -> bothUp(lab), Duration.ofSeconds(1));
    PppLink lns = lab.lns.link;
    assertThat(lns.frameReceived(new byte[0])).isEmpty();
    assertThat(lns.frameReceived(new byte[] {(byte) 0xff, 0x05, 0x00})).isEmpty();
    assertThat(lns.frameReceived(new byte[] {(byte) 0xff, 0x03, (byte) 0xc0, 0x21, 1, 1, 0, 99})).isEmpty();
    assertThat(lns.frameReceived(new byte[] {(byte) 0xff, 0x03, (byte) 0xc0, 0x21, 1, 1, 0, 6, 1, 9})).isEmpty();
    assertThat(lns.frameReceived(new byte[] {(byte) 0xff, 0x03, (byte) 0x80, 0x21, 1})).isEmpty();
    assertThat(lns.malformed()).isEqualTo(5);

    List<PppAction> out = lns.frameReceived(new byte[] {(byte) 0xff, 0x03, (byte) 0x80, 0x57, 1, 2});
    assertThat(out).singleElement().satisfies(a -> assertThat(((PppAction.SendFrame) a).frame())
        .startsWith(0xff, 0x03, 0xc0, 0x21, 8));
    out = lns.frameReceived(new CpPacket(42, 1, new byte[] {1}).frame(PppFrame.LCP).encode());
    assertThat(out).singleElement().satisfies(a -> assertThat(((PppAction.SendFrame) a).frame())
        .startsWith(0xff, 0x03, 0xc0, 0x21, 7));
    assertThat(lns.phase()).isEqualTo(PppLink.Phase.NETWORK);
  }

  @Test
  void frameCodec_withAndWithoutAddressControl_andCompressedProtocol() throws Exception {
    PppFrame lcp = new PppFrame(PppFrame.LCP, new byte[] {1, 2});
    assertThat(lcp.encode(true, true)).startsWith(0xff, 0x03, 0xc0, 0x21); // LCP never compressed
    assertThat(PppFrame.decode(new byte[] {(byte) 0xc0, 0x21, 1, 2})).isEqualTo(lcp);
    PppFrame ip = new PppFrame(PppFrame.IPV4, new byte[] {0x45});
    assertThat(ip.encode(true, true)).containsExactly(0x21, 0x45);
    assertThat(PppFrame.decode(ip.encode(true, true))).isEqualTo(ip);
    assertThat(PppFrame.decode(ip.encode(false, false))).isEqualTo(ip);
  }

  @Test
  void chapResponse_isMd5OfIdSecretChallenge() {
    // RFC 1994 §4.1 with id 1, secret "s3cret", challenge 00..0f, computed with python hashlib
    byte[] challenge = new byte[16];
    for (int i = 0; i < 16; i++) {
      challenge[i] = (byte) i;
    }
    assertThat(java.util.HexFormat.of().formatHex(Chap.response(1, "s3cret".getBytes(), challenge)))
        .isEqualTo(CHAP_VECTOR);
  }

  static final String CHAP_VECTOR = "063a71f27532a4d37c258c19b40c3b75";
  @Test
  void openAuthenticated_renegotiatesLcpWithoutAuthentication_andAssignsTheGrantedAddress() {
    PppConfig noAuth = new PppConfig(PppLink.Side.LNS, "", new byte[0], null, PppLab.LNS_ADDRESS, "bank-lns", 1500,
        Duration.ofSeconds(3), 10, 2, 5, Duration.ofSeconds(30), 3);
    PppLab lab = new PppLab(TERMINAL, noAuth);
    lab.terminal.apply(lab.terminal.link.open());
    lab.lns.apply(lab.lns.link.openAuthenticated(new AuthDecision.Accept(PppLab.ASSIGNED, List.of(PppLab.DNS1))));
    assertThat(lab.runUntil(() -> bothUp(lab), Duration.ofSeconds(1))).isTrue();
    assertThat(lab.authRequests).isEmpty();
    assertThat(lab.terminal.logged(PppAction.NetworkUp.class).get(0).localAddress()).isEqualTo(PppLab.ASSIGNED);
  }
}
