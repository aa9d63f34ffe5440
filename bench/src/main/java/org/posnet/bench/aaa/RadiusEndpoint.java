package org.posnet.bench.aaa;

import java.nio.charset.StandardCharsets;

/** Where a RADIUS server under test takes Access-Requests, and the secret it shares with the generator. */
public record RadiusEndpoint(String host, int port, String secret) {

    public RadiusEndpoint {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host is required");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be 1..65535, got " + port);
        }
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("secret is required");
        }
    }

    public byte[] secretBytes() {
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return host + ":" + port; // never the secret
    }
}
