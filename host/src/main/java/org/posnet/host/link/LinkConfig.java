package org.posnet.host.link;

import java.util.List;

/**
 * The host's issuer links (posnet.yaml {@code host.issuer} and {@code host.links}).
 *
 * @param issuerMode null unless this host also answers remote acquirers
 * @param remotes    outbound links of this acquirer, by BIN; empty = every card is on-us (others answer 14)
 */
public record LinkConfig(IssuerModeConfig issuerMode, List<RemoteIssuerConfig> remotes) {

    public LinkConfig {
        remotes = remotes == null ? List.of() : List.copyOf(remotes);
        if (remotes.stream().map(RemoteIssuerConfig::name).distinct().count() != remotes.size()) {
            throw new IllegalArgumentException("host.links: two links with the same name");
        }
    }

    public static LinkConfig none() {
        return new LinkConfig(null, List.of());
    }
}
