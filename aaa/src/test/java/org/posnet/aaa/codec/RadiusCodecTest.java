package org.posnet.aaa.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class RadiusCodecTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final SharedSecret XYZZY = SharedSecret.of("xyzzy5461");

  /**
   * User-Password hiding over lengths around the 16-byte blocks; the interop test checks the same
   * against radclient, which we did not write.
   */
  @Test
  void userPassword_hidesInBlocksOf16_andReveals() {
    byte[] ra = RadiusSigner.randomAuthenticator();
    for (int len : new int[] {1, 15, 16, 17, 32, 128}) {
      byte[] pw = "p".repeat(len).getBytes(StandardCharsets.US_ASCII);
      byte[] hidden = PasswordHiding.hideUserPassword(pw, ra, XYZZY);
      assertThat(hidden.length % 16).isZero();
      assertThat(hidden).isNotEqualTo(java.util.Arrays.copyOf(pw, hidden.length));
      assertThat(PasswordHiding.revealUserPassword(hidden, ra, XYZZY)).isEqualTo(pw);
      assertThat(PasswordHiding.revealUserPassword(hidden, ra, SharedSecret.of("other"))).isNotEqualTo(pw);
    }
    assertThat(PasswordHiding.revealUserPassword(new byte[15], ra, XYZZY)).isNull();
    assertThat(PasswordHiding.revealUserPassword(new byte[144], ra, XYZZY)).isNull();
  }

  @Test
  void tunnelPassword_roundTrips_withSaltAndTag() {
    byte[] ra = RadiusSigner.randomAuthenticator();
    byte[] v = PasswordHiding.hideTunnelPassword(1, "tunnel-secret".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0x81, 0x23}, ra, XYZZY);
    assertThat(v[0]).isEqualTo((byte) 1);
    assertThat(v[1]).isEqualTo((byte) 0x81);
    assertThat((v.length - 3) % 16).isZero();
    assertThat(new String(PasswordHiding.revealTunnelPassword(v, ra, XYZZY), StandardCharsets.US_ASCII)).isEqualTo("tunnel-secret");
  }

  @Test
  void chap_matchesRfc1994Construction() throws Exception {
    byte[] challenge = HEX.parseHex("00112233445566778899aabbccddeeff");
    java.security.MessageDigest md = java.security.MessageDigest.getInstance("MD5");
    md.update((byte) 7);
    md.update("s3cret".getBytes(StandardCharsets.US_ASCII));
    md.update(challenge);
    byte[] expected = md.digest();
    byte[] chapPassword = new byte[17];
    chapPassword[0] = 7;
    System.arraycopy(expected, 0, chapPassword, 1, 16);
    assertThat(Chap.verify(chapPassword, "s3cret".getBytes(StandardCharsets.US_ASCII), challenge)).isTrue();
    assertThat(Chap.verify(chapPassword, "wrong".getBytes(StandardCharsets.US_ASCII), challenge)).isFalse();
    assertThat(Chap.verify(new byte[16], "s3cret".getBytes(StandardCharsets.US_ASCII), challenge)).isFalse();
  }

  /** RFC 2865 §7.1: PAP Access-Request from NAS 192.168.1.16 port 3, user nemo, password arctangent. */
  private static final byte[] RFC2865_REQUEST = HEX.parseHex(
      "010000380f403f9473978057bd83d5cb98f4227a01066e656d6f02120dbe708d93d413ce3196e43f782a0aee0406c0a80110050600000003");

  @Test
  void rfc2865_papRequest_decodesAndRevealsThePassword_andHidingReproducesTheBytes() throws Exception {
    RadiusPacket p = RadiusCodec.decode(RFC2865_REQUEST);
    assertThat(p.text(Attr.USER_NAME)).isEqualTo("nemo");
    assertThat(p.integer(Attr.NAS_PORT)).isEqualTo(3);
    byte[] hidden = p.first(Attr.USER_PASSWORD).orElseThrow().value();
    assertThat(new String(PasswordHiding.revealUserPassword(hidden, p.authenticator(), XYZZY), StandardCharsets.US_ASCII)).isEqualTo("arctangent");
    assertThat(PasswordHiding.hideUserPassword("arctangent".getBytes(StandardCharsets.US_ASCII), p.authenticator(), XYZZY)).isEqualTo(hidden);
    assertThat(RadiusCodec.encode(p)).isEqualTo(RFC2865_REQUEST);
  }

  @Test
  void rfc2865_accept_responseAuthenticatorMatchesTheRfc() throws Exception {
    RadiusPacket req = RadiusCodec.decode(RFC2865_REQUEST);
    byte[] reply = RadiusCodec.encode(new RadiusPacket(RadiusCode.ACCESS_ACCEPT, 0, req.authenticator(), List.of(
        RadiusAttribute.integer(Attr.SERVICE_TYPE, 1), RadiusAttribute.integer(15, 0), RadiusAttribute.ipv4(14, 0xc0a80103))));
    RadiusSigner.signResponse(reply, req.authenticator(), XYZZY);
    assertThat(HEX.formatHex(reply)).isEqualTo("0200002686fe220e7624ba2a1005f6bf9b55e0b20606000000010f06000000000e06c0a80103");
    assertThat(RadiusSigner.verifyResponse(reply, reply.length, req.authenticator(), XYZZY)).isTrue();
  }

  /** RFC 5997 §6: Status-Server with Message-Authenticator, and its Access-Accept. */
  @Test
  void rfc5997_statusServer_messageAuthenticatorVerifies_andReplyMatches() throws Exception {
    byte[] req = HEX.parseHex("0cda00268a54f4686fb394c52866e302185d062350125a665e2e1e8411f3e243822097c84fa3");
    RadiusPacket p = RadiusCodec.decode(req);
    int ma = RadiusCodec.offsetOf(req, Attr.MESSAGE_AUTHENTICATOR);
    assertThat(RadiusSigner.verifyMessageAuthenticator(req, req.length, ma, p.authenticator(), XYZZY)).isTrue();
    assertThat(RadiusSigner.verifyMessageAuthenticator(req, req.length, ma, p.authenticator(), SharedSecret.of("wrong"))).isFalse();
    byte[] reply = RadiusCodec.encode(new RadiusPacket(RadiusCode.ACCESS_ACCEPT, p.identifier(), p.authenticator(), List.of()));
    RadiusSigner.signResponse(reply, p.authenticator(), XYZZY);
    assertThat(HEX.formatHex(reply)).isEqualTo("02da0014ef0d552a4bf2d693ec2b6fe8b5411d66");
  }

  @Test
  void roundTrip_keepsOrderVendorAttributesAndBytes() throws Exception {
    RadiusPacket p = new RadiusPacket(RadiusCode.ACCOUNTING_REQUEST, 7, new byte[16], List.of(
        RadiusAttribute.text(Attr.USER_NAME, "t1@POSBANK.133VPDN.SX"),
        RadiusAttribute.vendor(Attr.VENDOR_3GPP, Attr.V3GPP_IMSI, "460031234500001".getBytes(StandardCharsets.US_ASCII)),
        RadiusAttribute.of(Attr.PROXY_STATE, new byte[] {1}),
        RadiusAttribute.of(Attr.PROXY_STATE, new byte[] {2})));
    byte[] bytes = RadiusCodec.encode(p);
    assertThat(bytes).hasSize(RadiusCodec.length(p.attributes()));
    RadiusPacket back = RadiusCodec.decode(bytes);
    assertThat(back).isEqualTo(p);
    assertThat(back.all(Attr.PROXY_STATE)).extracting(a -> a.value()[0]).containsExactly((byte) 1, (byte) 2);
    assertThat(RadiusCodec.encode(back)).isEqualTo(bytes);
  }

  @Test
  void vendorSpecific_withForeignLayout_isKeptWhole() throws Exception {
    // Vendor 9 with a sub-attribute claiming 200 bytes: not RFC layout, keep it opaque.
    byte[] bytes = HEX.parseHex("0400" + "001e" + "00".repeat(16) + "1a0a00000009" + "01c8abcd");
    RadiusPacket p = RadiusCodec.decode(bytes);
    assertThat(p.attributes()).singleElement().satisfies(a -> {
      assertThat(a.type()).isEqualTo(Attr.VENDOR_SPECIFIC);
      assertThat(a.vendor()).isZero();
      assertThat(a.value()).hasSize(8);
    });
  }

  @Test
  void truncatedHeader_isTruncated() {
    assertDrop(new byte[19], DropReason.TRUNCATED);
  }

  @Test
  void lengthFieldBelow20_orAbove4096_isBadLength() {
    byte[] p = new byte[20];
    p[3] = 19;
    assertDrop(p, DropReason.BAD_LENGTH);
    byte[] big = new byte[5000];
    big[2] = 0x10;
    big[3] = 0x01; // 4097
    assertDrop(big, DropReason.BAD_LENGTH);
  }

  @Test
  void lengthFieldPastDatagram_isTruncated() {
    byte[] p = new byte[20];
    p[3] = 30;
    assertDrop(p, DropReason.TRUNCATED);
  }

  @Test
  void attributeLength0_1_andOverflow_areBadAttribute() {
    for (int len : new int[] {0, 1, 9}) {
      byte[] p = new byte[24];
      p[3] = 24;
      p[20] = 1;
      p[21] = (byte) len;
      assertDrop(p, DropReason.BAD_ATTRIBUTE);
    }
    byte[] lone = new byte[21];
    lone[3] = 21;
    assertDrop(lone, DropReason.BAD_ATTRIBUTE);
  }

  @Test
  void bytesPastLength_areIgnoredAsPadding() throws Exception {
    byte[] p = new byte[40];
    p[3] = 20;
    assertThat(RadiusCodec.decode(p).attributes()).isEmpty();
  }

  @Test
  void secrets_neverPrint() {
    RadiusPacket p = new RadiusPacket(1, 1, new byte[16], List.of(
        RadiusAttribute.text(Attr.USER_PASSWORD, "hunter2-secret"),
        RadiusAttribute.text(Attr.TUNNEL_PASSWORD, "tunnel-secret"),
        RadiusAttribute.text(Attr.CHAP_PASSWORD, "chap-secret")));
    assertThat(p.toString()).doesNotContain("secret").contains("***");
    assertThat(SharedSecret.of("lac-secret").toString()).doesNotContain("lac-secret");
  }

  private static void assertDrop(byte[] p, DropReason reason) {
    assertThatThrownBy(() -> RadiusCodec.decode(p)).isInstanceOfSatisfying(RadiusDecodeException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
