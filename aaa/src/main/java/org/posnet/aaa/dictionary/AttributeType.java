package org.posnet.aaa.dictionary;

import java.util.Locale;

/** Data types of FreeRADIUS dictionaries that PosNet understands; anything else reads as octets. */
public enum AttributeType {
  STRING, OCTETS, IPADDR, INTEGER, DATE, IPV6ADDR, IPV6PREFIX, BYTE, SHORT, INTEGER64, SIGNED, IFID, ETHER;

  static AttributeType parse(String word) {
    return switch (word.toLowerCase(Locale.ROOT)) {
      case "string" -> STRING;
      case "octets", "abinary", "tlv", "vsa", "extended", "long-extended", "evs", "combo-ip" -> OCTETS;
      case "ipaddr" -> IPADDR;
      case "integer" -> INTEGER;
      case "date" -> DATE;
      case "ipv6addr" -> IPV6ADDR;
      case "ipv6prefix" -> IPV6PREFIX;
      case "byte" -> BYTE;
      case "short" -> SHORT;
      case "integer64" -> INTEGER64;
      case "signed" -> SIGNED;
      case "ifid" -> IFID;
      case "ether" -> ETHER;
      default -> null;
    };
  }
}
