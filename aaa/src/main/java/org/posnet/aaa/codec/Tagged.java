package org.posnet.aaa.codec;

import java.nio.charset.StandardCharsets;

/**
 * Tagged attributes of RFC 2868: the tag (0x01–0x1F) groups the attributes that describe one tunnel
 * alternative. In integer attributes the tag takes the first byte and the value the other three.
 */
public final class Tagged {
  private Tagged() {}

  public static RadiusAttribute integer(int type, int tag, int value) {
    checkTag(tag);
    return RadiusAttribute.of(type, new byte[] {(byte) tag, (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
  }

  public static RadiusAttribute text(int type, int tag, String value) {
    checkTag(tag);
    byte[] v = value.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[v.length + 1];
    out[0] = (byte) tag;
    System.arraycopy(v, 0, out, 1, v.length);
    return RadiusAttribute.of(type, out);
  }

  /** The tag of a tagged string attribute, or 0 when its first byte is not a tag (RFC 2868 §3). */
  public static int tagOf(RadiusAttribute a) {
    byte[] v = a.value();
    return v.length > 0 && (v[0] & 0xff) <= 0x1f ? v[0] & 0xff : 0;
  }

  public static String textOf(RadiusAttribute a) {
    byte[] v = a.value();
    int off = v.length > 0 && (v[0] & 0xff) <= 0x1f ? 1 : 0;
    return new String(v, off, v.length - off, StandardCharsets.UTF_8);
  }

  public static int integerOf(RadiusAttribute a) {
    byte[] v = a.value();
    if (v.length != 4) return -1;
    return ((v[1] & 0xff) << 16) | ((v[2] & 0xff) << 8) | (v[3] & 0xff);
  }

  private static void checkTag(int tag) {
    if (tag < 0 || tag > 0x1f) throw new IllegalArgumentException("tag must be 0x00..0x1F: " + tag);
  }
}
