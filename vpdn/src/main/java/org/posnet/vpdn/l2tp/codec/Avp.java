package org.posnet.vpdn.l2tp.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * One attribute-value pair as it stood on the wire: M bit, H bit, reserved bits, vendor, type and
 * the clear value (hidden AVPs are decrypted by the decoder and re-hidden by the encoder). Known
 * types are checked against their layout when decoded; unknown ones stay raw so the control
 * connection decides from the M bit whether to tear down or ignore.
 *
 * <p>The reserved bits are kept because RFC 2661 §4.1 makes an AVP with any of them set an
 * unrecognised AVP, whatever its type says.
 */
public record Avp(boolean mandatory, boolean hidden, int reserved, int vendorId, int type, byte[] value) {

  public Avp {
    if (reserved < 0 || reserved > 0xF) {
      throw new IllegalArgumentException("reserved is 4 bits: " + reserved);
    }
    if (vendorId < 0 || vendorId > 0xFFFF || type < 0 || type > 0xFFFF) {
      throw new IllegalArgumentException("vendor and type are 16 bits");
    }
    value = value.clone();
  }

  public static Avp of(AvpType type, byte[] value) {
    return new Avp(type.mandatoryByDefault(), false, 0, 0, type.code(), value);
  }

  public static Avp uint16(AvpType type, int v) {
    return of(type, new byte[] {(byte) (v >>> 8), (byte) v});
  }

  public static Avp uint32(AvpType type, long v) {
    return of(type, new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
  }

  public static Avp text(AvpType type, String v) {
    return of(type, v.getBytes(StandardCharsets.UTF_8));
  }

  public static Avp empty(AvpType type) {
    return of(type, new byte[0]);
  }

  public static Avp resultCode(ResultCode rc) {
    byte[] msg = rc.message().getBytes(StandardCharsets.UTF_8);
    byte[] v = new byte[rc.hasErrorCode() ? 4 + msg.length : 2];
    v[0] = (byte) (rc.result() >>> 8);
    v[1] = (byte) rc.result();
    if (rc.hasErrorCode()) {
      v[2] = (byte) (rc.errorCode() >>> 8);
      v[3] = (byte) rc.errorCode();
      System.arraycopy(msg, 0, v, 4, msg.length);
    }
    return of(AvpType.RESULT_CODE, v);
  }

  /** Protocol Version 1, revision 0: the only one L2TPv2 speaks. */
  public static Avp protocolVersion() {
    return of(AvpType.PROTOCOL_VERSION, new byte[] {1, 0});
  }

  public Avp withMandatory(boolean m) {
    return new Avp(m, hidden, reserved, vendorId, type, value);
  }

  public Avp withHidden(boolean h) {
    return new Avp(mandatory, h, reserved, vendorId, type, value);
  }

  public Avp withReserved(int r) {
    return new Avp(mandatory, hidden, r, vendorId, type, value);
  }

  /** The known type, empty when the vendor, the number or a reserved bit makes it unrecognised. */
  public Optional<AvpType> known() {
    return reserved != 0 ? Optional.empty() : AvpType.of(vendorId, type);
  }

  public boolean is(AvpType t) {
    return reserved == 0 && vendorId == 0 && type == t.code();
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
    return ((long) (value[0] & 0xFF) << 24) | ((value[1] & 0xFF) << 16) | ((value[2] & 0xFF) << 8)
        | (value[3] & 0xFF);
  }

  public String text() {
    return new String(value, StandardCharsets.UTF_8);
  }

  /** Only valid for a decoded Result Code AVP (the decoder checked its length). */
  public ResultCode resultCode() {
    int result = uint16();
    if (value.length == 2) {
      return ResultCode.of(result);
    }
    int error = ((value[2] & 0xFF) << 8) | (value[3] & 0xFF);
    return new ResultCode(result, error, new String(value, 4, value.length - 4, StandardCharsets.UTF_8));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Avp a && a.mandatory == mandatory && a.hidden == hidden && a.reserved == reserved
        && a.vendorId == vendorId && a.type == type && Arrays.equals(a.value, value);
  }

  @Override
  public int hashCode() {
    return ((vendorId * 31 + type) * 31 + Arrays.hashCode(value)) * 4 + (mandatory ? 2 : 0) + (hidden ? 1 : 0);
  }

  /** Hidden values and authentication material print as their length only. */
  @Override
  public String toString() {
    String name = known().map(Enum::name).orElse(vendorId + ":" + type);
    boolean secret = hidden || is(AvpType.CHALLENGE_RESPONSE) || is(AvpType.PROXY_AUTHEN_RESPONSE);
    return name + (mandatory ? "[M]" : "") + (hidden ? "[H]" : "")
        + (secret ? "(" + value.length + " bytes)" : "=" + hex(value));
  }

  static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder(b.length * 2);
    for (byte x : b) {
      sb.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
    }
    return sb.toString();
  }
}
