package org.posnet.host;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away PKI in a test's directory, made by the openssl CLI (an implementation we did not write): EC P-256
 * CAs and leaves valid two days. No private key is ever checked in.
 */
final class TestPki {
    /** What an openssl run printed and how it ended. */
    record Result(int exit, String output) {
    }

    private final Path dir;

    TestPki(Path dir) {
        this.dir = dir;
    }

    /**
     * What every TLS test starts from: CAs {@code ca} and {@code other-ca} (a stranger's), and {@code server}, signed
     * by {@code ca} for 127.0.0.1, the host's side. Returns this PKI, for the test's own leaves.
     */
    static TestPki loopbackServer(Path dir) throws Exception {
        TestPki pki = new TestPki(dir);
        pki.ca("ca");
        pki.ca("other-ca");
        pki.leaf("server", "ca", "127.0.0.1", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
        return pki;
    }

    /** A self-signed CA: {@code name.pem}, {@code name.key}. */
    void ca(String name) throws Exception {
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", name + ".key",
                "-out", name + ".pem", "-days", "2", "-subj", "/CN=posnet-test-" + name);
    }

    /** A leaf signed by {@code ca}, with the X.509v3 extensions written in {@code extensions} (openssl's extfile syntax). */
    void leaf(String name, String ca, String cn, String extensions) throws Exception {
        Files.writeString(dir.resolve(name + ".ext"), extensions);
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", name + ".key",
                "-out", name + ".csr", "-subj", "/CN=" + cn);
        openssl("x509", "-req", "-in", name + ".csr", "-CA", ca + ".pem", "-CAkey", ca + ".key", "-CAcreateserial",
                "-out", name + ".pem", "-days", "2", "-extfile", name + ".ext");
    }

    /** Runs openssl in the PKI directory; it must succeed. */
    Result openssl(String... args) throws Exception {
        return run(null, args);
    }

    /**
     * Runs openssl in the PKI directory, stdin empty, at most 30 s. {@code mustExit} null: any exit but 0 fails the
     * test; otherwise the exit code is returned as it is for the caller to check.
     */
    Result run(Integer mustExit, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        byte[] out = p.getInputStream().readAllBytes(); // ends when openssl exits (bounded by waitFor below)
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("openssl did not finish: " + command);
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (mustExit == null && p.exitValue() != 0) {
            throw new AssertionError("openssl failed (" + p.exitValue() + "): " + command + "\n" + text);
        }
        return new Result(p.exitValue(), text);
    }
}
