package org.posnet.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code posnet} run as a real child process from the test class path, the way an operator runs it:
 * `serve` until stopped, or a one-shot command whose output is returned.
 */
final class ServerProcess implements AutoCloseable {
  final Process process;
  final Map<String, Integer> ports = new HashMap<>();
  final Path log;

  private ServerProcess(Process p, Path log) {
    this.process = p;
    this.log = log;
  }

  static List<String> command(Path config, String... args) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(List.of(args));
    cmd.add("--config");
    cmd.add(config.toString());
    return cmd;
  }

  /** Starts `posnet serve` and waits for its `listening …` line. */
  static ServerProcess serve(Path config, Path dir) throws IOException, InterruptedException {
    return start(config, dir, "serve");
  }

  /** Starts a long-running command (`serve`, `demo`) and waits for its `listening …` line. */
  static ServerProcess start(Path config, Path dir, String command) throws IOException, InterruptedException {
    Path log = dir.resolve(command + ".log");
    ProcessBuilder pb = new ProcessBuilder(command(config, command)).redirectError(log.toFile());
    ServerProcess sp = new ServerProcess(pb.start(), log);
    BufferedReader out = new BufferedReader(new InputStreamReader(sp.process.getInputStream(), StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("listening")) {
        for (String kv : line.substring(9).trim().split(" ")) {
          String[] p = kv.split("=");
          sp.ports.put(p[0], Integer.parseInt(p[1]));
        }
        Thread drain = new Thread(() -> {
          try {
            while (out.readLine() != null) { /* keep the pipe empty */ }
          } catch (IOException ignored) {
            // the process ended
          }
        });
        drain.setDaemon(true);
        drain.start();
        return sp;
      }
      if (System.nanoTime() > deadline) break;
    }
    sp.close();
    throw new IllegalStateException("posnet " + command + " did not start: " + Files.readString(log));
  }

  /** Runs a one-shot command; returns exit code and combined output. */
  static Result run(Path config, String... args) throws IOException, InterruptedException {
    return runWithInput(config, "", args);
  }

  /** Runs a one-shot command with {@code input} on its standard input; returns exit code and combined output. */
  static Result runWithInput(Path config, String input, String... args) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command(config, args)).redirectErrorStream(true).start();
    try (var stdin = p.getOutputStream()) {
      stdin.write(input.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("posnet " + String.join(" ", args) + " did not finish");
    }
    return new Result(p.exitValue(), out);
  }

  record Result(int code, String output) {}

  String logText() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy(); // SIGTERM: the shutdown hook closes ports and the database
    if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
  }
}
