package org.posnet.vpdn.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Debian's xl2tpd in the foreground with a throw-away config in a temp dir, its log kept for
 * assertions, killed on close. It runs in userspace here: control plane complete, then pppd fails.
 */
public final class Xl2tpd implements AutoCloseable {
  public static final Path BINARY = Path.of("/usr/sbin/xl2tpd");

  private final Path dir;
  private final Path log;
  private final Process process;

  private Xl2tpd(Path dir, String conf) throws IOException {
    this.dir = dir;
    this.log = dir.resolve("xl2tpd.log");
    Files.writeString(dir.resolve("xl2tpd.conf"), conf);
    process = new ProcessBuilder(BINARY.toString(), "-D", "-c", dir.resolve("xl2tpd.conf").toString(),
        "-p", dir.resolve("xl2tpd.pid").toString(), "-C", dir.resolve("control").toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** Whether the test may run: xl2tpd is here, or we are in CI where it must be. */
  public static boolean usable() {
    return Files.isExecutable(BINARY) || "true".equals(System.getenv("CI"));
  }

  /** xl2tpd as a LAC of host name {@code hostName} that tunnels to {@code lns} ("a.b.c.d:port"). */
  public static Xl2tpd lac(Path dir, String listen, int port, String hostName, String lns, String secret) throws IOException {
    Files.writeString(dir.resolve("secrets"), "* * " + secret + "\n");
    return new Xl2tpd(dir, "[global]\nlisten-addr = " + listen + "\nport = " + port + "\nauth file = " + dir.resolve("secrets")
        + "\naccess control = no\n\n[lac posnet]\nlns = " + lns + "\nhostname = " + hostName
        + "\nchallenge = yes\nredial = no\nppp debug = no\n");
  }

  /** xl2tpd as an LNS on {@code listen:port} with tunnel authentication. */
  public static Xl2tpd lns(Path dir, String listen, int port, String hostName, String secret) throws IOException {
    Files.writeString(dir.resolve("secrets"), "* * " + secret + "\n");
    return new Xl2tpd(dir, "[global]\nlisten-addr = " + listen + "\nport = " + port + "\nauth file = " + dir.resolve("secrets")
        + "\naccess control = no\n\n[lns default]\nip range = 10.99.0.2-10.99.0.20\nlocal ip = 10.99.0.1\nhostname = "
        + hostName + "\nchallenge = yes\nrequire authentication = no\nppp debug = no\n");
  }

  /** Waits until the log has a line passing {@code test}; false after {@code within}. */
  public boolean awaitLog(Predicate<String> test, Duration within) throws IOException, InterruptedException {
    long end = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < end) {
      if (Files.exists(log) && Files.readAllLines(log, StandardCharsets.UTF_8).stream().anyMatch(test)) {
        return true;
      }
      if (!process.isAlive()) {
        return Files.exists(log) && Files.readAllLines(log, StandardCharsets.UTF_8).stream().anyMatch(test);
      }
      Thread.sleep(50); // a log file has no event to await; poll it briefly
    }
    return false;
  }

  /** Asks the LAC to place a call ("c posnet"), once its control pipe exists. */
  public void connect() throws IOException, InterruptedException {
    if (!awaitLog(l -> l.contains("Listening on IP address"), Duration.ofSeconds(5))) {
      throw new IOException("xl2tpd did not start: " + log());
    }
    Path control = dir.resolve("control");
    long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!Files.exists(control) && System.nanoTime() < end) {
      Thread.sleep(20);
    }
    Files.writeString(control, "c posnet\n");
  }

  public String log() throws IOException {
    return Files.exists(log) ? Files.readString(log) : "";
  }

  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(5, TimeUnit.SECONDS);
  }
}
