package org.posnet.aaa.policy;

import java.util.ArrayList;
import java.util.List;
import org.posnet.aaa.codec.Attr;
import org.posnet.aaa.codec.RadiusAttribute;

/**
 * A VPDN domain: the LNS endpoints that serve it (in order of preference), the tunnel password the
 * LAC must prove, the carrier LACs allowed to tunnel for it, and the address pool of its terminals.
 */
public record Domain(String name, List<String> endpoints, byte[] tunnelPassword, List<String> lacs, Cidr pool, List<Integer> dns) {
  public Domain {
    endpoints = List.copyOf(endpoints);
    lacs = List.copyOf(lacs);
    dns = List.copyOf(dns);
  }

  /** MS-Primary/Secondary-DNS-Server (RFC 2548) for the bank-side accept. */
  public List<RadiusAttribute> dnsAttributes() {
    List<RadiusAttribute> out = new ArrayList<>(2);
    int[] types = {Attr.MS_PRIMARY_DNS, Attr.MS_SECONDARY_DNS};
    for (int i = 0; i < dns.size() && i < 2; i++) {
      int a = dns.get(i);
      out.add(RadiusAttribute.vendor(Attr.VENDOR_MICROSOFT, types[i], new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a}));
    }
    return out;
  }

  @Override
  public String toString() {
    return "Domain[" + name + ", endpoints " + endpoints + ", pool " + pool + "]";
  }
}
