package org.posnet.vpdn.ppp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * RFC 2661 §4.4.5 on the LNS: a LAC runs LCP and CHAP with the terminal, then hands the PPP session
 * over with its last CONFREQs (proxy LCP). Acceptable ones are taken over without LCP; missing or
 * conflicting ones are renegotiated, and the call still comes up.
 */
class ProxyLcpTakeoverTest {
  private static final PppConfig TERMINAL = PppConfig.terminal("t10000001@POSBANK.133VPDN.SX", "s3cret");
  private static final PppConfig LAC = PppConfig.lns("PDSN-HZ-01", PppLab.LNS_ADDRESS, AuthRequest.Method.CHAP_MD5);
  private static final PppConfig LNS = new PppConfig(PppLink.Side.LNS, "", new byte[0], null, PppLab.LNS_ADDRESS,
      "bank-lns", 1500, Duration.ofSeconds(3), 10, 2, 5, Duration.ofSeconds(30), 3);
  private static final AuthDecision.Accept GRANT = new AuthDecision.Accept(PppLab.ASSIGNED, List.of(PppLab.DNS1));

  /** What the LAC knows when it hands over: both last CONFREQs and the CHAP identifier. */
  private record Handover(PppLab lab, byte[] lastSent, byte[] lastReceived, int chapId, long terminalLcpRequests) {}

  /** Terminal ↔ LAC through LCP and the CHAP response; the LAC then goes quiet, as a real one does. */
  private static Handover lacRunsLcpAndChap() {
    PppLab lab = new PppLab(TERMINAL, LAC);
    PppLab.Side lac = lab.lns;
    lab.drop = (side, frame) -> side == lac && !lab.authRequests.isEmpty(); // the CHAP answer is the LNS's
    lab.start();
    lab.runUntil(() -> !lab.authRequests.isEmpty() && lab.terminal.inbox.isEmpty(), Duration.ofSeconds(1));
    assertThat(lab.authRequests).hasSize(1);
    assertThat(lab.terminal.link.phase()).isEqualTo(PppLink.Phase.AUTHENTICATE);
    return new Handover(lab, lastConfReq(lac.sent), lastConfReq(lab.terminal.sent), lab.authRequests.get(0).chapId(),
        lab.terminal.count(PppFrame.LCP, Negotiation.CONFIGURE_REQUEST));
  }

  private static byte[] lastConfReq(List<byte[]> frames) {
    byte[] last = null;
    for (byte[] f : frames) {
      try {
        PppFrame fr = PppFrame.decode(f);
        if (fr.protocol() == PppFrame.LCP) {
          CpPacket p = CpPacket.decode(fr.info());
          if (p.code() == Negotiation.CONFIGURE_REQUEST) {
            last = p.data();
          }
        }
      } catch (PppDecodeException e) {
        throw new AssertionError(e);
      }
    }
    assertThat(last).isNotNull();
    return last;
  }

  private static boolean bothUp(PppLab lab) {
    return !lab.terminal.logged(PppAction.NetworkUp.class).isEmpty() && !lab.lns.logged(PppAction.NetworkUp.class).isEmpty();
  }

  private static PppLink handOver(Handover h, byte[] lastSent, byte[] lastReceived) {
    PppLink lns = new PppLink(LNS, h.lab().ticker, new Random(3));
    h.lab().handOver(lns);
    h.lab().lns.apply(lns.openWithProxyLcp(GRANT, lastSent, lastReceived, AuthRequest.Method.CHAP_MD5, h.chapId()));
    return lns;
  }

  @Test
  void acceptableProxyLcp_isTakenOver_noLcpPacketIsExchanged_andIpcpGivesTheGrantedAddress() {
    Handover h = lacRunsLcpAndChap();
    long startNanos = h.lab().ticker.nanos();

    PppLink lns = handOver(h, h.lastSent(), h.lastReceived());

    assertThat(lns.proxyLcpRefusal()).isNull();
    assertThat(h.lab().runUntil(() -> bothUp(h.lab()), Duration.ofSeconds(1))).isTrue();
    assertThat(h.lab().lns.count(PppFrame.LCP, Negotiation.CONFIGURE_REQUEST)).isZero();
    assertThat(h.lab().terminal.count(PppFrame.LCP, Negotiation.CONFIGURE_REQUEST)).isEqualTo(h.terminalLcpRequests());
    // the terminal was told CHAP Success with its own identifier by the LNS, then IPCP
    assertThat(h.lab().lns.count(PppFrame.CHAP, Chap.SUCCESS)).isEqualTo(1);
    assertThat(h.lab().terminal.logged(PppAction.NetworkUp.class).get(0).localAddress()).isEqualTo(PppLab.ASSIGNED);
    assertThat(h.lab().authRequests).hasSize(1); // no second authentication
    assertThat(h.lab().ticker.nanos() - startNanos).isZero(); // no timer had to fire
    // the LAC's magic number is now the LNS's: the terminal knows it, and echo loop detection uses it
    assertThat(lns.magic()).isNotZero();
    assertThat(lns.phase()).isEqualTo(PppLink.Phase.NETWORK);
  }

