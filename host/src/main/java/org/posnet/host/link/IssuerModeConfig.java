package org.posnet.host.link;

import java.nio.file.Path;
import org.posnet.host.hsm.KeyScheme;

/**
 * Issuer mode: this host also answers authorization requests from remote acquirers over a TCP link, with
 * its on-us issuer logic over its own cards.
 *
 * @param bind        address to listen on for acquirers
 * @param port        TCP port (0 picks a free one; see {@code HostService.issuerPort()})
 * @param zpkHex      the zone PIN key agreed with the acquirers: sealed under the master key ({@code lmk1:…}, as
 *                    provisioned from the fleet's {@code zoneKeys}) or clear hex (tests); imported into the HSM at start
 * @param zoneMakHex  the zone MAC key, or null for a link without MACs (a private line; see docs/host.md)
 * @param scheme      scheme of both zone keys
 * @param dialectFile the link's dialect, or null for the built-in {@code cup-link}
 * @param zpkCheckValue     the ceremony's check value the ZPK must have (hex prefix), or null
 * @param zoneMakCheckValue likewise for the zone MAK, or null
 */
public record IssuerModeConfig(String bind, int port, String zpkHex, String zoneMakHex, KeyScheme scheme, Path dialectFile,
        String zpkCheckValue, String zoneMakCheckValue) {

    public IssuerModeConfig(String bind, int port, String zpkHex, String zoneMakHex, KeyScheme scheme, Path dialectFile) {
        this(bind, port, zpkHex, zoneMakHex, scheme, dialectFile, null, null);
    }

    public IssuerModeConfig {
        if (bind == null || port < 0 || port > 65535 || zpkHex == null || scheme == null) {
            throw new IllegalArgumentException("host.issuer needs bind, a port 0..65535, zpk and the key scheme");
        }
    }
}
