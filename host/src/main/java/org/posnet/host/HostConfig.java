package org.posnet.host;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.posnet.host.auth.AuthPolicy;

/**
 * The acquiring host's settings (posnet.yaml {@code host:} section; the app maps keys 1:1 onto this).
 *
 * @param bind                   address to listen on
 * @param port                   TCP port for terminals (0 picks a free one; see {@link HostService#port()})
 * @param maxFrameBytes          largest frame a terminal may send, length prefix excluded; longer closes
 * @param idleTimeout            a connection with no inbound frame for this long is closed
 * @param maxInFlightPerTerminal requests one terminal may have unanswered; more get 96 at once
 * @param workers                threads running authorizations; 0 (the default) runs them on the connection's
 *                               event loop, which is faster as long as the fleet directory answers quickly
 * @param journalMaxBatch        most entries one group commit carries
 * @param terminalCacheTtl       how long a terminal's fleet record is trusted before it is read again
 * @param policy                 authorization knobs (PIN tries, single limit, MAC, institution, zone)
 * @param responseCodeOverrides  reason name → field 39 (e.g. {@code MERCHANT_MISMATCH: "97"})
 * @param dialectFile            a bank's dialect file, or null for the built-in UnionPay POS dialect
 * @param journalDir             where the durable journal's segment files live ({@code <data>/journal} in
 *                               {@code serve}); required
 * @param tls                    TLS on the terminal port, or null for plain TCP
 */
public record HostConfig(String bind, int port, int maxFrameBytes, Duration idleTimeout, int maxInFlightPerTerminal,
        int workers, int journalMaxBatch, Duration terminalCacheTtl, AuthPolicy policy,
        Map<String, String> responseCodeOverrides, Path dialectFile, Path journalDir, Tls tls) {

    /**
     * {@code host.tls}: PEM files, read when the host starts.
     *
     * @param certificate the server's certificate chain, leaf first
     * @param privateKey  its unencrypted PKCS#8 key ({@code BEGIN PRIVATE KEY})
     * @param clientCa    CA certificates terminals' client certificates must chain to; null asks for none
     */
    public record Tls(Path certificate, Path privateKey, Path clientCa) {
        public Tls {
            if (certificate == null || privateKey == null) {
                throw new IllegalArgumentException("host.tls needs certificate and privateKey");
            }
        }
    }

    /** Without TLS. */
    public HostConfig(String bind, int port, int maxFrameBytes, Duration idleTimeout, int maxInFlightPerTerminal,
            int workers, int journalMaxBatch, Duration terminalCacheTtl, AuthPolicy policy,
            Map<String, String> responseCodeOverrides, Path dialectFile, Path journalDir) {
        this(bind, port, maxFrameBytes, idleTimeout, maxInFlightPerTerminal, workers, journalMaxBatch, terminalCacheTtl,
                policy, responseCodeOverrides, dialectFile, journalDir, null);
    }

    public HostConfig {
        if (bind == null || port < 0 || port > 65535) {
            throw new IllegalArgumentException("host.bind is required and host.port must be 0..65535");
        }
        if (maxFrameBytes < 64 || maxFrameBytes > 65535) {
            throw new IllegalArgumentException("host.maxFrameBytes must be 64..65535, got " + maxFrameBytes);
        }
        if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("host.idleTimeout must be positive");
        }
        if (maxInFlightPerTerminal < 1 || workers < 0 || journalMaxBatch < 1) {
            throw new IllegalArgumentException("host.maxInFlightPerTerminal and host.journalMaxBatch must be positive,"
                    + " host.workers 0 or more");
        }
        if (terminalCacheTtl == null || terminalCacheTtl.isNegative() || policy == null) {
            throw new IllegalArgumentException("host.terminalCacheTtl and the policy are required");
        }
        responseCodeOverrides = responseCodeOverrides == null ? Map.of() : Map.copyOf(responseCodeOverrides);
    }

    /** The journal's directory, or a clear error when none was given. */
    public Path requireJournalDir() {
        if (journalDir == null) {
            throw new IllegalArgumentException("the host journal needs a directory (HostConfig.withJournalDir; serve uses"
                    + " <data>/journal)");
        }
        return journalDir;
    }

    /** 127.0.0.1:5800, 2 KiB frames, 5 minutes idle, 2 in flight per terminal, UnionPay dialect; no journal directory. */
    public static HostConfig defaults() {
        return new HostConfig("127.0.0.1", 5800, 2048, Duration.ofMinutes(5), 2, 0, 512, Duration.ofSeconds(30),
                AuthPolicy.defaults(), Map.of(), null, null, null);
    }

    public HostConfig withPort(int newPort) {
        return new HostConfig(bind, newPort, maxFrameBytes, idleTimeout, maxInFlightPerTerminal, workers, journalMaxBatch,
                terminalCacheTtl, policy, responseCodeOverrides, dialectFile, journalDir, tls);
    }

    public HostConfig withIdleTimeout(Duration timeout) {
        return new HostConfig(bind, port, maxFrameBytes, timeout, maxInFlightPerTerminal, workers, journalMaxBatch,
                terminalCacheTtl, policy, responseCodeOverrides, dialectFile, journalDir, tls);
    }

    public HostConfig withPolicy(AuthPolicy newPolicy) {
        return new HostConfig(bind, port, maxFrameBytes, idleTimeout, maxInFlightPerTerminal, workers, journalMaxBatch,
                terminalCacheTtl, newPolicy, responseCodeOverrides, dialectFile, journalDir, tls);
    }

    public HostConfig withJournalDir(Path dir) {
        return new HostConfig(bind, port, maxFrameBytes, idleTimeout, maxInFlightPerTerminal, workers, journalMaxBatch,
                terminalCacheTtl, policy, responseCodeOverrides, dialectFile, dir, tls);
    }

    /** TLS on the terminal port; null turns it off. */
    public HostConfig withTls(Tls newTls) {
        return new HostConfig(bind, port, maxFrameBytes, idleTimeout, maxInFlightPerTerminal, workers, journalMaxBatch,
                terminalCacheTtl, policy, responseCodeOverrides, dialectFile, journalDir, newTls);
    }
}
