package org.posnet.common.fleet;

import java.util.List;

/**
 * A zone key of an issuer link (fleet file {@code zoneKeys:}), as the key ceremony hands it over: a name the
 * config refers to ({@code host.links[].zpk}, {@code host.issuer.zpk}, …), the scheme, the clear key (sealed
 * under the master key as soon as it is stored) and the ceremony's check value, which the host verifies when
 * it imports the key.
 *
 * @param scheme     {@code TDES_2KEY} (32 hex), {@code TDES_3KEY} (48 hex) or {@code SM4} (32 hex)
 * @param checkValue first 6 hex digits of the key encrypting a zero block
 */
public record ZoneKey(String name, String scheme, String keyHex, String checkValue) {
  public static final List<String> SCHEMES = List.of("TDES_2KEY", "TDES_3KEY", "SM4");

  /** Hex digits a key of {@code scheme} has, or -1 for an unknown scheme. */
  public static int hexLength(String scheme) {
    return switch (scheme == null ? "" : scheme) {
      case "TDES_2KEY", "SM4" -> 32;
      case "TDES_3KEY" -> 48;
      default -> -1;
    };
  }

  @Override
  public String toString() {
    // the key never reaches a log line
    return "ZoneKey[" + name + " " + scheme + " kcv=" + checkValue + "]";
  }
}
