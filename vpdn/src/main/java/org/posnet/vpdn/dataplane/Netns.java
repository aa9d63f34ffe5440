package org.posnet.vpdn.dataplane;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A named network namespace ({@code ip netns add}) for labs: the carrier's and the bank's networks
 * in one machine. Java threads cannot be moved between namespaces by the JDK, but {@code setns(2)}
 * with {@code CLONE_NEWNET} moves only the calling thread: {@link #call} runs a task on a fresh
 * thread inside the namespace, and sockets or TUN devices it opens stay there, usable from any
 * thread afterwards. {@link #close()} deletes the namespace with everything in it.
 */
public final class Netns implements AutoCloseable {
  private static final long COMMAND_SECONDS = 10;

  private final String name;

  private Netns(String name) {
    this.name = name;
  }

  /** Creates the namespace with its loopback up. */
  public static Netns create(String name) throws IOException {
    root("netns", "add", name);
    Netns ns = new Netns(name);
    try {
      ns.ip("link", "set", "lo", "up");
    } catch (IOException e) {
      ns.close();
      throw e;
    }
    return ns;
  }

  public String name() {
    return name;
  }

  /** {@code ip -n NAME args…}; fails with the command's output. */
  public void ip(String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("-n", name));
    cmd.addAll(List.of(args));
    root(cmd.toArray(String[]::new));
  }

  /** Runs {@code task} on a new thread inside this namespace and returns its result. */
  public <T> T call(Callable<T> task) throws Exception {
    FutureTask<T> f = new FutureTask<>(() -> {
      int fd = LibC.open("/var/run/netns/" + name, LibC.O_RDONLY | LibC.O_CLOEXEC);
      try {
        LibC.setns(fd, LibC.CLONE_NEWNET);
      } finally {
        LibC.close(fd);
      }
      return task.call();
    });
    Thread t = new Thread(f, "netns-" + name);
    t.setDaemon(true);
    t.start();
    try {
      return f.get(COMMAND_SECONDS * 3, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof LastErrorException le) {
        throw new IOException("setns into " + name + ": " + TunDevice.describe(le), le);
      }
      throw e.getCause() instanceof Exception ex ? ex : e;
    } catch (TimeoutException e) {
      t.interrupt();
      throw new IOException("task in namespace " + name + " did not finish", e);
    }
  }

  @Override
  public void close() {
    try {
      root("netns", "del", name);
    } catch (IOException e) {
      // already gone, or never made: nothing to clean
    }
  }

  /** {@code ip args…} in the root namespace, bounded in time. */
  public static void root(String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add("ip");
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try {
      if (!p.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", cmd) + ": timed out");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException(String.join(" ", cmd) + ": interrupted", e);
    }
    if (p.exitValue() != 0) {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      throw new IOException(String.join(" ", cmd) + ": " + out);
    }
  }

  @Override
  public String toString() {
    return "netns " + name;
  }
}
