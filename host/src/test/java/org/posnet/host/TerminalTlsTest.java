package org.posnet.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.posnet.host.HostHarness.MERCHANT;
import static org.posnet.host.HostHarness.TERMINAL;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.channel.NACChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.posnet.common.db.TestDatabases;
import org.posnet.host.channel.TerminalServer;
import org.posnet.host.iso.Dialect;
import org.posnet.host.iso.IsoCodec;
import org.posnet.host.iso.IsoFrame;
import org.posnet.host.iso.IsoMessage;
import org.posnet.host.iso.MessageHeader;
import org.posnet.host.iso.Tpdu;

/**
 * {@code host.tls} on the terminal port, against independent TLS stacks: the JDK's SSLSocket (under jPOS) and
 * the openssl CLI. Certificates are made per run by openssl; no private key is checked in.
 */
class TerminalTlsTest {
    private static final IsoCodec CODEC = new IsoCodec(Dialect.unionPayPos());

    @TempDir
    static Path pki;
    private HostHarness harness;

    @BeforeAll
    static void certificates() throws Exception {
        TestPki ca = TestPki.loopbackServer(pki);
        ca.leaf("client", "ca", TERMINAL, "extendedKeyUsage=clientAuth\n");
        ca.leaf("stranger", "other-ca", TERMINAL, "extendedKeyUsage=clientAuth\n");
    }

    private static TestPki.Result openssl(String... args) throws Exception {
        return new TestPki(pki).openssl(args);
    }

