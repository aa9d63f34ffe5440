package org.posnet.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.posnet.bench.aaa.AaaTarget;
import org.posnet.bench.aaa.BenchUsers;
import org.posnet.bench.aaa.RadiusEndpoint;
import org.posnet.common.config.PosnetConfig;
import org.posnet.common.crypto.MasterKey;
import org.posnet.common.db.Database;
import org.posnet.common.fleet.FleetFile;
import org.posnet.common.fleet.FleetStore;
import org.posnet.common.fleet.Institution;
import org.posnet.common.fleet.KeyScheme;
import org.posnet.common.fleet.Merchant;
import org.posnet.common.fleet.NasClient;
import org.posnet.common.fleet.NasRole;
import org.posnet.common.fleet.Sim;
import org.posnet.common.fleet.Status;
import org.posnet.common.fleet.Terminal;
import org.posnet.common.fleet.TerminalKeys;
import org.posnet.common.fleet.Tunnel;
import org.posnet.common.fleet.VpdnDomain;

/**
 * PosNet's AAA as a benchmark target: the bench's users provisioned through the fleet store into a
 * throw-away embedded database, then `posnet serve` (AAA only) started as its own process, so its CPU
 * and heap are measured apart from the load generator's.
 */
final class PosnetAaaTarget implements AaaTarget {
  static final String SECRET = "bench-secret";

  private final List<String> jvmOptions;
  private final int threads;
  private Path dir;
  private Process process;
  private int httpPort;

  /** @param threads the server's RADIUS event loops (radius.threads; 0 = one per core) */
  PosnetAaaTarget(List<String> jvmOptions, int threads) {
    this.jvmOptions = List.copyOf(jvmOptions);
    this.threads = threads;
  }

  @Override
  public String name() {
    return "PosNet";
  }

  @Override
  public RadiusEndpoint start(BenchUsers users) throws Exception {
    dir = Files.createTempDirectory("posnet-bench-aaa");
    Path config = dir.resolve("posnet.yaml");
    Files.writeString(config, "data: " + dir.resolve("data") + "\nbind: 127.0.0.1\nservers: [aaa]\n"
        + "radius: { authPort: 0, acctPort: 0, threads: " + threads + ", sessionTimeout: " + BenchUsers.SESSION_TIMEOUT_SECONDS + ", interimInterval: " + BenchUsers.ACCT_INTERIM_SECONDS + " }\n"
        + "http: { port: 0 }\n");
    PosnetConfig cfg = PosnetConfig.load(config, java.util.Map.of());
    try (Database db = Database.open(cfg.database())) {
      new FleetStore(db, MasterKey.loadOrCreate(cfg.data())).upsert(fleet(users));
    }
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve", "--config", config.toString()));
    process = new ProcessBuilder(cmd).redirectError(dir.resolve("serve.log").toFile()).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null && !line.startsWith("listening")) { /* the listening line is the first */ }
    if (line == null) throw new IllegalStateException("posnet serve did not start: " + Files.readString(dir.resolve("serve.log")));
    int auth = -1;
    for (String kv : line.substring(9).trim().split(" ")) {
      String[] p = kv.split("=");
      if (p[0].equals("aaa")) auth = Integer.parseInt(p[1]);
      if (p[0].equals("http")) httpPort = Integer.parseInt(p[1]);
    }
    return new RadiusEndpoint("127.0.0.1", auth, SECRET);
  }

  /** The bench users as a fleet: one domain with a /12 pool, one LNS client, one merchant. */
  static FleetFile fleet(BenchUsers users) {
    List<Terminal> terminals = new ArrayList<>(users.count());
    for (int i = 1; i <= users.count(); i++) {
      Sim sim = new Sim(users.imsi(i), users.msisdn(i), users.name(i), users.password(i), Status.ACTIVE);
      terminals.add(new Terminal(String.format("%08d", i), "898110058120001", "BENCH-" + i, "BENCH", new TerminalKeys(KeyScheme.TDES, "0123456789ABCDEFFEDCBA9876543210"), sim, Status.ACTIVE));
    }
    return new FleetFile(new Institution("48160000", "Bench"),
        List.of(new VpdnDomain(BenchUsers.DOMAIN, new Tunnel(List.of("127.0.0.1"), "tunnel-secret", List.of()), BenchUsers.POOL, List.of("10.0.0.53"))),
        List.of(new NasClient("bench", "127.0.0.1", SECRET, NasRole.LNS)),
        List.of(new Merchant("898110058120001", "Bench", "5812", "91110105MA01ABCDE1", "Bench", "Bench", "110105", null, null)),
        terminals, List.of());
  }

  @Override
  public long pid() {
    return process == null ? -1 : process.pid();
  }

  /** Heap in use after a full collection: what the users and their indexes really hold. */
  @Override
  public long heapUsedBytes() {
    try {
      new ProcessBuilder("jcmd", Long.toString(pid()), "GC.run").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(30, TimeUnit.SECONDS);
      String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      long sum = 0;
      for (String l : metrics.lines().toList()) {
        if (l.startsWith("jvm_memory_used_bytes{") && l.contains("area=\"heap\"")) sum += (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1));
      }
      return sum;
    } catch (IOException | InterruptedException | RuntimeException e) {
      return -1;
    }
  }

  @Override
  public void stop() {
    if (process != null) {
      process.destroy();
      try {
        if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
    if (dir != null) {
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // a temp dir left behind is harmless
      }
      dir = null;
    }
  }
}
