package org.posnet.host.link;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.posnet.host.auth.Authorizer;
import org.posnet.host.auth.AuthPolicy;
import org.posnet.host.auth.HostState;
import org.posnet.host.auth.RouteTable;
import org.posnet.host.channel.TerminalServer;
import org.posnet.host.hsm.Hsm;
import org.posnet.host.hsm.HsmException;
import org.posnet.host.hsm.KeyUnderLmk;
import org.posnet.host.hsm.KeyUsage;
import org.posnet.host.iso.Dialect;
import org.posnet.host.iso.IsoCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issuer mode: listens for remote acquirers and answers their balance inquiries, sales, voids, refunds,
 * pre-auths, completions (and their voids) and 0420 reversal advices with the host's own on-us issuer (same state, journal, ledger and lock as the terminals' side), PIN verified under
 * the zone PIN key, MAC under the zone MAK when one is configured.
 */
public final class IssuerService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IssuerService.class);

    private final TerminalServer server;
    private final AtomicLong handshakeFailures = new AtomicLong();

    public IssuerService(IssuerModeConfig config, Authorizer acquirer, HostState state, Hsm hsm, AuthPolicy policy,
            int maxFrameBytes, Duration idleTimeout, Executor workers) {
        Dialect dialect = config.dialectFile() == null ? RemoteIssuers.linkDialect() : Dialect.load(config.dialectFile());
        IsoCodec codec = new IsoCodec(dialect);
        KeyUnderLmk zpk;
        KeyUnderLmk zoneMak;
        try {
            zpk = ZoneKeys.load(hsm, KeyUsage.ZPK, config.scheme(), config.zpkHex(), config.zpkCheckValue(), "host.issuer.zpk");
            zoneMak = config.zoneMakHex() == null ? null : ZoneKeys.load(hsm, KeyUsage.MAK, config.scheme(), config.zoneMakHex(),
                    config.zoneMakCheckValue(), "host.issuer.zoneMak");
        } catch (HsmException e) {
            throw new IllegalArgumentException("host.issuer: zone key refused (" + e.error() + ")");
        }
        Authorizer linkAuthorizer = acquirer.forLink(RouteTable.issuerLink(state, hsm, codec, policy, zpk, zoneMak), codec);
        LinkMac mac = new LinkMac(hsm, codec, policy.tdesMac(), zoneMak);
        IssuerModeConfig.Tls tls = config.tls();
        server = new TerminalServer(config.bind(), config.port(), maxFrameBytes, idleTimeout,
                tls == null ? null : TerminalServer.tls(tls.certificate(), tls.privateKey(), tls.clientCa(), "host.issuer.tls"),
                () -> {
                    long n = handshakeFailures.incrementAndGet();
                    log.warn("event=host.issuer.tls_handshake_failed failures={}", n);
                },
                () -> new IssuerLinkHandler(codec, linkAuthorizer, mac, workers));
        log.info("event=host.issuer.listening bind={} port={} dialect={} mac={} tls={}", config.bind(), server.port(),
                dialect.name(), zoneMak == null ? "none" : "zone_mak",
                tls == null ? "none" : tls.clientCa() == null ? "server" : "mutual");
    }

    /** Connections to the issuer port closed without a completed TLS handshake since start. */
    public long tlsHandshakeFailures() {
        return handshakeFailures.get();
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }
}
