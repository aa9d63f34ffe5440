package org.posnet.aaa.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One attribute: a standard one ({@code vendor == 0}) or a vendor-specific one in the RFC 2865 §5.26
 * layout (vendor id, vendor type, vendor length). Tagged attributes (RFC 2868) keep the tag as the
 * first byte of {@code value}; {@link Tagged} reads it.
 */
public record RadiusAttribute(int vendor, int type, byte[] value) {

  public RadiusAttribute {
    if (type < 0 || type > 255) throw new IllegalArgumentException("attribute type out of range: " + type);
    if (value.length > (vendor == 0 ? 253 : 247)) throw new IllegalArgumentException("attribute " + type + " value too long: " + value.length);
  }

  public static RadiusAttribute of(int type, byte[] value) {
    return new RadiusAttribute(0, type, value);
  }

  public static RadiusAttribute text(int type, String value) {
    return new RadiusAttribute(0, type, value.getBytes(StandardCharsets.UTF_8));
  }

  public static RadiusAttribute integer(int type, int value) {
    return new RadiusAttribute(0, type, new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
  }

  public static RadiusAttribute ipv4(int type, int address) {
    return integer(type, address);
  }

  public static RadiusAttribute vendor(int vendor, int type, byte[] value) {
    return new RadiusAttribute(vendor, type, value);
  }

  public String asText() {
    return new String(value, StandardCharsets.UTF_8);
  }

  /** Integer value; {@code -1} when the value is not 4 bytes (a caller treats that as absent). */
  public long asInt() {
    if (value.length != 4) return -1;
    return ((value[0] & 0xffL) << 24) | ((value[1] & 0xff) << 16) | ((value[2] & 0xff) << 8) | (value[3] & 0xff);
  }

  public int encodedLength() {
    return vendor == 0 ? 2 + value.length : 8 + value.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RadiusAttribute a && a.vendor == vendor && a.type == type && Arrays.equals(a.value, value);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * vendor + type) + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    String v = Attr.isSecret(vendor, type) ? "***" : printable(value);
    return (vendor == 0 ? "" : vendor + ":") + type + "=" + v;
  }

  private static String printable(byte[] v) {
    for (byte b : v) {
      if (b < 0x20 || b > 0x7e) return "0x" + HexFormat.of().formatHex(v);
    }
    return '"' + new String(v, StandardCharsets.US_ASCII) + '"';
  }
}
