package org.posnet.host.channel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * The PEM files of the host's TLS settings (the terminal port, the issuer port, the links): certificates, an
 * unencrypted PKCS#8 key, and whether the key is the certificate's. Errors name the config key and the file,
 * never a file's contents.
 */
public final class PemFiles {
    private PemFiles() {
    }

    public static List<X509Certificate> certificates(String key, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toList();
            if (certs.isEmpty()) {
                throw new IllegalArgumentException(key + ": " + file + " holds no PEM certificate");
            }
            return certs;
        } catch (IOException e) {
            throw new IllegalArgumentException(key + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(key + ": " + file + " is not a PEM X.509 certificate file (" + e.getMessage() + ")");
        }
    }

    /** An unencrypted PKCS#8 PEM key; exceptions carry only the file's name and the key's kind. */
    public static PrivateKey privateKey(String configKey, Path file) {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException(configKey + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        String begin = "-----BEGIN PRIVATE KEY-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf("-----END PRIVATE KEY-----");
        if (from < 0 || to < from) {
            String hint = pem.contains("ENCRYPTED PRIVATE KEY") ? "an encrypted key"
                    : pem.contains("RSA PRIVATE KEY") || pem.contains("EC PRIVATE KEY") ? "a PKCS#1/SEC1 key" : "no PEM private key";
            throw new IllegalArgumentException(configKey + ": " + file + " holds " + hint + "; expected an unencrypted"
                    + " PKCS#8 key (BEGIN PRIVATE KEY; convert with: openssl pkcs8 -topk8 -nocrypt)");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(configKey + ": " + file + " is not valid PEM (bad base64)");
        }
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "Ed448"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException | RuntimeException e) {
                // not this kind; try the next
            }
        }
        throw new IllegalArgumentException(configKey + ": " + file + " is not an RSA, EC or EdDSA PKCS#8 private key");
    }

    /** Signs and verifies a probe, so a key that does not belong to the certificate fails at startup, not per handshake. */
    public static void matches(String configKey, PrivateKey key, X509Certificate leaf, Path certificate, Path privateKey) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm(); // Ed25519, Ed448
        };
        byte[] probe = "posnet-tls-probe".getBytes(StandardCharsets.US_ASCII);
        boolean ok;
        try {
            Signature s = Signature.getInstance(algorithm);
            s.initSign(key);
            s.update(probe);
            byte[] signature = s.sign();
            Signature v = Signature.getInstance(algorithm);
            v.initVerify(leaf.getPublicKey());
            v.update(probe);
            ok = v.verify(signature);
        } catch (GeneralSecurityException e) {
            ok = false;
        }
        if (!ok) {
            throw new IllegalArgumentException(configKey + ": " + privateKey + " is not the key of the first certificate in "
                    + certificate);
        }
    }
}
