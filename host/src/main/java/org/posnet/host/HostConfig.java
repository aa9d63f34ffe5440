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
 * @param snapshots              when the running host writes a state snapshot (besides the one at a clean stop)
 */
public record HostConfig(String bind, int port, int maxFrameBytes, Duration idleTimeout, int maxInFlightPerTerminal,
        int workers, int journalMaxBatch, Duration terminalCacheTtl, AuthPolicy policy,
        Map<String, String> responseCodeOverrides, Path dialectFile, Path journalDir, Tls tls, Snapshots snapshots) {

    /**
     * When a running host writes a state snapshot, so that a start after a crash replays about
     * {@code afterEntries} of the journal instead of all of it since the last clean stop. Looked at every
     * {@code every}: a snapshot is written once {@code afterEntries} were journaled since the last one and the host's
     * local time ({@code AuthPolicy.zone}) is in the quiet window {@code quietFrom}–{@code quietTo} (the same two
     * times: all day), or at any hour once ten times as many were. Authorizations wait while the state is copied out
     * to the file (about half a second per million entries held, docs/host.md), not while it is synced: the window is
     * where that wait costs least.
     *
     * @param every        how often the condition is looked at; zero: only a clean stop writes a snapshot
     * @param afterEntries the least journal entries between two
     */
    public record Snapshots(Duration every, long afterEntries, java.time.LocalTime quietFrom, java.time.LocalTime quietTo) {
        public Snapshots {
            if (every == null || every.isNegative() || afterEntries < 1 || quietFrom == null || quietTo == null) {
                throw new IllegalArgumentException("host snapshots: every must be 0 or more, afterEntries 1 or more, and"
                        + " the quiet window given");
            }
        }

        /** Looked at every minute; after a million entries, between 02:00 and 05:00, or at ten million at any hour. */
        public static Snapshots defaults() {
            return new Snapshots(Duration.ofMinutes(1), 1_000_000, java.time.LocalTime.of(2, 0), java.time.LocalTime.of(5, 0));
        }

        /** Only at a clean stop. */
        public static Snapshots atStopOnly() {
            return new Snapshots(Duration.ZERO, 1, java.time.LocalTime.MIDNIGHT, java.time.LocalTime.MIDNIGHT);
        }

        public boolean periodic() {
            return !every.isZero();
        }

        /** Whether a snapshot is due with {@code entries} journaled since the last one, at local time {@code now}. */
        public boolean due(long entries, java.time.LocalTime now) {
            if (entries >= 10 * afterEntries) {
                return true;
            }
            if (entries < afterEntries) {
                return false;
            }
            if (quietFrom.equals(quietTo)) {
                return true;
            }
            return quietFrom.isBefore(quietTo) ? !now.isBefore(quietFrom) && now.isBefore(quietTo)
                    : !now.isBefore(quietFrom) || now.isBefore(quietTo); // a window across midnight
        }
    }

    /** Without TLS, with the default snapshots. */
    public HostConfig(String bind, int port, int maxFrameBytes, Duration idleTimeout, int maxInFlightPerTerminal,
            int workers, int journalMaxBatch, Duration terminalCacheTtl, AuthPolicy policy,
            Map<String, String> responseCodeOverrides, Path dialectFile, Path journalDir, Tls tls) {
        this(bind, port, maxFrameBytes, idleTimeout, maxInFlightPerTerminal, workers, journalMaxBatch, terminalCacheTtl,
                policy, responseCodeOverrides, dialectFile, journalDir, tls, Snapshots.defaults());
    }

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
        snapshots = snapshots == null ? Snapshots.defaults() : snapshots;
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
                terminalCacheTtl, policy, responseCodeOverrides, dialectFile, journalDir, tls, snapshots);
    }

    public HostConfig withIdleTimeout(Duration timeout) {
        return new HostConfig(bind, port, maxFrameBytes, timeout, maxInFlightPerTerminal, workers, journalMaxBatch,
                terminalCacheTtl, policy, responseCodeOverrides, dialectFile, journalDir, tls, snapshots);
    }

    public HostConfig withPolicy(AuthPolicy newPolicy) {
        return new HostConfig(bind, port, maxFrameBytes, idleTimeout, maxInFlightPerTerminal, workers, journalMaxBatch,
                terminalCacheTtl, newPolicy, responseCodeOverrides, dialectFile, journalDir, tls, snapshots);
    }

    public HostConfig withJournalDir(Path dir) {
        return new HostConfig(bind, port, maxFrameBytes, idleTimeout, maxInFlightPerTerminal, workers, journalMaxBatch,
                terminalCacheTtl, policy, responseCodeOverrides, dialectFile, dir, tls, snapshots);
    }

    /** TLS on the terminal port; null turns it off. */
    public HostConfig withTls(Tls newTls) {
        return new HostConfig(bind, port, maxFrameBytes, idleTimeout, maxInFlightPerTerminal, workers, journalMaxBatch,
                terminalCacheTtl, policy, responseCodeOverrides, dialectFile, journalDir, newTls, snapshots);
    }

    public HostConfig withSnapshots(Snapshots newSnapshots) {
        return new HostConfig(bind, port, maxFrameBytes, idleTimeout, maxInFlightPerTerminal, workers, journalMaxBatch,
                terminalCacheTtl, policy, responseCodeOverrides, dialectFile, journalDir, tls, newSnapshots);
    }
}
