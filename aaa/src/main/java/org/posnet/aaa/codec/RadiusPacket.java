package org.posnet.aaa.codec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** A decoded RADIUS packet. Attributes keep their wire order (Proxy-State order matters). */
public record RadiusPacket(int code, int identifier, byte[] authenticator, List<RadiusAttribute> attributes) {

  public static final int HEADER = 20;
  public static final int MAX_LENGTH = 4096;

  public RadiusPacket {
    if (authenticator.length != 16) throw new IllegalArgumentException("authenticator must be 16 bytes");
    // The decoder hands over a list nobody else holds; wrapping it spares a copy per packet.
    attributes = attributes instanceof OwnedList ? java.util.Collections.unmodifiableList(attributes) : List.copyOf(attributes);
  }

  /** A list built by the codec for one packet and never touched again. */
  static final class OwnedList extends ArrayList<RadiusAttribute> {
    OwnedList(int capacity) {
      super(capacity);
    }
  }

  public Optional<RadiusAttribute> first(int type) {
    for (RadiusAttribute a : attributes) {
      if (a.vendor() == 0 && a.type() == type) return Optional.of(a);
    }
    return Optional.empty();
  }

  public Optional<RadiusAttribute> firstVendor(int vendor, int type) {
    for (RadiusAttribute a : attributes) {
      if (a.vendor() == vendor && a.type() == type) return Optional.of(a);
    }
    return Optional.empty();
  }

  public List<RadiusAttribute> all(int type) {
    List<RadiusAttribute> out = new ArrayList<>(2);
    for (RadiusAttribute a : attributes) {
      if (a.vendor() == 0 && a.type() == type) out.add(a);
    }
    return out;
  }

  public String text(int type) {
    return first(type).map(a -> new String(a.value(), StandardCharsets.UTF_8)).orElse(null);
  }

  /** Integer attribute value, or {@code -1} when absent or not 4 bytes. */
  public long integer(int type) {
    return first(type).map(RadiusAttribute::asInt).orElse(-1L);
  }

  public boolean has(int type) {
    return first(type).isPresent();
  }

  public String codeName() {
    return RadiusCode.name(code);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RadiusPacket p
        && p.code == code && p.identifier == identifier
        && Arrays.equals(p.authenticator, authenticator) && p.attributes.equals(attributes);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * code + identifier) + attributes.hashCode();
  }

  @Override
  public String toString() {
    return codeName() + " id=" + identifier + " " + attributes;
  }
}