    private static TestPki.Result run(Integer mustExit, String... args) throws Exception {
        return new TestPki(pki).run(mustExit, args);
    }

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
            harness.tdb.close();
        }
    }

    private void start(boolean clientCa) {
        HostConfig.Tls tls = new HostConfig.Tls(pki.resolve("server.pem"), pki.resolve("server.key"),
                clientCa ? pki.resolve("ca.pem") : null);
        harness = new HostHarness(TestDatabases.h2(),
                HostConfig.defaults().withPort(0).withIdleTimeout(Duration.ofSeconds(3)).withTls(tls));
    }

    private double handshakeFailures() {
        return harness.registry.counter("posnet.host.tls.handshake_failures").count();
    }

    /** A JDK TLS client trusting our CA, presenting {@code clientCert} (and its key) unless null. */
    private static SSLContext client(String clientCert) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", certificate("ca.pem"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (clientCert != null) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("me", key(clientCert + ".key"), "x".toCharArray(), new Certificate[] {certificate(clientCert + ".pem")});
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, "x".toCharArray());
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    private static Certificate certificate(String file) throws Exception {
        try (InputStream in = Files.newInputStream(pki.resolve(file))) {
            return CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static PrivateKey key(String file) throws Exception {
        String pem = Files.readString(pki.resolve(file));
        String b64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(b64)));
    }

    private SSLSocket connect(SSLContext ctx) throws IOException {
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", harness.port());
        s.setSoTimeout(5_000);
        return s;
    }

    private static byte[] signOnFrame() {
        IsoMessage m = IsoMessage.builder("0800").with(11, "000001").with(41, TERMINAL).with(42, MERCHANT)
                .with(60, "00000000003").build();
        return CODEC.encode(new IsoFrame(Tpdu.of(0x0001, 0x0123), new MessageHeader("603100000000"), m));
    }

    private static IsoFrame read(InputStream in) throws Exception {
        DataInputStream data = new DataInputStream(in);
        int length = data.readUnsignedShort();
        byte[] frame = new byte[2 + length];
        frame[0] = (byte) (length >> 8);
        frame[1] = (byte) length;
        data.readFully(frame, 2, length);
        return CODEC.decode(frame);
    }

    /** True when the host closed (EOF, reset or TLS alert) within the socket's timeout; false on a timeout. */
    private static boolean closedByHost(Socket s) {
        try {
            return s.getInputStream().read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException closedOrAlert) {
            return true;
        }
    }

    @Test
    void jposSignOn_isAnsweredOverTls() throws Exception {
        start(false);
        SSLContext ctx = client(null);
        NACChannel channel = new NACChannel("127.0.0.1", harness.port(), JposTerminal.packager(), JposTerminal.HEADER.clone());
        channel.setSocketFactory((host, port) -> {
            SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(host, port);
            s.startHandshake();
            assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.3");
            return s;
        });
        channel.setTimeout(10_000);
        channel.connect();
        try {
            ISOMsg m = new ISOMsg("0800");
            m.setPackager(channel.getPackager());
            m.set(11, "000001");
            m.set(41, TERMINAL);
            m.set(42, MERCHANT);
            m.set(60, "00000000003");
            m.set(63, "01 ");
            channel.send(m);
            ISOMsg reply = channel.receive();
            assertThat(reply.getMTI()).isEqualTo("0810");
            assertThat(reply.getString(11)).isEqualTo("000001");
            assertThat(reply.getString(39)).isEqualTo("00");
            assertThat(reply.getBytes(62)).isNotEmpty();
        } finally {
            channel.disconnect();
        }
        assertThat(handshakeFailures()).isZero();
    }

    @Test
    void opensslClient_handshakesTls13And12_andIsRefusedTls11() throws Exception {
        start(false);
        String connect = "127.0.0.1:" + harness.port();
        TestPki.Result tls13 = run(null, "s_client", "-connect", connect, "-tls1_3", "-CAfile", "ca.pem", "-verify_return_error", "-brief");
        assertThat(tls13.output()).contains("Protocol version: TLSv1.3").contains("Verification: OK");
        TestPki.Result tls12 = run(null, "s_client", "-connect", connect, "-tls1_2", "-CAfile", "ca.pem", "-verify_return_error", "-brief");
        assertThat(tls12.output()).contains("Protocol version: TLSv1.2");
        // security level 0 so openssl itself would offer TLS 1.1: the refusal is the host's
        TestPki.Result tls11 = run(1, "s_client", "-connect", connect, "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0", "-CAfile", "ca.pem", "-brief");
        assertThat(tls11.exit()).isNotZero();
        assertThat(tls11.output()).doesNotContain("Protocol version: TLSv1.1");
        assertThat(handshakeFailures()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void plainTcpClient_isClosedPromptly_andCounted() throws Exception {
        start(false);
        try (Socket s = new Socket("127.0.0.1", harness.port())) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write(signOnFrame());
            long started = System.nanoTime();
            // whatever comes back is a TLS alert at most, never an ISO reply; then the close
            InputStream in = s.getInputStream();
            byte[] buffer = new byte[256];
            int n;
            try {
                while ((n = in.read(buffer)) != -1) {
                    assertThat(n).isPositive();
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the host did not close a plain-TCP connection within 5 s");
            } catch (IOException reset) {
                // closed with a reset: fine
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (handshakeFailures() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(handshakeFailures()).isEqualTo(1);
    }

    @Test
    void silentClient_isClosedByTheIdleTimeoutDuringTheHandshake() throws Exception {
        start(false);
        try (Socket s = new Socket("127.0.0.1", harness.port())) {
            s.setSoTimeout(8_000); // idle timeout is 3 s
            assertThat(closedByHost(s)).isTrue();
        }
    }

    @Test
    void withClientCa_aClientCertificateSignedByItTrades() throws Exception {
        start(true);
        try (SSLSocket s = connect(client("client"))) {
            s.getOutputStream().write(signOnFrame());
            IsoFrame reply = read(s.getInputStream());
            assertThat(reply.message().mti()).isEqualTo("0810");
            assertThat(reply.message().string(39)).isEqualTo("00");
        }
    }

    @Test
    void withClientCa_aClientWithoutACertificateIsRefused() throws Exception {
        start(true);
        try (SSLSocket s = connect(client(null))) {
            // TLS 1.3 clients learn of the refusal on their first read, after sending
            try {
                s.getOutputStream().write(signOnFrame());
            } catch (IOException refusedEarly) {
                // fine
            }
            assertThat(closedByHost(s)).isTrue();
        }
        try (SSLSocket s = connect(client("stranger"))) {
            try {
                s.getOutputStream().write(signOnFrame());
            } catch (IOException refusedEarly) {
                // fine
            }
            assertThat(closedByHost(s)).isTrue();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (handshakeFailures() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(handshakeFailures()).isEqualTo(2);
        // and openssl without a certificate gets no session either: the host refuses it (with TLS 1.3 the
        // client may exit before the alert reaches it, so the host's count is what is checked)
        run(1, "s_client", "-connect", "127.0.0.1:" + harness.port(), "-CAfile", "ca.pem", "-brief");
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (handshakeFailures() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(handshakeFailures()).isEqualTo(3);
    }

    @Test
    void badFiles_areStartupErrorsNamingTheFile_withoutKeyMaterial() throws Exception {
        Path cert = pki.resolve("server.pem");
        Path key = pki.resolve("server.key");
        Path missing = pki.resolve("nope.pem");
        assertThatThrownBy(() -> TerminalServer.tls(missing, key, null))
                .hasMessageStartingWith("host.tls.certificate: cannot read " + missing);
        assertThatThrownBy(() -> TerminalServer.tls(cert, missing, null))
                .hasMessageStartingWith("host.tls.privateKey: cannot read " + missing);
        assertThatThrownBy(() -> TerminalServer.tls(cert, key, missing))
                .hasMessageStartingWith("host.tls.clientCa: cannot read " + missing);
        // a key given as the certificate, and a certificate given as the key
        assertThatThrownBy(() -> TerminalServer.tls(key, key, null)).hasMessageContaining("host.tls.certificate: " + key);
        assertThatThrownBy(() -> TerminalServer.tls(cert, cert, null))
                .hasMessageContaining("host.tls.privateKey: " + cert).hasMessageContaining("PKCS#8");
        // another key than the certificate's
        Path otherKey = pki.resolve("client.key");
        assertThatThrownBy(() -> TerminalServer.tls(cert, otherKey, null))
                .hasMessage("host.tls.privateKey: " + otherKey + " is not the key of the first certificate in " + cert);
        // a PKCS#1/SEC1 key, and corrupt base64
        Path sec1 = pki.resolve("sec1.key");
        openssl("ec", "-in", "server.key", "-out", "sec1.key");
        assertThat(Files.readString(sec1)).contains("BEGIN EC PRIVATE KEY");
        assertThatThrownBy(() -> TerminalServer.tls(cert, sec1, null)).hasMessageContaining("a PKCS#1/SEC1 key");
        Path corrupt = pki.resolve("corrupt.key");
        String body = Files.readString(key).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        Files.writeString(corrupt, "-----BEGIN PRIVATE KEY-----\n" + body.substring(0, 20) + "\n-----END PRIVATE KEY-----\n");
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> TerminalServer.tls(cert, corrupt, null));
        assertThat(t).hasMessageContaining("host.tls.privateKey: " + corrupt);
        for (Throwable c = t; c != null; c = c.getCause()) {
            assertThat(String.valueOf(c.getMessage())).doesNotContain(body.substring(0, 20));
        }
        // and the host does not start on them
        org.posnet.common.db.TestDatabase tdb = TestDatabases.h2();
        try {
            assertThatThrownBy(() -> new HostHarness(tdb, HostConfig.defaults().withPort(0)
                    .withTls(new HostConfig.Tls(cert, otherKey, null))))
                    .hasMessageContaining("is not the key of the first certificate");
        } finally {
            tdb.close();
        }
    }
}
