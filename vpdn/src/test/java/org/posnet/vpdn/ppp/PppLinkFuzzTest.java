package org.posnet.vpdn.ppp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Whatever the terminal sends, the LNS link answers or drops; it never throws. */
class PppLinkFuzzTest {
  private static final PppConfig TERMINAL = PppConfig.terminal("t1@POSBANK.133VPDN.SX", "s3cret");
  private static final PppConfig LNS = PppConfig.lns("bank-lns", PppLab.LNS_ADDRESS, AuthRequest.Method.CHAP_MD5);

  private static PppLab established() {
    PppLab lab = new PppLab(TERMINAL, LNS);
    lab.start();
    lab.runUntil(() -> !lab.lns.logged(PppAction.NetworkUp.class).isEmpty(), Duration.ofSeconds(1));
    return lab;
  }

  @Property(tries = 300)
  void randomFrames_neverThrow(@ForAll @Size(max = 64) byte[] frame) {
    PppLab lab = established();
    assertThat(lab.lns.link.frameReceived(frame)).isNotNull();
    assertThat(lab.terminal.link.frameReceived(frame)).isNotNull();
  }

  @Property(tries = 500)
  void mutatedControlFrames_neverThrow(@ForAll @IntRange(min = 0, max = 3) int protocolPick,
      @ForAll @Size(max = 32) byte[] body, @ForAll @IntRange(min = 1, max = 11) int code) {
    int[] protocols = {PppFrame.LCP, PppFrame.IPCP, PppFrame.CHAP, PppFrame.PAP};
    PppLab lab = established();
    byte[] frame = new CpPacket(code, body.length > 0 ? body[0] & 0xFF : 0, body)
        .frame(protocols[protocolPick]).encode();
    if (body.length > 1) {
      frame[6] = body[1]; // sometimes a lying length field
    }
    lab.lns.apply(lab.lns.link.frameReceived(frame));
    lab.runUntil(() -> false, Duration.ofSeconds(40));
    assertThat(lab.lns.link.phase()).isNotNull();
  }
}
