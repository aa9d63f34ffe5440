package org.posnet.vpdn.l2tp.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.posnet.vpdn.l2tp.codec.L2tpDecodeException.Disposition;

class L2tpCodecTest {
  private static final byte[] SECRET = "tunnel-secret".getBytes(StandardCharsets.UTF_8);

  /** HELLO to tunnel 0x1234, Ns 1, Nr 2, then the AVP under test (6-byte header + value). */
  private static byte[] helloWith(byte... avp) {
    byte[] head = {
      (byte) 0b1100_1000, // T=1 L=1 x x S=1 x O=0 P=0
      0b0000_0010, // reserved, Ver=2
      0x00, 0x00, // Length, patched below
      0x12, 0x34, // Tunnel ID
      0x00, 0x00, // Session ID
      0x00, 0x01, // Ns
      0x00, 0x02, // Nr
      (byte) 0b1000_0000, 0x08, // M=1 H=0 reserved=0, AVP length 8
      0x00, 0x00, // Vendor ID 0
      0x00, 0x00, // Attribute Type 0: Message Type
      0x00, 0x06, // HELLO
    };
    byte[] out = new byte[head.length + avp.length];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(avp, 0, out, head.length, avp.length);
    out[3] = (byte) out.length;
    return out;
  }

  private static byte[] receiveWindowAvp(int firstByte) {
    return new byte[] {
      (byte) firstByte, 0x08, // flags + length 8
      0x00, 0x00, // Vendor ID 0
      0x00, 0x0A, // Type 10: Receive Window Size
      0x00, 0x10, // 16
    };
  }

  @Test
  void hello_withReceiveWindow_decodesEveryField() throws Exception {
    ControlMessage m = (ControlMessage) L2tpCodec.decode(helloWith(receiveWindowAvp(0b1000_0000)), null);
    assertThat(m.tunnelId()).isEqualTo(0x1234);
    assertThat(m.sessionId()).isZero();
    assertThat(m.ns()).isEqualTo(1);
    assertThat(m.nr()).isEqualTo(2);
    assertThat(m.is(MessageType.HELLO)).isTrue();
    assertThat(m.typeMandatory()).isTrue();
    assertThat(m.uint16(AvpType.RECEIVE_WINDOW_SIZE)).hasValue(16);
    assertThat(m.find(AvpType.RECEIVE_WINDOW_SIZE).orElseThrow().mandatory()).isTrue();
    assertThat(m.unknownMandatory()).isEmpty();
  }

  @Test
  void avp_mBitCleared_isKeptOptional() throws Exception {
    ControlMessage m = (ControlMessage) L2tpCodec.decode(helloWith(receiveWindowAvp(0b0000_0000)), null);
    Avp a = m.find(AvpType.RECEIVE_WINDOW_SIZE).orElseThrow();
    assertThat(a.mandatory()).isFalse();
    assertThat(a.uint16()).isEqualTo(16);
  }

  @Test
  void avp_hBitWithoutRandomVector_answersStopCcnOutOfRange() {
    assertThatThrownBy(() -> L2tpCodec.decode(helloWith(receiveWindowAvp(0b1100_0000)), SECRET))
        .isInstanceOfSatisfying(L2tpDecodeException.class, e -> {
          assertThat(e.disposition()).isEqualTo(Disposition.STOP_CONNECTION);
          assertThat(e.resultCode()).isEqualTo(2);
          assertThat(e.errorCode()).isEqualTo(ResultCode.ERROR_OUT_OF_RANGE);
          assertThat(e.tunnelId()).isEqualTo(0x1234);
        });
  }

  @Test
  void avp_eachReservedBitSet_makesItUnrecognised() throws Exception {
    for (int bit = 0; bit < 4; bit++) {
      int flags = 0b1000_0000 | (1 << (2 + bit));
      ControlMessage m = (ControlMessage) L2tpCodec.decode(helloWith(receiveWindowAvp(flags)), null);
      Avp a = m.avps().get(0);
      assertThat(a.reserved()).isEqualTo(1 << bit);
      assertThat(a.known()).isEmpty();
      assertThat(m.find(AvpType.RECEIVE_WINDOW_SIZE)).isEmpty();
      assertThat(m.unknownMandatory()).contains(a);
    }
  }

  @Test
  void avp_reservedBitSetWithMClear_isIgnorable() throws Exception {
    ControlMessage m = (ControlMessage) L2tpCodec.decode(helloWith(receiveWindowAvp(0b0000_0100)), null);
    assertThat(m.avps()).hasSize(1);
    assertThat(m.unknownMandatory()).isEmpty();
  }

