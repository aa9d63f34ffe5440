package org.posnet.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.posnet.host.HostHarness.BALANCE_FEN;
import static org.posnet.host.HostHarness.MERCHANT;
import static org.posnet.host.HostHarness.PAN;
import static org.posnet.host.HostHarness.PIN;
import static org.posnet.host.HostHarness.TERMINAL;
import static org.posnet.host.HostHarness.TMK;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.posnet.common.db.TestDatabase;
import org.posnet.common.db.TestDatabases;
import org.posnet.host.hsm.KeyScheme;
import org.posnet.host.link.IssuerModeConfig;
import org.posnet.host.link.LinkConfig;
import org.posnet.host.link.RemoteIssuerConfig;

/**
 * {@code host.issuer.tls} and {@code host.links[].tls}: an acquirer host and an issuer-mode host on loopback, the
 * link between them over (mutual) TLS. Certificates are made per run by openssl; no private key is checked in.
 */
class IssuerLinkTlsTest {
    private static final String ZPK = IssuerLinkTest.ZPK;
    private static final String ZONE_MAK = IssuerLinkTest.ZONE_MAK;

    @TempDir
    static Path pki;
    private HostHarness issuer;
    private HostHarness acquirer;
    private JposTerminal pos;

    @BeforeAll
    static void certificates() throws Exception {
        TestPki ca = TestPki.loopbackServer(pki);
        ca.leaf("misnamed", "ca", "issuer.example", "subjectAltName=DNS:issuer.example\nextendedKeyUsage=serverAuth\n");
        ca.leaf("acquirer", "ca", "acquirer-48160000", "extendedKeyUsage=clientAuth\n");
    }

    @AfterEach
    void stop() throws Exception {
        HostHarness.stopAll(pos, acquirer, issuer);
    }

    /** The issuer-mode host, TLS on its issuer port with the given server certificate, mutual (clientCa = ca). */
    private void startIssuer(String serverCert) {
        IssuerModeConfig mode = new IssuerModeConfig("127.0.0.1", 0, ZPK, ZONE_MAK, KeyScheme.TDES_2KEY, null)
                .withTls(new IssuerModeConfig.Tls(pki.resolve(serverCert + ".pem"), pki.resolve(serverCert + ".key"),
                        pki.resolve("ca.pem")));
        issuer = new HostHarness(TestDatabases.h2(), HostConfig.defaults().withPort(0), HostHarness.fleetYaml(),
                new LinkConfig(mode, List.of()));
    }

    private RemoteIssuerConfig link(RemoteIssuerConfig.Tls tls) {
        return RemoteIssuerConfig.of("issuer-a", List.of("622202"), "127.0.0.1", issuer.host.issuerPort(), ZPK, ZONE_MAK,
                KeyScheme.TDES_2KEY, "48160000").withTimings(Duration.ofSeconds(3), Duration.ofMillis(200), Duration.ofMillis(400))
                .withTls(tls);
    }

    private static RemoteIssuerConfig.Tls mutual(String ca) {
        return new RemoteIssuerConfig.Tls(pki.resolve(ca + ".pem"), pki.resolve("acquirer.pem"), pki.resolve("acquirer.key"));
    }

    private void startAcquirer(RemoteIssuerConfig link) throws Exception {
        String fleet = HostHarness.fleetYaml();
        fleet = fleet.substring(0, fleet.indexOf("cards:")); // no cards: every card is someone else's
        acquirer = new HostHarness(TestDatabases.h2(), HostConfig.defaults().withPort(0), fleet,
                new LinkConfig(null, List.of(link)));
        pos = new JposTerminal(acquirer.port(), TERMINAL, MERCHANT, TMK);
        assertThat(pos.signOn("003").getString(39)).isEqualTo("00");
    }

    private Map<String, Integer> reversals() {
        return acquirer.host.linkReversals().get("issuer-a");
    }

