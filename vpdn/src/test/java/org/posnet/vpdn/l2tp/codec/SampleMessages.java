package org.posnet.vpdn.l2tp.codec;

import java.util.ArrayList;
import java.util.List;

/** One valid message of every type, and one carrying every known AVP; also the fuzzers' seeds. */
final class SampleMessages {
  private SampleMessages() {}

  static ControlMessage of(MessageType t) {
    ControlMessage.Builder b = ControlMessage.builder(t).tunnelId(0x4321).sessionId(t.sessionScoped() ? 0x77 : 0);
    switch (t) {
      case SCCRQ, SCCRP -> b.add(Avp.protocolVersion()).text(AvpType.HOST_NAME, "bank-lns")
          .uint32(AvpType.FRAMING_CAPABILITIES, 3).uint16(AvpType.ASSIGNED_TUNNEL_ID, 9)
          .uint16(AvpType.RECEIVE_WINDOW_SIZE, 8).bytes(AvpType.CHALLENGE, new byte[] {1, 2, 3, 4})
          .bytes(AvpType.TIE_BREAKER, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
      case SCCCN -> b.bytes(AvpType.CHALLENGE_RESPONSE, new byte[16]);
      case STOPCCN -> b.uint16(AvpType.ASSIGNED_TUNNEL_ID, 9).add(Avp.resultCode(ResultCode.of(2, 6, "auth")));
      case HELLO -> { }
      case OCRQ -> b.uint16(AvpType.ASSIGNED_SESSION_ID, 5).uint32(AvpType.CALL_SERIAL_NUMBER, 1)
          .uint32(AvpType.MINIMUM_BPS, 1200).uint32(AvpType.MAXIMUM_BPS, 9600).uint32(AvpType.BEARER_TYPE, 2)
          .uint32(AvpType.FRAMING_TYPE, 1).text(AvpType.CALLED_NUMBER, "#777");
      case OCRP, ICRP -> b.uint16(AvpType.ASSIGNED_SESSION_ID, 5);
      case OCCN -> b.uint32(AvpType.TX_CONNECT_SPEED, 9600).uint32(AvpType.FRAMING_TYPE, 1);
      case ICRQ -> b.uint16(AvpType.ASSIGNED_SESSION_ID, 5).uint32(AvpType.CALL_SERIAL_NUMBER, 42)
          .text(AvpType.CALLING_NUMBER, "460031234500001").text(AvpType.CALLED_NUMBER, "#777")
          .uint32(AvpType.BEARER_TYPE, 2);
      case ICCN -> b.uint32(AvpType.TX_CONNECT_SPEED, 153600).uint32(AvpType.FRAMING_TYPE, 1)
          .bytes(AvpType.RANDOM_VECTOR, new byte[] {7, 7, 7, 7})
          .add(Avp.text(AvpType.PROXY_AUTHEN_NAME, "t1@POSBANK.133VPDN.SX").withHidden(true))
          .uint16(AvpType.PROXY_AUTHEN_TYPE, 2).bytes(AvpType.PROXY_AUTHEN_CHALLENGE, new byte[16])
          .uint16(AvpType.PROXY_AUTHEN_ID, 1)
          .add(Avp.of(AvpType.PROXY_AUTHEN_RESPONSE, new byte[16]).withHidden(true));
      case CDN -> b.add(Avp.resultCode(ResultCode.of(3))).uint16(AvpType.ASSIGNED_SESSION_ID, 5);
      case WEN -> b.bytes(AvpType.CALL_ERRORS, new byte[26]);
      case SLI -> b.bytes(AvpType.ACCM, new byte[] {0, 0, -1, -1, -1, -1, 0, 0, 0, 0});
      default -> throw new IllegalArgumentException(t.name());
    }
    ControlMessage m = b.build();
    return m.addressed(m.tunnelId(), m.sessionId(), 3, 4);
  }

  static ControlMessage withEveryAvp() {
    List<Avp> avps = new ArrayList<>();
    avps.add(Avp.of(AvpType.RANDOM_VECTOR, new byte[] {5, 4, 3, 2, 1}));
    for (AvpType t : AvpType.values()) {
      if (t == AvpType.MESSAGE_TYPE || t == AvpType.RANDOM_VECTOR) {
        continue;
      }
      int n = Math.max(t.format().min(), Math.min(5, t.format().max()));
      if (t == AvpType.RESULT_CODE) {
        n = 4;
      }
      byte[] v = new byte[n];
      for (int i = 0; i < n; i++) {
        v[i] = (byte) (t.code() + i);
      }
      Avp a = Avp.of(t, v);
      avps.add(t.mayBeHidden() ? a.withHidden(true) : a);
    }
    return new ControlMessage(1, 2, 3, 4, MessageType.ICCN.code(), true, avps);
  }

  static List<byte[]> wires(byte[] secret) {
    List<byte[]> out = new ArrayList<>();
    for (MessageType t : MessageType.values()) {
      out.add(L2tpCodec.encode(of(t), secret));
    }
    out.add(L2tpCodec.encode(withEveryAvp(), secret));
    out.add(L2tpCodec.encode(ControlMessage.zlb(1, 2, 3), secret));
    out.add(L2tpCodec.encode(new DataMessage(1, 2, true, true, 3, 4, false, 2, new byte[] {-1, 3, -64, 33})));
    return out;
  }
}
