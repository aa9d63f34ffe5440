package org.posnet.app;

import java.util.Optional;
import org.posnet.common.fleet.FleetStore;
import org.posnet.common.fleet.VpdnDomain;
import org.posnet.common.fleet.VpdnUser;

/**
 * What {@code posnet dial} needs of one terminal: its SIM's VPDN login and, when the fleet knows it,
 * the domain (whose {@code tunnel.lacs} decide which Host Name our LAC announces).
 *
 * @param domain null when the user's domain is not provisioned; the carrier AAA then rejects the call
 */
record DialTarget(VpdnUser user, VpdnDomain domain) {

  /** Empty when no SIM with a VPDN login sits in terminal {@code terminalId}. */
  static Optional<DialTarget> find(FleetStore fleet, String terminalId) {
    // The store looks users up by name, not by terminal; one scan is fine for a one-shot command.
    VpdnUser[] found = new VpdnUser[1];
    fleet.forEachVpdnUser(u -> {
      if (found[0] == null && terminalId.equals(u.terminalId())) found[0] = u;
    });
    if (found[0] == null) return Optional.empty();
    VpdnDomain domain = fleet.vpdnDomains().stream().filter(d -> d.name().equalsIgnoreCase(found[0].domain())).findFirst().orElse(null);
    return Optional.of(new DialTarget(found[0], domain));
  }

  String lacHostName() {
    return domain == null ? LabLac.UNLISTED_HOST_NAME : LabLac.hostNameFor(domain);
  }
}
