package org.posnet.vpdn.lns;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.posnet.vpdn.l2tp.control.ControlConfig;
import org.posnet.vpdn.l2tp.transport.TunnelAdmission;

/**
 * Picks the tunnel secret for an SCCRQ. A tunnel is set up before any user, hence any domain, is
 * known, so the only clue is the LAC's Host Name AVP. The rule:
 * <ol>
 *   <li>the first domain (fleet order) whose {@code lacs} lists the host name, compared ignoring case;
 *   <li>otherwise the first domain whose {@code lacs} is empty (open to any LAC that proves its password);
 *   <li>otherwise the tunnel is refused (StopCCN result 4).
 * </ol>
 * A LAC proves the secret through the challenge either way; one that holds another domain's password
 * fails it (StopCCN 2/6). Domains sharing a LAC should share a password, since one tunnel has one secret.
 */
public final class LacAdmission implements TunnelAdmission {
  private final List<TunnelDomain> domains;
  private final Function<String, ControlConfig> configFor;

  /** {@code configFor} builds the tunnel's settings from the chosen secret. */
  public LacAdmission(List<TunnelDomain> domains, Function<String, ControlConfig> configFor) {
    this.domains = List.copyOf(domains);
    this.configFor = configFor;
  }

  /** The domain whose password a tunnel from {@code lacHostName} must prove, by the rule above. */
  public Optional<TunnelDomain> domainFor(String lacHostName) {
    for (TunnelDomain d : domains) {
      for (String lac : d.lacs()) {
        if (lac.equalsIgnoreCase(lacHostName)) {
          return Optional.of(d);
        }
      }
    }
    return domains.stream().filter(d -> d.lacs().isEmpty()).findFirst();
  }

  @Override
  public Optional<ControlConfig> admit(String lacHostName, InetSocketAddress from) {
    return domainFor(lacHostName).map(d -> configFor.apply(d.password()));
  }
}