  @Test
  void missingProxyLcp_isRenegotiated_andTheCallStillComesUp() {
    Handover h = lacRunsLcpAndChap();

    PppLink lns = handOver(h, new byte[0], new byte[0]);

    assertThat(lns.proxyLcpRefusal()).contains("no proxy LCP");
    assertThat(h.lab().runUntil(() -> bothUp(h.lab()), Duration.ofSeconds(10))).isTrue();
    assertThat(h.lab().lns.count(PppFrame.LCP, Negotiation.CONFIGURE_REQUEST)).isPositive();
    assertThat(h.lab().authRequests).hasSize(1);
  }

  @Test
  void unsupportedAuthProtocolInTheLacsConfreq_isRenegotiated() {
    Handover h = lacRunsLcpAndChap();
    // MS-CHAPv2 (C223 81) in place of CHAP-MD5: the LNS cannot vouch for it
    byte[] msChap = ConfigOption.encodeAll(List.of(new ConfigOption(LcpOptions.AUTH_PROTOCOL,
        new byte[] {(byte) 0xC2, 0x23, (byte) 0x81}), ConfigOption.uint32(LcpOptions.MAGIC_NUMBER, 0x1234_5678L)));

    PppLink lns = handOver(h, msChap, h.lastReceived());

    assertThat(lns.proxyLcpRefusal()).contains("unsupported authentication protocol");
    assertThat(h.lab().runUntil(() -> bothUp(h.lab()), Duration.ofSeconds(10))).isTrue();
    assertThat(h.lab().lns.count(PppFrame.LCP, Negotiation.CONFIGURE_REQUEST)).isPositive();
  }

  @Test
  void terminalMruTooSmall_isRenegotiated() throws Exception {
    Handover h = lacRunsLcpAndChap();
    List<ConfigOption> terminal = new java.util.ArrayList<>(ConfigOption.decodeAll(h.lastReceived()));
    terminal.add(0, ConfigOption.uint16(LcpOptions.MRU, 296));

    PppLink lns = handOver(h, h.lastSent(), ConfigOption.encodeAll(terminal));

    assertThat(lns.proxyLcpRefusal()).contains("MRU 296");
    assertThat(h.lab().runUntil(() -> bothUp(h.lab()), Duration.ofSeconds(10))).isTrue();
    assertThat(h.lab().lns.count(PppFrame.LCP, Negotiation.CONFIGURE_REQUEST)).isPositive();
  }

  @Test
  void conflictingAuthBetweenConfreqAndProxyAuth_malformedOptions_andLoopedMagic_areRefused() {
    byte[] chap = ConfigOption.encodeAll(List.of(new ConfigOption(LcpOptions.AUTH_PROTOCOL,
        new byte[] {(byte) 0xC2, 0x23, Chap.MD5}), ConfigOption.uint32(LcpOptions.MAGIC_NUMBER, 7)));
    byte[] terminal = ConfigOption.encodeAll(List.of(ConfigOption.uint32(LcpOptions.MAGIC_NUMBER, 9)));

    assertThat(LcpTakeover.review(LNS, chap, terminal, AuthRequest.Method.CHAP_MD5).accepted()).isTrue();
    assertThat(LcpTakeover.review(LNS, chap, terminal, AuthRequest.Method.PAP).refusal()).contains("proxy authentication is PAP");
    assertThat(LcpTakeover.review(LNS, chap, new byte[] {1, 9, 0}, AuthRequest.Method.CHAP_MD5).refusal()).contains("malformed");
    byte[] looped = ConfigOption.encodeAll(List.of(ConfigOption.uint32(LcpOptions.MAGIC_NUMBER, 7)));
    assertThat(LcpTakeover.review(LNS, chap, looped, AuthRequest.Method.CHAP_MD5).refusal()).contains("magic");
    byte[] bigMru = ConfigOption.encodeAll(List.of(ConfigOption.uint16(LcpOptions.MRU, 9000),
        new ConfigOption(LcpOptions.AUTH_PROTOCOL, new byte[] {(byte) 0xC2, 0x23, Chap.MD5})));
    assertThat(LcpTakeover.review(LNS, bigMru, terminal, AuthRequest.Method.CHAP_MD5).refusal()).contains("exceeds ours");
    byte[] callback = ConfigOption.encodeAll(List.of(new ConfigOption(13, new byte[] {6})));
    assertThat(LcpTakeover.review(LNS, chap, callback, AuthRequest.Method.CHAP_MD5).refusal()).contains("option 13");
  }
}
