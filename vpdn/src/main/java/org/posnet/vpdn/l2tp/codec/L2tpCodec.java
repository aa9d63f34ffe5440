package org.posnet.vpdn.l2tp.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * L2TPv2 datagrams to objects and back (RFC 2661 §3). Pure: no I/O, no clock. The secret is the
 * tunnel's shared secret, needed only for hidden AVPs (null when the tunnel has none).
 *
 * <pre>
 *  0                   1                   2                   3
 *  |T|L|x|x|S|x|O|P|x|x|x|x|  Ver  |          Length (opt)         |
 *  |           Tunnel ID           |           Session ID          |
 *  |             Ns (opt)          |             Nr (opt)          |
 *  |      Offset Size (opt)        |    Offset pad... (opt)
 * </pre>
 */
public final class L2tpCodec {
  public static final int VERSION = 2;
  static final int T = 0x80;
  static final int L = 0x40;
  static final int S = 0x08;
  static final int O = 0x02;
  static final int P = 0x01;
  /** Largest AVP: the length field has 10 bits. */
  public static final int MAX_AVP_LENGTH = 1023;

  private L2tpCodec() {}

  public static L2tpPacket decode(byte[] datagram, byte[] secret) throws L2tpDecodeException {
    return decode(datagram, 0, datagram.length, secret);
  }

  public static L2tpPacket decode(byte[] buf, int offset, int length, byte[] secret)
      throws L2tpDecodeException {
    if (offset < 0 || length < 0 || offset + length > buf.length) {
      throw L2tpDecodeException.drop("bounds outside the buffer");
    }
    if (length < 6) {
      throw L2tpDecodeException.drop("shorter than the smallest header");
    }
    int flags = buf[offset] & 0xFF;
    int version = buf[offset + 1] & 0x0F;
    // header reserved bits are "ignored on receipt" (§3.1); the version is not
    if (version != VERSION) {
      throw L2tpDecodeException.drop("version " + version + " is not L2TPv2");
    }
    boolean control = (flags & T) != 0;
    if (control && ((flags & L) == 0 || (flags & S) == 0 || (flags & O) != 0 || (flags & P) != 0)) {
      throw L2tpDecodeException.drop("control message needs L=1 S=1 O=0 P=0");
    }
    Reader r = new Reader(buf, offset, length);
    r.skip(2);
    int end = offset + length;
    if ((flags & L) != 0) {
      int declared = r.u16();
      if (declared > length) {
        throw L2tpDecodeException.drop("length " + declared + " beyond the datagram " + length);
      }
      end = offset + declared;
      r.limit(end);
    }
    if (r.remaining() < 4) {
      throw L2tpDecodeException.drop("header truncated");
    }
    int tunnelId = r.u16();
    int sessionId = r.u16();
    int ns = 0;
    int nr = 0;
    if ((flags & S) != 0) {
      if (r.remaining() < 4) {
        throw L2tpDecodeException.drop("header truncated at Ns/Nr");
      }
      ns = r.u16();
      nr = r.u16();
    }
    if (!control) {
      int pad = -1;
      if ((flags & O) != 0) {
        if (r.remaining() < 2) {
          throw L2tpDecodeException.drop("header truncated at offset size");
        }
        pad = r.u16();
        if (pad > r.remaining()) {
          throw L2tpDecodeException.drop("offset pad beyond the message");
        }
        r.skip(pad);
      }
      return new DataMessage(tunnelId, sessionId, (flags & L) != 0, (flags & S) != 0, ns, nr,
          (flags & P) != 0, pad, r.bytes(r.remaining()));
    }
    if (r.remaining() == 0) {
      return ControlMessage.zlb(tunnelId, ns, nr).addressed(tunnelId, sessionId, ns, nr);
    }
    return decodeAvps(r, tunnelId, sessionId, ns, nr, secret);
  }

