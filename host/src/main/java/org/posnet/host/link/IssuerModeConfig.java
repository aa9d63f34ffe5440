package org.posnet.host.link;

import java.nio.file.Path;
import org.posnet.host.hsm.KeyScheme;

/**
 * Issuer mode: this host also answers authorization requests from remote acquirers over a TCP link, with
 * its on-us issuer logic over its own cards.
 *
 * @param bind        address to listen on for acquirers
 * @param port        TCP port (0 picks a free one; see {@code HostService.issuerPort()})
 * @param zpkHex      the zone PIN key agreed with the acquirers (clear hex from the key ceremony; it is
 *                    imported into the HSM at start and never kept clear)
 * @param zoneMakHex  the zone MAC key, or null for a link without MACs (a private line; see docs/host.md)
 * @param scheme      scheme of both zone keys
 * @param dialectFile the link's dialect, or null for the built-in {@code cup-link}
 */
public record IssuerModeConfig(String bind, int port, String zpkHex, String zoneMakHex, KeyScheme scheme, Path dialectFile) {

    public IssuerModeConfig {
        if (bind == null || port < 0 || port > 65535 || zpkHex == null || scheme == null) {
            throw new IllegalArgumentException("host.issuer needs bind, a port 0..65535, zpk and the key scheme");
        }
    }
}
