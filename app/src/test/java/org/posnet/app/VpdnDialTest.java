package org.posnet.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The VPDN call flow end to end with real processes: `posnet serve` runs the AAA and the LNS (the
 * fleet's lns1 at 127.0.0.2), and `posnet dial` brings its own LAC (lac1 at 127.0.0.1) and a
 * terminal's SIM through the six steps, then hangs up; the accounting shows the session.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class VpdnDialTest {
  static final String USER = "t10000001@POSBANK.133VPDN.SX";
  static final String[] STEPS = {"PPP/CHAP", "carrier AAA", "tunnel", "session", "bank AAA", "IPCP address"};

  @TempDir static Path dir;
  static Path config;
  static ServerProcess server;

  @BeforeAll
  static void start() throws Exception {
    config = dir.resolve("posnet.yaml");
    Files.writeString(config, "data: " + dir.resolve("data") + "\nbind: 127.0.0.1\nservers: [aaa, lns]\n"
        + "radius: { authPort: 0, acctPort: 0, coaPort: 0 }\nl2tp: { port: 0, tun: \"\" }\nhttp: { port: 0 }\n");
    Path fleet = dir.resolve("fleet.yaml");
    Files.writeString(fleet, sampleFleet().replace("password: \"s3cret-2\" }", "password: \"s3cret-2\" }\n    status: suspended"));
    ServerProcess.Result provisioned = ServerProcess.run(config, "provision", fleet.toString());
    assertThat(provisioned.code()).as(provisioned.output()).isZero();
    server = ServerProcess.serve(config, dir);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) server.close();
  }

  static String sampleFleet() throws Exception {
    try (var in = VpdnDialTest.class.getResourceAsStream("/fleet/sample-fleet.yaml")) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /** `posnet dial` told where the port-0 servers really listen. */
  static ServerProcess.Result dial(ServerProcess s, Path cfg, String terminal, String... more) throws Exception {
    String[] args = {"dial", "--terminal", terminal, "--aaa", "127.0.0.1:" + s.ports.get("aaa"), "--lns-port", Integer.toString(s.ports.get("l2tp"))};
    String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return ServerProcess.run(cfg, all);
  }

  @Test
  @Order(1)
  void serve_reportsTheLnsPorts() {
    assertThat(server.ports).containsKeys("aaa", "acct", "l2tp", "coa", "http");
    assertThat(server.ports.get("l2tp")).isPositive();
  }

  @Test
  @Order(2)
  void dial_trace_printsSixStepsInOrder_getsAPoolAddress_andHangsUp() throws Exception {
    ServerProcess.Result r = dial(server, config, "10000001", "--trace");
    assertThat(r.code()).as(r.output()).isZero();
    int at = -1;
    for (String step : STEPS) {
      Matcher m = Pattern.compile("(?m)^" + Pattern.quote(step) + " +ok +\\d+ ms  ").matcher(r.output());
      assertThat(m.find()).as(step + " ok in\n" + r.output()).isTrue();
      assertThat(m.start()).as(step + " after the step before it").isGreaterThan(at);
      at = m.start();
    }
    assertThat(r.output()).doesNotContain("FAIL").contains("Access-Accept, LNS [127.0.0.2]").contains("(bank-lns)");
    String address = ipcpAddress(r.output());
    assertThat(address).startsWith("10.64.");
    assertThat(r.output()).containsPattern("(?m)^hang-up +ok ");
    assertThat(r.output()).as("the password is never printed").doesNotContain("s3cret");

    // The LNS accounted for the call: Start when IPCP came up, Stop after the hang-up.
    ServerProcess.Result sessions = awaitSessions(address, "STOPPED");
    assertThat(sessions.output()).containsPattern("STOPPED +" + Pattern.quote(USER) + " +10000001 +460031234500001 +" + Pattern.quote(address) + " +lns1 ");
    assertThat(server.logText()).contains("event=lns_call_online").contains("user=" + USER).contains("address=" + address);
  }

  @Test
  @Order(3)
  void dial_withoutTrace_printsTheOutcome_forAnEmptyLacsDomain() throws Exception {
    ServerProcess.Result r = dial(server, config, "20000001");
    assertThat(r.code()).as(r.output()).isZero();
    assertThat(r.output()).containsPattern("terminal 20000001 online at 10\\.65\\.\\d+\\.\\d+").doesNotContain("PPP/CHAP");
    assertThat(server.logText()).contains("lac=posnet-lab-lac");
  }

  @Test
  @Order(4)
  void dial_suspendedTerminal_failsAtTheCarrierAaa() throws Exception {
    ServerProcess.Result r = dial(server, config, "10000002", "--trace");
    assertThat(r.code()).as(r.output()).isEqualTo(1);
    assertThat(r.output()).containsPattern("(?m)^PPP/CHAP +ok ").containsPattern("(?m)^carrier AAA +FAIL ")
        .contains("dial failed at carrier AAA: Access-Reject: terminal or SIM suspended").doesNotContain("IPCP address");
  }

  @Test
  @Order(5)
  void dial_unknownTerminal_saysSoAndFails() throws Exception {
    ServerProcess.Result r = dial(server, config, "99999999");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.output()).contains("terminal 99999999 has no SIM in the fleet");
  }

  @Test
  @Order(6)
  void dial_whenNothingListensOnTheLnsPort_failsAtTheTunnel() throws Exception {
    int closed;
    try (java.net.DatagramSocket s = new java.net.DatagramSocket(0, java.net.InetAddress.getByName("127.0.0.2"))) {
      closed = s.getLocalPort();
    }
    ServerProcess.Result r = ServerProcess.run(config, "dial", "--terminal", "10000001", "--aaa", "127.0.0.1:" + server.ports.get("aaa"),
        "--lns-port", Integer.toString(closed), "--timeout", "5");
    assertThat(r.code()).as(r.output()).isEqualTo(1);
    assertThat(r.output()).contains("dial failed at tunnel: no answer within 5 s");
  }

  @Test
  @Order(7)
  void demo_runsLnsAndLacTogether_andDialWorksAgainstIt(@TempDir Path demoDir) throws Exception {
    Path demoConfig = demoDir.resolve("posnet.yaml");
    Files.writeString(demoConfig, "data: " + demoDir.resolve("data") + "\nbind: 127.0.0.1\n"
        + "radius: { authPort: 0, acctPort: 0, coaPort: 0 }\nl2tp: { port: 0, tun: \"\" }\nhost: { port: 0 }\nhttp: { port: 0 }\n");
    try (ServerProcess demo = ServerProcess.start(demoConfig, demoDir, "demo")) {
      assertThat(demo.ports).containsKeys("aaa", "acct", "l2tp", "coa", "lac", "host", "http");
      ServerProcess.Result r = dial(demo, demoConfig, "10000001", "--trace");
      assertThat(r.code()).as(r.output()).isZero();
      assertThat(ipcpAddress(r.output())).startsWith("10.64.");
      assertThat(demo.logText()).contains("event=lac_listening").contains("host_name=PDSN-HZ-01");
    }
  }

  @Test
  @Order(8)
  void serve_withoutAnLnsInTheFleet_saysOnceThatTheLnsIsOff(@TempDir Path emptyDir) throws Exception {
    Path emptyConfig = emptyDir.resolve("posnet.yaml");
    Files.writeString(emptyConfig, "data: " + emptyDir.resolve("data") + "\nbind: 127.0.0.1\nservers: [aaa, lns]\n"
        + "radius: { authPort: 0, acctPort: 0, coaPort: 0 }\nl2tp: { port: 0, tun: \"\" }\nhttp: { port: 0 }\n");
    try (ServerProcess bare = ServerProcess.serve(emptyConfig, emptyDir)) {
      assertThat(bare.ports).containsKeys("aaa", "http").doesNotContainKeys("l2tp", "coa");
      assertThat(bare.logText().lines().filter(l -> l.contains("event=lns_off")).toList())
          .singleElement().asString().contains("no RADIUS client with role lns");
    }
  }

  static String ipcpAddress(String output) {
    Matcher m = Pattern.compile("(?m)^IPCP address +ok +\\d+ ms  (\\d+\\.\\d+\\.\\d+\\.\\d+) ").matcher(output);
    assertThat(m.find()).as(output).isTrue();
    return m.group(1);
  }

  /** The Accounting-Stop may land just after dial exits: ask until the session shows {@code state}. */
  static ServerProcess.Result awaitSessions(String address, String state) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    ServerProcess.Result r;
    do {
      r = ServerProcess.run(config, "aaa", "sessions", "--all", "--user", USER);
      if (r.output().lines().anyMatch(l -> l.startsWith(state) && l.contains(address))) return r;
      Thread.sleep(300);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("no " + state + " session at " + address + ":\n" + r.output());
  }
}
