package org.posnet.vpdn.ppp;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** One Configure-Request option: type, length, value (RFC 1661 §6). */
public record ConfigOption(int type, byte[] value) {
  public ConfigOption {
    if (type >>> 8 != 0 || value.length > 253) {
      throw new IllegalArgumentException("option type is one byte, value at most 253 bytes");
    }
    value = value.clone();
  }

  public static ConfigOption uint16(int type, int v) {
    return new ConfigOption(type, new byte[] {(byte) (v >>> 8), (byte) v});
  }

  public static ConfigOption uint32(int type, long v) {
    return new ConfigOption(type, new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
  }

  @Override
  public byte[] value() {
    return value.clone();
  }

  public int length() {
    return value.length;
  }

  public int uint16() {
    return ((value[0] & 0xFF) << 8) | (value[1] & 0xFF);
  }

  public long uint32() {
    return ((long) (value[0] & 0xFF) << 24) | ((value[1] & 0xFF) << 16) | ((value[2] & 0xFF) << 8) | (value[3] & 0xFF);
  }

  public static List<ConfigOption> decodeAll(byte[] b) throws PppDecodeException {
    List<ConfigOption> out = new ArrayList<>();
    int at = 0;
    while (at < b.length) {
      if (b.length - at < 2) {
        throw new PppDecodeException("option header truncated");
      }
      int len = b[at + 1] & 0xFF;
      if (len < 2 || at + len > b.length) {
        throw new PppDecodeException("option " + (b[at] & 0xFF) + " length " + len + " wrong");
      }
      out.add(new ConfigOption(b[at] & 0xFF, Arrays.copyOfRange(b, at + 2, at + len)));
      at += len;
    }
    return out;
  }

  public static byte[] encodeAll(List<ConfigOption> options) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (ConfigOption o : options) {
      out.write(o.type);
      out.write(o.value.length + 2);
      out.writeBytes(o.value);
    }
    return out.toByteArray();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConfigOption c && c.type == type && Arrays.equals(c.value, value);
  }

  @Override
  public int hashCode() {
    return type * 31 + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("opt").append(type).append('=');
    for (byte x : value) {
      sb.append(String.format("%02x", x));
    }
    return sb.toString();
  }
}