  private static ControlMessage decodeAvps(
      Reader r, int tunnelId, int sessionId, int ns, int nr, byte[] secret) throws L2tpDecodeException {
    List<Avp> avps = new ArrayList<>();
    int messageType = -2;
    boolean typeMandatory = false;
    boolean sessionScoped = false;
    byte[] randomVector = null;
    while (r.remaining() > 0) {
      if (r.remaining() < 6) {
        throw fail(messageType, sessionScoped, tunnelId, sessionId, ns, ResultCode.ERROR_LENGTH,
            "trailing " + r.remaining() + " bytes are no AVP");
      }
      int b0 = r.u8();
      int b1 = r.u8();
      boolean m = (b0 & 0x80) != 0;
      boolean h = (b0 & 0x40) != 0;
      int reserved = (b0 >>> 2) & 0x0F;
      int avpLength = ((b0 & 0x03) << 8) | b1;
      int vendor = r.u16();
      int type = r.u16();
      if (avpLength < 6 || avpLength - 6 > r.remaining()) {
        throw fail(messageType, sessionScoped, tunnelId, sessionId, ns, ResultCode.ERROR_LENGTH,
            "AVP " + vendor + ":" + type + " length " + avpLength + " wrong");
      }
      byte[] value = r.bytes(avpLength - 6);
      if (messageType == -2) {
        // §4.1: the Message Type AVP comes first; without it nothing else can be interpreted
        if (vendor != 0 || type != AvpType.MESSAGE_TYPE.code() || reserved != 0 || h || value.length != 2) {
          throw L2tpDecodeException.drop("first AVP is not a plain Message Type");
        }
        messageType = ((value[0] & 0xFF) << 8) | (value[1] & 0xFF);
        typeMandatory = m;
        sessionScoped = MessageType.of(messageType).map(MessageType::sessionScoped).orElse(false);
        continue;
      }
      Optional<AvpType> known = reserved != 0 ? Optional.empty() : AvpType.of(vendor, type);
      if (h) {
        if (known.isPresent() && !known.get().mayBeHidden()) {
          throw fail(messageType, sessionScoped, tunnelId, sessionId, ns, ResultCode.ERROR_OUT_OF_RANGE,
              known.get() + " must not be hidden");
        }
        if (randomVector == null || secret == null || secret.length == 0) {
          throw fail(messageType, sessionScoped, tunnelId, sessionId, ns, ResultCode.ERROR_OUT_OF_RANGE,
              "hidden AVP " + vendor + ":" + type + " without Random Vector or secret");
        }
        value = HiddenAvp.reveal(type, value, secret, randomVector);
        if (value == null) {
          throw fail(messageType, sessionScoped, tunnelId, sessionId, ns, ResultCode.ERROR_LENGTH,
              "hidden AVP " + vendor + ":" + type + " does not decrypt to a valid length");
        }
      }
      if (known.isPresent()) {
        AvpType t = known.get();
        if (t == AvpType.MESSAGE_TYPE) {
          throw fail(messageType, sessionScoped, tunnelId, sessionId, ns, ResultCode.ERROR_OUT_OF_RANGE,
              "second Message Type AVP");
        }
        if (!t.format().accepts(value.length)) {
          throw fail(messageType, sessionScoped, tunnelId, sessionId, ns, ResultCode.ERROR_LENGTH,
              t + " value length " + value.length + " wrong");
        }
        if (t == AvpType.RANDOM_VECTOR) {
          randomVector = value;
        }
      }
      avps.add(new Avp(m, h, reserved, vendor, type, value));
    }
    ControlMessage msg = new ControlMessage(tunnelId, sessionId, ns, nr, messageType, typeMandatory, avps);
    Optional<MessageType> mt = msg.type();
    if (mt.isPresent()) {
      for (AvpType need : mt.get().required()) {
        if (!msg.has(need)) {
          throw fail(messageType, sessionScoped, tunnelId, sessionId, ns, ResultCode.ERROR_OUT_OF_RANGE,
              mt.get() + " without " + need);
        }
      }
    }
    return msg;
  }

  private static L2tpDecodeException fail(
      int messageType, boolean sessionScoped, int tunnelId, int sessionId, int ns, int error, String reason) {
    if (messageType == -2) {
      // not even the Message Type AVP was readable: nothing to answer
      return L2tpDecodeException.drop(reason);
    }
    return L2tpDecodeException.answer(sessionScoped, tunnelId, sessionId, ns, error, reason);
  }

  /**
   * Encodes a control message; hidden AVPs are hidden with {@code secret} and the nearest Random
   * Vector AVP before them, which the caller must have placed (a programming error otherwise).
   */
  public static byte[] encode(ControlMessage m, byte[] secret) {
    Writer w = new Writer(12 + 64 * (m.avps().size() + 1));
    w.u8(T | L | S);
    w.u8(VERSION);
    w.u16(0); // length, patched below
    w.u16(m.tunnelId());
    w.u16(m.sessionId());
    w.u16(m.ns());
    w.u16(m.nr());
    if (!m.isZlb()) {
      writeAvp(w, new Avp(m.typeMandatory(), false, 0, 0, 0,
          new byte[] {(byte) (m.messageType() >>> 8), (byte) m.messageType()}), null, null);
      byte[] rv = null;
      for (Avp a : m.avps()) {
        if (a.is(AvpType.RANDOM_VECTOR)) {
          rv = a.value();
        }
        writeAvp(w, a, secret, rv);
      }
    }
    byte[] out = w.toArray();
    if (out.length > 0xFFFF) {
      throw new IllegalArgumentException("control message larger than 65535 bytes");
    }
    out[2] = (byte) (out.length >>> 8);
    out[3] = (byte) out.length;
    return out;
  }

