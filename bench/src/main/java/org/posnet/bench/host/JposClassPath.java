package org.posnet.bench.host;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the jPOS baseline's classes are, for its child JVM. jPOS 2.1.10 is AGPL, so it is never in the
 * app's jar: the baseline server is in bench's test classes ({@code bench/target/test-classes}, built by
 * {@code mvn install -DskipTests}) and jPOS with the libraries it needs comes from the local Maven
 * repository by coordinates. Under Maven's test run the class path already holds both.
 */
final class JposClassPath {
    /** group/artifact/version of jPOS and the compile dependencies its ISOServer and GenericPackager load. */
    private static final List<String> COORDINATES = List.of("org/jpos/jpos/2.1.10", "org/jdom/jdom2/2.0.6.1",
            "org/javatuples/javatuples/1.2", "commons-cli/commons-cli/1.4", "org/hdrhistogram/HdrHistogram/2.1.12",
            "org/bouncycastle/bcprov-lts8on/2.73.6", "org/slf4j/slf4j-api/1.7.32");

    private JposClassPath() {
    }

    /** This JVM's class path + bench test classes + the jPOS jars found; fails naming what is missing. */
    static String locate() {
        List<String> parts = new ArrayList<>(List.of(System.getProperty("java.class.path")));
        Path repo = Path.of(System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository"));
        for (String c : COORDINATES) {
            String[] g = c.split("/");
            String artifact = g[g.length - 2];
            String version = g[g.length - 1];
            Path jar = repo.resolve(c).resolve(artifact + "-" + version + ".jar");
            if (Files.exists(jar)) {
                parts.add(jar.toString());
            } else if (artifact.equals("jpos")) {
                throw new IllegalStateException("jPOS 2.1.10 not found at " + jar + ": run `mvn -o install -DskipTests` in the repo first");
            }
        }
        Path testClasses = Path.of(System.getProperty("posnet.bench.testClasses", "bench/target/test-classes"));
        if (Files.isDirectory(testClasses)) {
            parts.add(testClasses.toAbsolutePath().toString());
        }
        return String.join(File.pathSeparator, parts);
    }
}
