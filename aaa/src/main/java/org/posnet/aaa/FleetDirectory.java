package org.posnet.aaa;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.posnet.aaa.codec.SharedSecret;
import org.posnet.aaa.policy.Cidr;
import org.posnet.aaa.policy.Directory;
import org.posnet.aaa.policy.Domain;
import org.posnet.aaa.policy.Nas;
import org.posnet.aaa.policy.NasRole;
import org.posnet.aaa.policy.NasTable;
import org.posnet.aaa.policy.Subscriber;
import org.posnet.common.fleet.FleetStore;
import org.posnet.common.fleet.NasClient;
import org.posnet.common.fleet.VpdnDomain;

/**
 * Reads the provisioned fleet into the AAA's in-memory {@link Directory} and {@link NasTable}, and
 * tells when the fleet has changed since (so `posnet provision` takes effect in a running server).
 */
final class FleetDirectory {
  private final FleetStore fleet;
  private final Jdbi jdbi;

  FleetDirectory(FleetStore fleet, Jdbi jdbi) {
    this.fleet = fleet;
    this.jdbi = jdbi;
  }

  Directory directory() {
    List<Domain> domains = new ArrayList<>();
    for (VpdnDomain d : fleet.vpdnDomains()) {
      List<Integer> dns = d.dns().stream().map(Cidr::parseAddress).toList();
      domains.add(new Domain(d.name(), d.tunnel().endpoints(), d.tunnel().password().getBytes(StandardCharsets.UTF_8), d.tunnel().lacs(), Cidr.parse(d.pool()), dns));
    }
    int expected = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM sim").mapTo(Integer.class).one());
    Directory.Builder b = Directory.builder(expected).domains(domains);
    fleet.forEachVpdnUser(u -> b.user(new Subscriber(u.user(), u.password().getBytes(StandardCharsets.UTF_8), number(u.imsi()), number(u.msisdn()), u.terminalId(), u.mayConnect())));
    return b.build();
  }

  NasTable clients() {
    List<Nas> out = new ArrayList<>();
    for (NasClient c : fleet.nasClients()) {
      out.add(new Nas(c.name(), Cidr.parse(c.address()), SharedSecret.of(c.secret()), NasRole.parse(c.role().name())));
    }
    return new NasTable(out);
  }

  /** Changes whenever a provisioning run changes a row the AAA reads. */
  String revision() {
    return jdbi.withHandle(h -> h.createQuery(
        "SELECT (SELECT COUNT(*) FROM sim) || '/' || (SELECT COUNT(*) FROM terminal) || '/' || (SELECT COUNT(*) FROM vpdn_domain) || '/' "
            + "|| (SELECT COUNT(*) FROM nas_client) || '/' || COALESCE(CAST((SELECT MAX(updated_at) FROM sim) AS VARCHAR(40)), '') || '/' "
            + "|| COALESCE(CAST((SELECT MAX(updated_at) FROM terminal) AS VARCHAR(40)), '') || '/' "
            + "|| COALESCE(CAST((SELECT MAX(updated_at) FROM vpdn_domain) AS VARCHAR(40)), '') || '/' "
            + "|| COALESCE(CAST((SELECT MAX(updated_at) FROM nas_client) AS VARCHAR(40)), '')").mapTo(String.class).one());
  }

  private static long number(String digits) {
    if (digits == null || digits.isEmpty()) return 0;
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