  private static void writeAvp(Writer w, Avp a, byte[] secret, byte[] rv) {
    byte[] value = a.value();
    if (a.hidden()) {
      if (rv == null || secret == null || secret.length == 0) {
        throw new IllegalStateException("hidden AVP " + a.type() + " needs a secret and a Random Vector before it");
      }
      value = HiddenAvp.hide(a.type(), value, secret, rv, 0);
    }
    int len = 6 + value.length;
    if (len > MAX_AVP_LENGTH) {
      throw new IllegalArgumentException("AVP " + a.type() + " longer than 1023 bytes");
    }
    w.u8((a.mandatory() ? 0x80 : 0) | (a.hidden() ? 0x40 : 0) | (a.reserved() << 2) | (len >>> 8));
    w.u8(len);
    w.u16(a.vendorId());
    w.u16(a.type());
    w.bytes(value);
  }

  public static byte[] encode(DataMessage d) {
    byte[] payload = d.payload();
    Writer w = new Writer(16 + payload.length);
    int flags = (d.lengthPresent() ? L : 0) | (d.sequenced() ? S : 0) | (d.offsetPad() >= 0 ? O : 0)
        | (d.priority() ? P : 0);
    w.u8(flags);
    w.u8(VERSION);
    if (d.lengthPresent()) {
      w.u16(0);
    }
    w.u16(d.tunnelId());
    w.u16(d.sessionId());
    if (d.sequenced()) {
      w.u16(d.ns());
      w.u16(d.nr());
    }
    if (d.offsetPad() >= 0) {
      w.u16(d.offsetPad());
      w.bytes(new byte[d.offsetPad()]);
    }
    w.bytes(payload);
    byte[] out = w.toArray();
    if (d.lengthPresent()) {
      if (out.length > 0xFFFF) {
        throw new IllegalArgumentException("data message larger than 65535 bytes");
      }
      out[2] = (byte) (out.length >>> 8);
      out[3] = (byte) out.length;
    }
    return out;
  }

  /** Tunnel id of a datagram, to find its connection and secret before a full decode. */
  public static int peekTunnelId(byte[] datagram) throws L2tpDecodeException {
    if (datagram.length < 6) {
      throw L2tpDecodeException.drop("shorter than the smallest header");
    }
    int at = (datagram[0] & L) != 0 ? 4 : 2;
    if (datagram.length < at + 2) {
      throw L2tpDecodeException.drop("header truncated");
    }
    return ((datagram[at] & 0xFF) << 8) | (datagram[at + 1] & 0xFF);
  }

  private static final class Reader {
    private final byte[] buf;
    private int pos;
    private int end;

    Reader(byte[] buf, int offset, int length) {
      this.buf = buf;
      this.pos = offset;
      this.end = offset + length;
    }

    void limit(int newEnd) {
      end = newEnd;
    }

    int remaining() {
      return end - pos;
    }

    void skip(int n) {
      pos += n;
    }

    int u8() {
      return buf[pos++] & 0xFF;
    }

    int u16() {
      int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
      pos += 2;
      return v;
    }

    byte[] bytes(int n) {
      byte[] b = new byte[n];
      System.arraycopy(buf, pos, b, 0, n);
      pos += n;
      return b;
    }
  }

  private static final class Writer {
    private byte[] buf;
    private int pos;

    Writer(int capacity) {
      buf = new byte[capacity];
    }

    private void ensure(int n) {
      if (pos + n > buf.length) {
        buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
      }
    }

    void u8(int v) {
      ensure(1);
      buf[pos++] = (byte) v;
    }

    void u16(int v) {
      ensure(2);
      buf[pos++] = (byte) (v >>> 8);
      buf[pos++] = (byte) v;
    }

    void bytes(byte[] b) {
      ensure(b.length);
      System.arraycopy(b, 0, buf, pos, b.length);
      pos += b.length;
    }

    byte[] toArray() {
      return java.util.Arrays.copyOf(buf, pos);
    }
  }
}
