package org.posnet.host.link;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.posnet.host.hsm.KeyScheme;

/**
 * One outbound link to a remote issuer or switch (another PosNet in issuer mode will do).
 *
 * @param name                 short name, stored with each pending reversal (≤ 32 characters)
 * @param bins                 card number prefixes routed to it (the longest matching prefix over all links wins)
 * @param host                 the issuer's address
 * @param port                 the issuer's link port
 * @param timeout              how long a request waits for its answer before the terminal gets 98
 * @param zpkHex               zone PIN key shared with the issuer: sealed under the master key ({@code lmk1:…}, as
 *                             provisioned from the fleet's {@code zoneKeys}) or clear hex (tests, key tools)
 * @param zoneMakHex           zone MAC key in the same form, or null for a link without MACs
 * @param scheme               scheme of both zone keys
 * @param acquirerInstitution  field 32 on the link, and the acquirer part of field 90 (n..11)
 * @param retryInitial         first wait before a failed 0420 is sent again; doubles per attempt
 * @param retryMax             longest wait between two attempts of one 0420
 * @param dialectFile          the link's dialect, or null for the built-in {@code cup-link}
 * @param zpkCheckValue        the ceremony's check value (hex prefix of the HSM's) the ZPK must have, or null
 * @param zoneMakCheckValue    likewise for the zone MAK, or null
 * @param tls                  TLS to the issuer, or null for plain TCP
 */
public record RemoteIssuerConfig(String name, List<String> bins, String host, int port, Duration timeout, String zpkHex,
        String zoneMakHex, KeyScheme scheme, String acquirerInstitution, Duration retryInitial, Duration retryMax,
        Path dialectFile, String zpkCheckValue, String zoneMakCheckValue, Tls tls) {

    /**
     * {@code host.links[].tls}: PEM files, never key material.
     *
     * @param ca          CA certificate(s) the issuer's server certificate must chain to; its certificate must also
     *                    name the link's {@code host} (DNS or IP subject alternative name)
     * @param certificate our client certificate chain for mutual TLS, or null (then {@code privateKey} is null too)
     * @param privateKey  its unencrypted PKCS#8 key, or null
     */
    public record Tls(Path ca, Path certificate, Path privateKey) {
        public Tls {
            if (ca == null) {
                throw new IllegalArgumentException("host.links[].tls.ca is required");
            }
            if ((certificate == null) != (privateKey == null)) {
                throw new IllegalArgumentException("host.links[].tls: certificate and privateKey go together");
            }
        }

        public Tls(Path ca) {
            this(ca, null, null);
        }
    }

    public RemoteIssuerConfig(String name, List<String> bins, String host, int port, Duration timeout, String zpkHex,
            String zoneMakHex, KeyScheme scheme, String acquirerInstitution, Duration retryInitial, Duration retryMax,
            Path dialectFile, String zpkCheckValue, String zoneMakCheckValue) {
        this(name, bins, host, port, timeout, zpkHex, zoneMakHex, scheme, acquirerInstitution, retryInitial, retryMax,
                dialectFile, zpkCheckValue, zoneMakCheckValue, null);
    }

    public RemoteIssuerConfig(String name, List<String> bins, String host, int port, Duration timeout, String zpkHex,
            String zoneMakHex, KeyScheme scheme, String acquirerInstitution, Duration retryInitial, Duration retryMax,
            Path dialectFile) {
        this(name, bins, host, port, timeout, zpkHex, zoneMakHex, scheme, acquirerInstitution, retryInitial, retryMax,
                dialectFile, null, null);
    }

    public RemoteIssuerConfig {
        if (name == null || name.isEmpty() || name.length() > 32 || bins == null || bins.isEmpty() || host == null
                || port < 1 || port > 65535 || zpkHex == null || scheme == null) {
            throw new IllegalArgumentException("host.links[]: name (≤ 32), bins, host, port, zpk and scheme are required");
        }
        for (String bin : bins) {
            if (bin == null || bin.isEmpty() || !bin.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("host.links[" + name + "].bins: '" + bin + "' is not a card number prefix");
            }
        }
        if (acquirerInstitution == null || acquirerInstitution.isEmpty() || acquirerInstitution.length() > 11
                || !acquirerInstitution.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("host.links[" + name + "].acquirerInstitution must be 1..11 digits");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero() || retryInitial == null || retryInitial.isNegative()
                || retryInitial.isZero() || retryMax == null || retryMax.compareTo(retryInitial) < 0) {
            throw new IllegalArgumentException("host.links[" + name + "]: timeout, retryInitial ≤ retryMax must be positive");
        }
        bins = List.copyOf(bins);
    }

    /** 5 s timeout, 0420 retried after 1 s, 2 s, 4 s … up to 60 s, built-in link dialect. */
    public static RemoteIssuerConfig of(String name, List<String> bins, String host, int port, String zpkHex,
            String zoneMakHex, KeyScheme scheme, String acquirerInstitution) {
        return new RemoteIssuerConfig(name, bins, host, port, Duration.ofSeconds(5), zpkHex, zoneMakHex, scheme,
                acquirerInstitution, Duration.ofSeconds(1), Duration.ofSeconds(60), null);
    }

    public RemoteIssuerConfig withTimings(Duration newTimeout, Duration newRetryInitial, Duration newRetryMax) {
        return new RemoteIssuerConfig(name, bins, host, port, newTimeout, zpkHex, zoneMakHex, scheme, acquirerInstitution,
                newRetryInitial, newRetryMax, dialectFile, zpkCheckValue, zoneMakCheckValue, tls);
    }

    /** The same link over TLS ({@code newTls} null: plain TCP). */
    public RemoteIssuerConfig withTls(Tls newTls) {
        return new RemoteIssuerConfig(name, bins, host, port, timeout, zpkHex, zoneMakHex, scheme, acquirerInstitution,
                retryInitial, retryMax, dialectFile, zpkCheckValue, zoneMakCheckValue, newTls);
    }
}
