package org.posnet.aaa.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * Bytes to {@link RadiusPacket} and back (RFC 2865 §3, §5). Pure: no I/O, no crypto, no clock.
 * Authenticators and hidden values are computed by {@link RadiusSigner} and {@link PasswordHiding};
 * the codec only lays bytes out. Every malformed input ends in {@link RadiusDecodeException}.
 */
public final class RadiusCodec {
  private RadiusCodec() {}

  public static RadiusPacket decode(byte[] buf) throws RadiusDecodeException {
    return decode(buf, 0, buf.length);
  }

  public static RadiusPacket decode(byte[] buf, int offset, int available) throws RadiusDecodeException {
    if (available < RadiusPacket.HEADER) {
      throw new RadiusDecodeException(DropReason.TRUNCATED, "packet of " + available + " bytes is shorter than the 20-byte header");
    }
    int code = buf[offset] & 0xff;
    int id = buf[offset + 1] & 0xff;
    int length = ((buf[offset + 2] & 0xff) << 8) | (buf[offset + 3] & 0xff);
    if (length < RadiusPacket.HEADER || length > RadiusPacket.MAX_LENGTH) {
      throw new RadiusDecodeException(DropReason.BAD_LENGTH, "length field " + length + " outside 20..4096");
    }
    if (length > available) {
      throw new RadiusDecodeException(DropReason.TRUNCATED, "length field " + length + " exceeds the " + available + " bytes received");
    }
    // Octets past Length are padding and are ignored (RFC 2865 §3).
    byte[] auth = new byte[16];
    System.arraycopy(buf, offset + 4, auth, 0, 16);
    List<RadiusAttribute> attrs = new RadiusPacket.OwnedList(12);
    int p = offset + RadiusPacket.HEADER;
    int end = offset + length;
    while (p < end) {
      if (end - p < 2) throw new RadiusDecodeException(DropReason.BAD_ATTRIBUTE, "attribute header truncated at offset " + (p - offset));
      int type = buf[p] & 0xff;
      int alen = buf[p + 1] & 0xff;
      if (alen < 2) throw new RadiusDecodeException(DropReason.BAD_ATTRIBUTE, "attribute " + type + " has length " + alen + " at offset " + (p - offset));
      if (p + alen > end) throw new RadiusDecodeException(DropReason.BAD_ATTRIBUTE, "attribute " + type + " of length " + alen + " overflows the packet at offset " + (p - offset));
      if (type == Attr.VENDOR_SPECIFIC && alen >= 8 && buf[p + 2] == 0) {
        decodeVendor(buf, p, alen, attrs, offset);
      } else {
        byte[] v = new byte[alen - 2];
        System.arraycopy(buf, p + 2, v, 0, v.length);
        attrs.add(new RadiusAttribute(0, type, v));
      }
      p += alen;
    }
    return new RadiusPacket(code, id, auth, attrs);
  }

  /**
   * Splits a Vendor-Specific attribute into its sub-attributes when they follow the RFC 2865 §5.26
   * layout exactly; otherwise keeps it whole as an opaque attribute 26 (vendors may use other layouts).
   */
  private static void decodeVendor(byte[] buf, int p, int alen, List<RadiusAttribute> attrs, int base) {
    int vendor = ((buf[p + 2] & 0xff) << 24) | ((buf[p + 3] & 0xff) << 16) | ((buf[p + 4] & 0xff) << 8) | (buf[p + 5] & 0xff);
    int q = p + 6;
    int end = p + alen;
    List<RadiusAttribute> subs = new ArrayList<>(2);
    while (q < end) {
      if (end - q < 2 || (buf[q + 1] & 0xff) < 2 || q + (buf[q + 1] & 0xff) > end) {
        byte[] whole = new byte[alen - 2];
        System.arraycopy(buf, p + 2, whole, 0, whole.length);
        attrs.add(new RadiusAttribute(0, Attr.VENDOR_SPECIFIC, whole));
        return;
      }
      int vt = buf[q] & 0xff;
      int vl = buf[q + 1] & 0xff;
      byte[] v = new byte[vl - 2];
      System.arraycopy(buf, q + 2, v, 0, v.length);
      subs.add(new RadiusAttribute(vendor, vt, v));
      q += vl;
    }
    attrs.addAll(subs);
  }

  /** Encoded size of a packet with these attributes. */
  public static int length(List<RadiusAttribute> attributes) {
    int n = RadiusPacket.HEADER;
    for (RadiusAttribute a : attributes) n += a.encodedLength();
    return n;
  }

  /**
   * Lays the packet out as given, authenticator included. Signing (response authenticator,
   * Message-Authenticator) is {@link RadiusSigner}'s job on the returned bytes.
   */
  public static byte[] encode(RadiusPacket packet) {
    int length = length(packet.attributes());
    if (length > RadiusPacket.MAX_LENGTH) throw new IllegalArgumentException("packet of " + length + " bytes exceeds 4096");
    byte[] out = new byte[length];
    out[0] = (byte) packet.code();
    out[1] = (byte) packet.identifier();
    out[2] = (byte) (length >>> 8);
    out[3] = (byte) length;
    System.arraycopy(packet.authenticator(), 0, out, 4, 16);
    int p = RadiusPacket.HEADER;
    for (RadiusAttribute a : packet.attributes()) {
      byte[] v = a.value();
      if (a.vendor() == 0) {
        out[p] = (byte) a.type();
        out[p + 1] = (byte) (2 + v.length);
        System.arraycopy(v, 0, out, p + 2, v.length);
        p += 2 + v.length;
      } else {
        out[p] = (byte) Attr.VENDOR_SPECIFIC;
        out[p + 1] = (byte) (8 + v.length);
        out[p + 2] = (byte) (a.vendor() >>> 24);
        out[p + 3] = (byte) (a.vendor() >>> 16);
        out[p + 4] = (byte) (a.vendor() >>> 8);
        out[p + 5] = (byte) a.vendor();
        out[p + 6] = (byte) a.type();
        out[p + 7] = (byte) (2 + v.length);
        System.arraycopy(v, 0, out, p + 8, v.length);
        p += 8 + v.length;
      }
    }
    return out;
  }

  /** Offset of the first standard attribute of this type in encoded bytes, or -1. */
  public static int offsetOf(byte[] packet, int type) {
    int length = ((packet[2] & 0xff) << 8) | (packet[3] & 0xff);
    int p = RadiusPacket.HEADER;
    while (p + 1 < length) {
      int alen = packet[p + 1] & 0xff;
      if (alen < 2) return -1;
      if ((packet[p] & 0xff) == type) return p;
      p += alen;
    }
    return -1;
  }
}