  @Test
  void unknownVendorAvp_mandatory_isKeptRawForTheStateMachine() throws Exception {
    byte[] avp = {
      (byte) 0b1000_0000, 0x09, // M=1, length 9
      0x00, 0x09, // Vendor ID 9 (Cisco)
      0x00, 0x01, // Type 1
      0x61, 0x62, 0x63, // "abc"
    };
    ControlMessage m = (ControlMessage) L2tpCodec.decode(helloWith(avp), null);
    Avp a = m.unknownMandatory().orElseThrow();
    assertThat(a.vendorId()).isEqualTo(9);
    assertThat(a.text()).isEqualTo("abc");
  }

  @Test
  void avpLengthBeyondMessage_answersLengthError() {
    byte[] avp = {
      (byte) 0b1000_0000, 0x20, // M=1, length 32: more than is left
      0x00, 0x00, 0x00, 0x0A, 0x00, 0x10,
    };
    assertThatThrownBy(() -> L2tpCodec.decode(helloWith(avp), null))
        .isInstanceOfSatisfying(L2tpDecodeException.class, e -> {
          assertThat(e.disposition()).isEqualTo(Disposition.STOP_CONNECTION);
          assertThat(e.errorCode()).isEqualTo(ResultCode.ERROR_LENGTH);
        });
  }

