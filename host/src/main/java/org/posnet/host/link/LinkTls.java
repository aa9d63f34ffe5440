package org.posnet.host.link;

import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.posnet.host.channel.PemFiles;

/**
 * The client side of {@code host.links[].tls}: a JDK {@link SSLContext} built once, when the link is created, from
 * PEM files. TLS 1.3 and 1.2 only; the issuer's certificate must chain to {@code ca} (the JDK's default trust store
 * is not used); with {@code certificate} and {@code privateKey}, we present a client certificate (mutual TLS).
 * Errors name the config key and the file, never a file's contents.
 */
final class LinkTls {
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private LinkTls() {
    }

    static SSLContext clientContext(String link, RemoteIssuerConfig.Tls tls) {
        String prefix = "host.links[" + link + "].tls";
        List<X509Certificate> cas = PemFiles.certificates(prefix + ".ca", tls.ca());
        SslContextBuilder b = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                .trustManager(cas.toArray(X509Certificate[]::new)).protocols(PROTOCOLS);
        if (tls.certificate() != null) {
            List<X509Certificate> chain = PemFiles.certificates(prefix + ".certificate", tls.certificate());
            PrivateKey key = PemFiles.privateKey(prefix + ".privateKey", tls.privateKey());
            PemFiles.matches(prefix + ".privateKey", key, chain.get(0), tls.certificate(), tls.privateKey());
            b.keyManager(key, chain.toArray(X509Certificate[]::new));
        }
        try {
            return ((JdkSslContext) b.build()).context();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException(prefix + ": cannot build a TLS context from " + tls.ca()
                    + (tls.certificate() == null ? "" : ", " + tls.certificate() + " and " + tls.privateKey()) + ": "
                    + e.getClass().getSimpleName());
        }
    }
}
