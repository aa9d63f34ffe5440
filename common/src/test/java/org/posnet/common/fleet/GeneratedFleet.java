package org.posnet.common.fleet;

import java.util.ArrayList;
import java.util.List;

/**
 * A synthetic fleet of any size (one domain, one merchant per 100 terminals, a SIM each), for
 * streaming tests and provisioning benchmarks. Ids are derived from the index, so two calls with the
 * same size give the same fleet.
 */
public final class GeneratedFleet {
  public static final String DOMAIN = "GEN.133VPDN.SX";

  private GeneratedFleet() {}

  public static FleetFile of(int terminals) {
    List<Merchant> merchants = new ArrayList<>();
    for (int m = 0; m <= (terminals - 1) / 100; m++) {
      merchants.add(new Merchant(merchantId(m), "商户" + m, "5411", null, null, null, "110105", null, null));
    }
    List<Terminal> list = new ArrayList<>(terminals);
    for (int i = 0; i < terminals; i++) {
      String id = String.format("%08d", 30_000_000 + i);
      list.add(new Terminal(id, merchantId(i / 100), "SN-" + id, "NEWPOS 8210",
          new TerminalKeys(KeyScheme.TDES, "0123456789ABCDEFFEDCBA98765432" + String.format("%02X", i % 256)),
          new Sim(imsi(i), String.format("133%08d", i), user(i), "pw-" + i, Status.ACTIVE), Status.ACTIVE));
    }
    VpdnDomain domain = new VpdnDomain(DOMAIN, new Tunnel(List.of("127.0.0.1"), "gen-tunnel", List.of()), "10.128.0.0/10",
        List.of("10.0.0.53"));
    return new FleetFile(null, List.of(domain), List.of(), merchants, list, List.of());
  }

  public static String user(int i) {
    return "t" + String.format("%08d", 30_000_000 + i) + "@" + DOMAIN;
  }

  public static String imsi(int i) {
    return String.format("4600390%08d", i);
  }

  private static String merchantId(int m) {
    return String.format("898%012d", m);
  }
}