  @Test
  void avpLengthBelowHeader_answersLengthError() {
    byte[] avp = {(byte) 0x80, 0x05, 0x00, 0x00, 0x00, 0x0A};
    assertThatThrownBy(() -> L2tpCodec.decode(helloWith(avp), null))
        .isInstanceOfSatisfying(L2tpDecodeException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ResultCode.ERROR_LENGTH));
  }

  @Test
  void knownAvpWithWrongValueLength_answersLengthError() {
    byte[] avp = {
      (byte) 0x80, 0x07, // length 7: Receive Window Size needs 8
      0x00, 0x00, 0x00, 0x0A, 0x10,
    };
    assertThatThrownBy(() -> L2tpCodec.decode(helloWith(avp), null))
        .isInstanceOfSatisfying(L2tpDecodeException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ResultCode.ERROR_LENGTH));
  }

  @Test
  void resultCodeOfThreeBytes_isMalformed() {
    byte[] avp = {(byte) 0x80, 0x09, 0x00, 0x00, 0x00, 0x01, 0x00, 0x02, 0x00};
    assertThatThrownBy(() -> L2tpCodec.decode(helloWith(avp), null)).isInstanceOf(L2tpDecodeException.class);
  }

  @Test
  void resultCode_threeWireForms_roundTrip() throws Exception {
    for (ResultCode rc : List.of(ResultCode.of(1), ResultCode.of(2, 6, ""), ResultCode.of(2, 8, "unknown AVP"))) {
      ControlMessage stop = ControlMessage.builder(MessageType.STOPCCN)
          .uint16(AvpType.ASSIGNED_TUNNEL_ID, 7).add(Avp.resultCode(rc)).build();
      ControlMessage back = (ControlMessage) L2tpCodec.decode(L2tpCodec.encode(stop, null), null);
      assertThat(back.resultCode()).contains(rc);
    }
  }

  @Test
  void sessionMessageMissingMandatoryAvp_answersCdnForThatSession() {
    ControlMessage cdn = new ControlMessage(5, 77, 0, 0, MessageType.CDN.code(), true,
        List.of(Avp.uint16(AvpType.ASSIGNED_SESSION_ID, 3)));
    assertThatThrownBy(() -> L2tpCodec.decode(L2tpCodec.encode(cdn, null), null))
        .isInstanceOfSatisfying(L2tpDecodeException.class, e -> {
          assertThat(e.disposition()).isEqualTo(Disposition.CLEAR_SESSION);
          assertThat(e.sessionId()).isEqualTo(77);
          assertThat(e.resultCode()).isEqualTo(ResultCode.CDN_GENERAL_ERROR);
        });
  }

  @Test
  void header_version3_isDropped() {
    byte[] b = helloWith();
    b[1] = 0x03;
    assertThatThrownBy(() -> L2tpCodec.decode(b, null))
        .isInstanceOfSatisfying(L2tpDecodeException.class,
            e -> assertThat(e.disposition()).isEqualTo(Disposition.DROP));
  }

  @Test
  void header_controlWithoutSequenceBit_isDropped() {
    byte[] b = helloWith();
    b[0] = (byte) 0b1100_0000;
    assertThatThrownBy(() -> L2tpCodec.decode(b, null))
        .isInstanceOfSatisfying(L2tpDecodeException.class,
            e -> assertThat(e.disposition()).isEqualTo(Disposition.DROP));
  }

  @Test
  void header_controlWithPriorityBit_isDropped() {
    byte[] b = helloWith();
    b[0] = (byte) 0b1100_1001;
    assertThatThrownBy(() -> L2tpCodec.decode(b, null)).isInstanceOf(L2tpDecodeException.class);
  }

  @Test
  void header_reservedBitsAreIgnored() throws Exception {
    byte[] b = helloWith();
    b[0] = (byte) 0b1111_1100; // x bits set
    b[1] = (byte) 0xF2;
    assertThat(((ControlMessage) L2tpCodec.decode(b, null)).is(MessageType.HELLO)).isTrue();
  }

  @Test
  void header_lengthBeyondDatagram_isDropped() {
    byte[] b = helloWith();
    b[3] = (byte) (b.length + 1);
    assertThatThrownBy(() -> L2tpCodec.decode(b, null))
        .isInstanceOfSatisfying(L2tpDecodeException.class,
            e -> assertThat(e.disposition()).isEqualTo(Disposition.DROP));
  }

  @Test
  void zlb_decodes() throws Exception {
    byte[] zlb = {
      (byte) 0xC8, 0x02, // T L S, Ver 2
      0x00, 0x0C, // Length 12
      0x00, 0x05, 0x00, 0x00, // tunnel 5, session 0
      0x00, 0x03, 0x00, 0x04, // Ns 3, Nr 4
    };
    ControlMessage m = (ControlMessage) L2tpCodec.decode(zlb, null);
    assertThat(m.isZlb()).isTrue();
    assertThat(m.nr()).isEqualTo(4);
    assertThat(L2tpCodec.encode(m, null)).isEqualTo(zlb);
  }

  @Test
  void firstAvpNotMessageType_isDropped() {
    byte[] b = helloWith();
    b[17] = 0x0A; // the first AVP's type becomes Receive Window Size
    assertThatThrownBy(() -> L2tpCodec.decode(b, null))
        .isInstanceOfSatisfying(L2tpDecodeException.class,
            e -> assertThat(e.disposition()).isEqualTo(Disposition.DROP));
  }

  @Test
  void unknownMessageType_isKeptWithItsMBit() throws Exception {
    byte[] b = helloWith();
    b[19] = 0x63; // type 99
    ControlMessage m = (ControlMessage) L2tpCodec.decode(b, null);
    assertThat(m.type()).isEmpty();
    assertThat(m.messageType()).isEqualTo(99);
    assertThat(m.typeMandatory()).isTrue();
  }

  @Test
  void hiddenAvp_matchesHandComputedVector() throws Exception {
    byte[] rv = HexFormat.of().parseHex("0102030405060708090a0b0c0d0e0f10");
    String name = "t10000001@POSBANK.133VPDN.SX";
    byte[] hidden = HiddenAvp.hide(30, name.getBytes(StandardCharsets.UTF_8), SECRET, rv, 0);
    // python: md5(type|secret|rv) XOR (len|value), then md5(secret|c1) for the second block
    assertThat(HexFormat.of().formatHex(hidden))
        .isEqualTo("b770fd0bace4b708073cb0e9bcba5e95a672f93c83ee598b6237f79e1e18");
    assertThat(new String(HiddenAvp.reveal(30, hidden, SECRET, rv), StandardCharsets.UTF_8)).isEqualTo(name);
  }

  @Test
  void hiddenAvp_withPadding_roundTrips() {
    byte[] rv = {9, 9, 9};
    byte[] value = new byte[40];
    for (int i = 0; i < value.length; i++) {
      value[i] = (byte) i;
    }
    byte[] hidden = HiddenAvp.hide(33, value, SECRET, rv, 7);
    assertThat(hidden).hasSize(2 + 40 + 7);
    assertThat(HiddenAvp.reveal(33, hidden, SECRET, rv)).isEqualTo(value);
  }

  @Test
  void hiddenAvpsInMessage_roundTripWithSecret_andFailWithoutIt() throws Exception {
    ControlMessage iccn = ControlMessage.builder(MessageType.ICCN).tunnelId(3).sessionId(4)
        .uint32(AvpType.TX_CONNECT_SPEED, 9600).uint32(AvpType.FRAMING_TYPE, 1)
        .bytes(AvpType.RANDOM_VECTOR, new byte[] {1, 2, 3, 4, 5, 6, 7, 8})
        .add(Avp.text(AvpType.PROXY_AUTHEN_NAME, "t1@POSBANK").withHidden(true))
        .add(Avp.of(AvpType.PROXY_AUTHEN_RESPONSE, new byte[16]).withHidden(true))
        .build();
    byte[] wire = L2tpCodec.encode(iccn, SECRET);
    assertThat(new String(wire, StandardCharsets.ISO_8859_1)).doesNotContain("t1@POSBANK");
    assertThat(L2tpCodec.decode(wire, SECRET)).isEqualTo(iccn);
    assertThatThrownBy(() -> L2tpCodec.decode(wire, null)).isInstanceOfSatisfying(L2tpDecodeException.class,
        e -> assertThat(e.disposition()).isEqualTo(Disposition.CLEAR_SESSION));
  }

  @Test
  void hiddenAvp_wrongSecret_endsInDecodeErrorOrGarbageButNeverCrash() {
    ControlMessage m = ControlMessage.builder(MessageType.HELLO)
        .bytes(AvpType.RANDOM_VECTOR, new byte[] {1})
        .add(Avp.of(AvpType.CHALLENGE_RESPONSE, new byte[16]).withHidden(true)).build();
    byte[] wire = L2tpCodec.encode(m, SECRET);
    try {
      ControlMessage back = (ControlMessage) L2tpCodec.decode(wire, "other".getBytes(StandardCharsets.UTF_8));
      assertThat(back.find(AvpType.CHALLENGE_RESPONSE).orElseThrow().value()).isNotEqualTo(new byte[16]);
    } catch (L2tpDecodeException e) {
      assertThat(e.disposition()).isNotNull();
    }
  }

  @Test
  void hidingRandomVector_isRejected() {
    ControlMessage m = new ControlMessage(1, 0, 0, 0, MessageType.HELLO.code(), true,
        List.of(Avp.of(AvpType.RANDOM_VECTOR, new byte[] {1}), Avp.of(AvpType.RANDOM_VECTOR, new byte[] {2})
            .withHidden(true)));
    byte[] wire = L2tpCodec.encode(m, SECRET);
    assertThatThrownBy(() -> L2tpCodec.decode(wire, SECRET)).isInstanceOf(L2tpDecodeException.class);
  }

  @Test
  void tunnelAuth_matchesHandComputedMd5() {
    byte[] challenge = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
    assertThat(HexFormat.of().formatHex(TunnelAuth.response(MessageType.SCCRP, "tunnel-secret", challenge)))
        .isEqualTo("2895653118c6c6e70afd0580f485b713");
    assertThat(TunnelAuth.verify(MessageType.SCCRP, SECRET, challenge,
        TunnelAuth.response(MessageType.SCCRP, SECRET, challenge))).isTrue();
    assertThat(TunnelAuth.verify(MessageType.SCCCN, SECRET, challenge,
        TunnelAuth.response(MessageType.SCCRP, SECRET, challenge))).isFalse();
  }

  @Test
  void dataMessage_allHeaderForms_roundTrip() throws Exception {
    byte[] ppp = {(byte) 0xff, 0x03, (byte) 0xc0, 0x21, 1, 1, 0, 4};
    for (DataMessage d : List.of(
        DataMessage.of(1, 2, ppp),
        new DataMessage(1, 2, true, true, 5, 6, true, 3, ppp),
        new DataMessage(0xFFFF, 0xFFFF, true, false, 0, 0, false, 0, ppp))) {
      assertThat(L2tpCodec.decode(L2tpCodec.encode(d), null)).isEqualTo(d);
    }
  }

  @Test
  void dataMessage_byteByByte() throws Exception {
    byte[] wire = {
      0b0000_0010, 0x02, // T=0 O=1, Ver 2
      0x00, 0x07, 0x00, 0x09, // tunnel 7, session 9
      0x00, 0x02, 0x55, 0x55, // Offset Size 2, pad
      (byte) 0xc0, 0x21, // PPP frame without ff03: LCP
    };
    DataMessage d = (DataMessage) L2tpCodec.decode(wire, null);
    assertThat(d.sessionId()).isEqualTo(9);
    assertThat(d.payload()).containsExactly(0xc0, 0x21);
    assertThat(L2tpCodec.peekTunnelId(wire)).isEqualTo(7);
  }

  @Test
  void everyMessageType_roundTrips() throws Exception {
    for (MessageType t : MessageType.values()) {
      ControlMessage m = SampleMessages.of(t);
      byte[] wire = L2tpCodec.encode(m, SECRET);
      assertThat(L2tpCodec.decode(wire, SECRET)).as(t.name()).isEqualTo(m);
      assertThat(L2tpCodec.encode((ControlMessage) L2tpCodec.decode(wire, SECRET), SECRET)).isEqualTo(wire);
    }
  }

  @Test
  void everyKnownAvp_roundTripsInOneMessage() throws Exception {
    ControlMessage m = SampleMessages.withEveryAvp();
    assertThat(m.avps()).hasSize(AvpType.values().length - 1);
    assertThat(L2tpCodec.decode(L2tpCodec.encode(m, SECRET), SECRET)).isEqualTo(m);
  }

  @Test
  void secretsPrintAsLengthOnly() {
    Avp hidden = Avp.text(AvpType.PROXY_AUTHEN_NAME, "alice").withHidden(true);
    Avp response = Avp.of(AvpType.PROXY_AUTHEN_RESPONSE, new byte[] {0x12, 0x34});
    assertThat(hidden.toString()).doesNotContain("alice").doesNotContain("616c696365").contains("5 bytes");
    assertThat(response.toString()).doesNotContain("1234");
  }
}
