package org.posnet.vpdn.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * tcpdump on loopback for the given UDP ports, then the tshark lint of reference/vpdn.md: every
 * captured datagram on those ports dissected as L2TP with no malformed packet and no expert info of
 * warning or worse. Other engineers' tests share the loopback, so the filter names our ports only.
 */
public final class PacketCapture implements AutoCloseable {
  private final Path file;
  private final List<Integer> ports;
  private final List<Integer> radiusPorts;
  private final Process tcpdump;
  private boolean stopped;

  public PacketCapture(Path dir, List<Integer> ports) throws IOException, InterruptedException {
    this(dir, ports, List.of());
  }

  /** Also captures RADIUS on {@code radiusPorts} (auth, accounting, Disconnect), dissected as RADIUS. */
  public PacketCapture(Path dir, List<Integer> ports, List<Integer> radiusPorts) throws IOException, InterruptedException {
    this.file = dir.resolve("run.pcap");
    this.ports = List.copyOf(ports);
    this.radiusPorts = List.copyOf(radiusPorts);
    List<Integer> all = new ArrayList<>(ports);
    all.addAll(radiusPorts);
    String filter = "udp and (" + all.stream().map(p -> "port " + p).collect(Collectors.joining(" or ")) + ")";
    // -Z root: the temp dir is private and tcpdump would write as its own user; --immediate-mode:
    // without it packets wait in a kernel block that a SIGTERM discards
    tcpdump = new ProcessBuilder("tcpdump", "-i", "lo", "-n", "-U", "--immediate-mode", "-Z", "root", "-w", file.toString(), filter)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    // tcpdump says "listening on lo" once its filter is in place; nothing is missed after that
    BufferedReader err = new BufferedReader(new InputStreamReader(tcpdump.getErrorStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = err.readLine()) != null && !line.contains("listening on")) {
      // skip banner lines
    }
    if (line == null) {
      throw new IOException("tcpdump did not start (exit " + tcpdump.waitFor() + ")");
    }
    Thread drain = new Thread(() -> err.lines().forEach(l -> { }), "tcpdump-stderr");
    drain.setDaemon(true);
    drain.start();
  }

  public static boolean available() {
    return Files.isExecutable(Path.of("/usr/bin/tcpdump")) && Files.isExecutable(Path.of("/usr/bin/tshark"));
  }

  /** Stops the capture (tcpdump flushes on SIGTERM). */
  public void stop() throws InterruptedException {
    if (!stopped) {
      stopped = true;
      tcpdump.destroy();
      if (!tcpdump.waitFor(5, TimeUnit.SECONDS)) {
        tcpdump.destroyForcibly();
      }
    }
  }

  /** Lines tshark prints for {@code displayFilter} with our ports decoded as L2TP (and RADIUS). */
  public List<String> tshark(String displayFilter) throws IOException, InterruptedException {
    return tshark(displayFilter, List.of());
  }

  private List<String> tshark(String displayFilter, List<String> options) throws IOException, InterruptedException {
    stop();
    List<String> cmd = new ArrayList<>(List.of("tshark", "-r", file.toString()));
    for (int p : ports) {
      cmd.add("-d");
      cmd.add("udp.port==" + p + ",l2tp");
    }
    for (int p : radiusPorts) {
      cmd.add("-d");
      cmd.add("udp.port==" + p + ",radius");
    }
    cmd.addAll(options);
    cmd.add("-Y");
    cmd.add(displayFilter);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    List<String> lines;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      lines = r.lines().filter(l -> !l.contains("Running as user \"root\"")).toList();
    }
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("tshark finished").isTrue();
    return lines;
  }

  /**
   * The RADIUS lint for the conversations of one client ({@code clientFilter}, e.g. {@code ip.addr ==
   * 127.0.0.2}): some RADIUS was captured, every authenticator verifies with {@code secret}, nothing
   * is malformed or draws a warning. tshark takes one secret per run, hence one client per call.
   */
  public void assertRadiusLintClean(String secret, String clientFilter) throws IOException, InterruptedException {
    List<String> options = List.of("-o", "radius.shared_secret:" + secret, "-o", "radius.validate_authenticator:TRUE");
    assertThat(tshark("radius && (" + clientFilter + ")", options)).as("RADIUS packets captured for " + clientFilter)
        .isNotEmpty();
    assertThat(tshark("(" + clientFilter + ") && (radius.authenticator.invalid == 1 || _ws.malformed"
        + " || _ws.expert.severity >= warning)", options)).as("RADIUS lint for " + clientFilter).isEmpty();
  }

  /** The lint: some L2TP was captured, and none of it is malformed or draws a warning. */
  public void assertLintClean() throws IOException, InterruptedException {
    assertThat(tshark("l2tp")).as("L2TP packets captured").isNotEmpty();
    assertThat(tshark("_ws.malformed || _ws.expert.severity >= warning")).as("tshark lint").isEmpty();
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