    /** A sale the acquirer cannot deliver: 98 quickly, a 0420 owed, no money moved at the issuer. */
    private void assertUndelivered(String why) throws Exception {
        long started = System.nanoTime();
        ISOMsg reply = pos.send(Trades.sale(pos, PAN, PIN, 4_000));
        assertThat(reply.getString(39)).as(why).isEqualTo("98");
        assertThat(System.nanoTime() - started).as("answered, not hung").isLessThan(Duration.ofSeconds(5).toNanos());
        IssuerLinkTest.await(() -> Integer.valueOf(1).equals(reversals().get("PENDING")), "a 0420 owed for the undelivered sale");
        assertThat(issuer.balanceFen(PAN)).isEqualTo(BALANCE_FEN);
        assertThat(issuer.host.ledger().check().transactions()).isZero();
    }

    @Test
    void mutualTls_remoteSaleWithPin_isApprovedByTheIssuer() throws Exception {
        startIssuer("server");
        startAcquirer(link(mutual("ca")));
        ISOMsg reply = pos.send(Trades.sale(pos, PAN, PIN, 12_345));
        assertThat(reply.getString(39)).isEqualTo("00");
        assertThat(reply.getString(38)).hasSize(6);
        assertThat(issuer.balanceFen(PAN)).isEqualTo(BALANCE_FEN - 12_345);
        assertThat(pos.send(Trades.sale(pos, PAN, "111111", 100)).getString(39)).as("PIN checked at the issuer").isEqualTo("55");
        IssuerLinkTest.await(() -> Map.of("DONE", 2).equals(reversals()), "both answers settled without reversal");
    }

    @Test
    void acquirerTrustingAnotherCa_terminalGets98_andAReversalIsOwed() throws Exception {
        startIssuer("server");
        startAcquirer(link(mutual("other-ca")));
        assertUndelivered("the issuer's certificate does not chain to the link's ca");
    }

    @Test
    void issuerCertificateNotNamingTheLinkHost_terminalGets98() throws Exception {
        startIssuer("misnamed"); // chains to ca, but names issuer.example, not 127.0.0.1
        startAcquirer(link(mutual("ca")));
        assertUndelivered("the server name is checked");
    }

    @Test
    void acquirerWithoutClientCertificate_isRefusedByTheIssuer() throws Exception {
        startIssuer("server");
        startAcquirer(link(new RemoteIssuerConfig.Tls(pki.resolve("ca.pem"))));
        assertUndelivered("host.issuer.tls.clientCa asks for a client certificate");
    }

    @Test
    void plainTcpClient_onTheTlsIssuerPort_getsNoIsoAnswer() throws Exception {
        startIssuer("server");
        try (Socket s = new Socket("127.0.0.1", issuer.host.issuerPort())) {
            s.setSoTimeout(5_000);
            byte[] body = "600000000000080000200000000000000000001".getBytes(StandardCharsets.US_ASCII);
            OutputStream out = s.getOutputStream();
            out.write(new byte[] {(byte) (body.length >> 8), (byte) body.length});
            out.write(body);
            out.flush();
            InputStream in = s.getInputStream();
            byte[] got = new byte[512];
            int total = 0;
            try {
                for (int n; (n = in.read(got, total, got.length - total)) > 0; ) {
                    total += n;
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the TLS issuer port neither answered nor closed a plain-TCP client", e);
            } catch (IOException e) {
                // reset: closed as well
            }
            String text = new String(got, 0, total, StandardCharsets.ISO_8859_1);
            assertThat(text).as("no ISO 8583 reply in clear").doesNotContain("0810").doesNotContain("0210");
        }
        IssuerLinkTest.await(() -> issuer.host.issuerTlsHandshakeFailures() >= 1, "the refused client is counted");
        assertThat(issuer.registry.get("posnet.host.issuer.tls.handshake_failures").functionCounter().count())
                .as("the refused plain-TCP client is counted").isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void unreadableLinkCa_failsTheStart_namingTheKeyAndTheFile() throws Exception {
        startIssuer("server");
        TestDatabase tdb = TestDatabases.h2();
        try {
            Path missing = pki.resolve("no-such-ca.pem");
            assertThatThrownBy(() -> new HostHarness(tdb, HostConfig.defaults().withPort(0), HostHarness.fleetYaml(),
                    new LinkConfig(null, List.of(link(new RemoteIssuerConfig.Tls(missing))))))
                    .hasStackTraceContaining("host.links[issuer-a].tls.ca: cannot read " + missing);
        } finally {
            tdb.close();
        }
    }
}
