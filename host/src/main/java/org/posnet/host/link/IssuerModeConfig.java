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
 * @param tls         TLS on the issuer port, or null for plain TCP
 */
public record IssuerModeConfig(String bind, int port, String zpkHex, String zoneMakHex, KeyScheme scheme, Path dialectFile,
        String zpkCheckValue, String zoneMakCheckValue, Tls tls) {

    /**
     * {@code host.issuer.tls}: PEM files as for {@code host.tls}, never key material.
     *
     * @param certificate the issuer port's certificate chain (leaf first)
     * @param privateKey  its unencrypted PKCS#8 key
     * @param clientCa    the acquirers' CA: with it, acquirers must present a client certificate chaining to it
     *                    (mutual TLS); null asks for none
     */
    public record Tls(Path certificate, Path privateKey, Path clientCa) {
        public Tls {
            if (certificate == null || privateKey == null) {
                throw new IllegalArgumentException("host.issuer.tls needs certificate and privateKey");
            }
        }
    }

    public IssuerModeConfig(String bind, int port, String zpkHex, String zoneMakHex, KeyScheme scheme, Path dialectFile) {
        this(bind, port, zpkHex, zoneMakHex, scheme, dialectFile, null, null, null);
    }

    public IssuerModeConfig(String bind, int port, String zpkHex, String zoneMakHex, KeyScheme scheme, Path dialectFile,
            String zpkCheckValue, String zoneMakCheckValue) {
        this(bind, port, zpkHex, zoneMakHex, scheme, dialectFile, zpkCheckValue, zoneMakCheckValue, null);
    }

    /** The same issuer mode with TLS on its port ({@code newTls} null: plain TCP). */
    public IssuerModeConfig withTls(Tls newTls) {
        return new IssuerModeConfig(bind, port, zpkHex, zoneMakHex, scheme, dialectFile, zpkCheckValue, zoneMakCheckValue,
                newTls);
    }

    public IssuerModeConfig {
        if (bind == null || port < 0 || port > 65535 || zpkHex == null || scheme == null) {
            throw new IllegalArgumentException("host.issuer needs bind, a port 0..65535, zpk and the key scheme");
        }
    }
}
