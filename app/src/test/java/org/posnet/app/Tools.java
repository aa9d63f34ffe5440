package org.posnet.app;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Peers we did not write (radclient, tshark, tcpdump): found on PATH, required in CI. */
final class Tools {
  private Tools() {}

  static void require(String tool) {
    boolean present = Files.isExecutable(Path.of("/usr/bin", tool)) || Files.isExecutable(Path.of("/usr/sbin", tool));
    if (!present && "true".equals(System.getenv("CI"))) throw new AssertionError(tool + " is missing: .ci/run must install it");
    assumeTrue(present, tool + " not installed; install it to run this interop test");
  }

  record Run(int code, String output) {}

  static Run run(String stdin, String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    if (stdin != null) p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", cmd) + " did not finish");
    }
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  /** A packet capture on loopback, running until closed. */
  static final class Capture implements AutoCloseable {
    private final Process process;
    final Path file;

    Capture(Path file, String filter) throws IOException, InterruptedException {
      this.file = file;
      List<String> cmd = new ArrayList<>(List.of("tcpdump", "-i", "lo", "-U", "-n", "-w", file.toString(), filter));
      Path err = Path.of(file + ".err");
      process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(err.toFile()).start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!Files.readString(err).contains("listening on")) {
        if (System.nanoTime() > deadline || !process.isAlive()) throw new IllegalStateException("tcpdump did not start: " + Files.readString(err));
        Thread.sleep(20);
      }
    }

    @Override
    public void close() throws InterruptedException {
      Thread.sleep(200); // let the last replies land in the file
      process.destroy();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
