package org.posnet.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * FreeRADIUS's radclient against a running `posnet serve` with the sample fleet: both roles, PAP and
 * CHAP, accept and reject, Status-Server, accounting visible in `posnet aaa sessions`, the drops, and
 * bad input. The well-formed traffic is captured and must pass tshark's lint with authenticator
 * validation.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AaaInteropTest {
  static final String USER = "t10000001@POSBANK.133VPDN.SX";
  static final String IMSI = "460031234500001";

  @TempDir static Path dir;
  static Path config;
  static ServerProcess server;
  static Tools.Capture capture;
  static int auth;
  static int acct;

  @BeforeAll
  static void start() throws Exception {
    Tools.require("radclient");
    Tools.require("tshark");
    Tools.require("tcpdump");
    config = dir.resolve("posnet.yaml");
    Files.writeString(config, "data: " + dir.resolve("data") + "\nbind: 127.0.0.1\nservers: [aaa]\n"
        + "radius: { authPort: 0, acctPort: 0 }\nhttp: { port: 0 }\n");
    Path fleet = dir.resolve("fleet.yaml");
    try (var in = AaaInteropTest.class.getResourceAsStream("/fleet/sample-fleet.yaml")) {
      Files.write(fleet, in.readAllBytes());
    }
    ServerProcess.Result provisioned = ServerProcess.run(config, "provision", fleet.toString());
    assertThat(provisioned.code()).as(provisioned.output()).isZero();
    server = ServerProcess.serve(config, dir);
    auth = server.ports.get("aaa");
    acct = server.ports.get("acct");
    capture = new Tools.Capture(dir.resolve("radius.pcap"), "udp and (port " + auth + " or port " + acct + ")");
  }

  @AfterAll
  static void stop() throws Exception {
    if (capture != null) capture.close();
    if (server != null) server.close();
  }

  static Tools.Run radclient(String command, int port, String secret, String attrs) throws Exception {
    return Tools.run(attrs, "radclient", "-x", "-r", "1", "-t", "2", "127.0.0.1:" + port, command, secret);
  }

  static String fromLns(String attrs) {
    return "Packet-Src-IP-Address = 127.0.0.2\n" + attrs;
  }

  @Test
  @Order(1)
  void lac_pap_accept_carriesTunnelAttributes() throws Exception {
    Tools.Run r = radclient("auth", auth, "lac-secret", "User-Name = \"" + USER + "\"\nUser-Password = \"s3cret\"\nCalling-Station-Id = \"" + IMSI + "\"\nMessage-Authenticator = 0x00\n");
    assertThat(r.output()).contains("Received Access-Accept").contains("Tunnel-Type:1 = L2TP").contains("Tunnel-Medium-Type:1 = IPv4")
        .contains("Tunnel-Server-Endpoint:1 = \"127.0.0.2\"").contains("Tunnel-Password:1 = \"tunnel-secret\"").contains("Tunnel-Assignment-Id:1 = \"POSBANK.133VPDN.SX\"")
        .contains("Tunnel-Preference:1 = 1");
    assertThat(r.code()).isZero();
  }

  @Test
  @Order(2)
  void lac_chap_accept_and_rejects() throws Exception {
    assertThat(radclient("auth", auth, "lac-secret", "User-Name = \"" + USER + "\"\nCHAP-Password = \"s3cret\"\nMessage-Authenticator = 0x00\n").output())
        .contains("Received Access-Accept").contains("Tunnel-Type:1 = L2TP");
    assertThat(radclient("auth", auth, "lac-secret", "User-Name = \"" + USER + "\"\nCHAP-Password = \"wrong\"\nMessage-Authenticator = 0x00\n").output())
        .contains("Received Access-Reject").contains("Reply-Message = \"authentication failed\"");
    assertThat(radclient("auth", auth, "lac-secret", "User-Name = \"t1@NOT.OURS\"\nUser-Password = \"s3cret\"\nMessage-Authenticator = 0x00\n").output())
        .contains("Received Access-Reject").contains("Reply-Message = \"unknown VPDN domain\"");
    assertThat(radclient("auth", auth, "lac-secret", "User-Name = \"" + USER + "\"\nUser-Password = \"s3cret\"\nCalling-Station-Id = \"460039999999999\"\nMessage-Authenticator = 0x00\n").output())
        .contains("Received Access-Reject").contains("SIM not bound to this user");
  }

  @Test
  @Order(3)
  void lns_pap_and_chap_accept_withFramedIp_andRejects() throws Exception {
    Tools.Run pap = radclient("auth", auth, "lns-secret", fromLns("User-Name = \"" + USER + "\"\nUser-Password = \"s3cret\"\nCalling-Station-Id = \"" + IMSI + "\"\nMessage-Authenticator = 0x00\n"));
    assertThat(pap.output()).contains("Received Access-Accept").contains("Service-Type = Framed-User").contains("Framed-Protocol = PPP")
        .contains("Framed-IP-Address = 10.64.").contains("Framed-IP-Netmask = 255.255.255.255").contains("Session-Timeout = 86400").contains("Acct-Interim-Interval = 300");
    String ip = framedIp(pap.output());
    Tools.Run chap = radclient("auth", auth, "lns-secret", fromLns("User-Name = \"" + USER + "\"\nCHAP-Password = \"s3cret\"\nMessage-Authenticator = 0x00\n"));
    assertThat(chap.output()).contains("Received Access-Accept");
    assertThat(framedIp(chap.output())).as("same user, same address while the lease lives").isEqualTo(ip);
    assertThat(radclient("auth", auth, "lns-secret", fromLns("User-Name = \"" + USER + "\"\nUser-Password = \"nope\"\nMessage-Authenticator = 0x00\n")).output())
        .contains("Received Access-Reject");
    assertThat(radclient("auth", auth, "lns-secret", fromLns("User-Name = \"" + USER + "\"\nCHAP-Password = \"nope\"\nMessage-Authenticator = 0x00\n")).output())
        .contains("Received Access-Reject");
  }

  @Test
  @Order(4)
  void statusServer_isAnswered() throws Exception {
    Tools.Run r = radclient("status", auth, "lac-secret", "Message-Authenticator = 0x00\n");
    assertThat(r.output()).contains("Received Access-Accept");
  }

  @Test
  @Order(5)
  void accounting_startThenStop_isVisibleInSessions() throws Exception {
    String base = fromLns("User-Name = \"" + USER + "\"\nAcct-Session-Id = \"LNS-0001\"\nFramed-IP-Address = 10.64.0.9\nCalling-Station-Id = \"" + IMSI + "\"\n");
    assertThat(radclient("acct", acct, "lns-secret", base + "Acct-Status-Type = Start\n").output()).contains("Received Accounting-Response");
    ServerProcess.Result live = ServerProcess.run(config, "aaa", "sessions");
    assertThat(live.output()).contains("ACTIVE").contains(USER).contains("10000001").contains("LNS-0001").contains("10.64.0.9");
    assertThat(radclient("acct", acct, "lns-secret", base + "Acct-Status-Type = Stop\nAcct-Input-Octets = 1234\nAcct-Output-Octets = 5678\nAcct-Session-Time = 60\n").output())
        .contains("Received Accounting-Response");
    ServerProcess.Result after = ServerProcess.run(config, "aaa", "sessions", "--all");
    assertThat(after.output()).contains("STOPPED").contains("LNS-0001").contains("1234/5678");
    assertThat(ServerProcess.run(config, "aaa", "sessions").output()).doesNotContain("LNS-0001");
  }

  @Test
  @Order(6)
  void capturedTraffic_passesTsharkLint_withAuthenticatorValidation() throws Exception {
    capture.close();
    capture = null;
    for (String[] side : new String[][] {{"lac-secret", "!(ip.addr == 127.0.0.2)"}, {"lns-secret", "ip.addr == 127.0.0.2"}}) {
      Path pcap = dir.resolve("radius.pcap");
      Tools.Run all = Tools.run(null, "tshark", "-r", pcap.toString(), "-d", "udp.port==" + auth + ",radius", "-d", "udp.port==" + acct + ",radius",
          "-o", "radius.shared_secret:" + side[0], "-o", "radius.validate_authenticator:TRUE", "-Y", side[1]);
      assertThat(all.output()).as("captured packets").contains("Access-Accept");
      Tools.Run lint = Tools.run(null, "tshark", "-r", pcap.toString(), "-d", "udp.port==" + auth + ",radius", "-d", "udp.port==" + acct + ",radius",
          "-o", "radius.shared_secret:" + side[0], "-o", "radius.validate_authenticator:TRUE",
          "-Y", "(" + side[1] + ") && (_ws.malformed || _ws.expert.severity >= warning || radius.authenticator.invalid == 1)");
      assertThat(lint.code()).isZero();
      String findings = lint.output().lines().filter(l -> !l.startsWith("Running as user")).reduce("", (a, b) -> a + b + "\n");
      assertThat(findings.trim()).as("tshark lint for " + side[1]).isEmpty();
    }
    // The lint can fail: under a wrong secret the same capture shows invalid authenticators.
    Tools.Run wrong = Tools.run(null, "tshark", "-r", dir.resolve("radius.pcap").toString(), "-d", "udp.port==" + auth + ",radius", "-d", "udp.port==" + acct + ",radius",
        "-o", "radius.shared_secret:not-the-secret", "-o", "radius.validate_authenticator:TRUE", "-Y", "radius.authenticator.invalid == 1");
    assertThat(wrong.output()).contains("Access-Accept");
  }

  @Test
  @Order(7)
  void noMessageAuthenticator_andWrongSecret_areDropped() throws Exception {
    Tools.Run noMa = radclient("auth", auth, "lac-secret", "User-Name = \"" + USER + "\"\nUser-Password = \"s3cret\"\n");
    assertThat(noMa.output()).doesNotContain("Received Access-");
    assertThat(noMa.code()).isNotZero();
    Tools.Run wrong = radclient("auth", auth, "not-the-secret", "User-Name = \"" + USER + "\"\nUser-Password = \"s3cret\"\nMessage-Authenticator = 0x00\n");
    assertThat(wrong.output()).doesNotContain("Received Access-");
    String metrics = metrics();
    assertThat(counter(metrics, "posnet_aaa_dropped_total", "missing_message_authenticator")).isGreaterThanOrEqualTo(1);
    assertThat(counter(metrics, "posnet_aaa_dropped_total", "bad_authenticator")).isGreaterThanOrEqualTo(1);
    assertThat(counter(metrics, "posnet_aaa_requests_total", "accept")).isGreaterThanOrEqualTo(1);
  }

  @Test
  @Order(8)
  void badInput_andAFloodFromAnUnknownAddress_areDroppedAndCounted_andTheServerKeepsServing() throws Exception {
    byte[][] bad = {
        new byte[5], // truncated header
        header(1, 1, 19, 20), // length field below 20
        header(1, 2, 4097, 4200), // length field above 4096 (oversize)
        header(1, 3, 40, 30), // length past the datagram
        withAttribute(0), withAttribute(1), withAttribute(200), // attribute length 0, 1, overflowing
        header(99, 4, 20, 20), // unknown code
    };
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      for (byte[] b : bad) s.send(new DatagramPacket(b, b.length, InetAddress.getByName("127.0.0.1"), auth));
    }
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.5", 0))) {
      byte[] junk = header(1, 0, 20, 20);
      for (int i = 0; i < 2000; i++) {
        junk[1] = (byte) i;
        s.send(new DatagramPacket(junk, junk.length, InetAddress.getByName("127.0.0.1"), auth));
      }
    }
    Thread.sleep(500);
    String m = metrics();
    assertThat(counter(m, "posnet_aaa_dropped_total", "truncated")).isGreaterThanOrEqualTo(2);
    assertThat(counter(m, "posnet_aaa_dropped_total", "bad_length")).isGreaterThanOrEqualTo(2);
    assertThat(counter(m, "posnet_aaa_dropped_total", "bad_attribute")).isGreaterThanOrEqualTo(3);
    assertThat(counter(m, "posnet_aaa_dropped_total", "unknown_code")).isGreaterThanOrEqualTo(1);
    assertThat(counter(m, "posnet_aaa_dropped_total", "unknown_client")).isGreaterThanOrEqualTo(1500); // UDP on loopback may drop a few under the flood
    assertThat(radclient("auth", auth, "lac-secret", "User-Name = \"" + USER + "\"\nUser-Password = \"s3cret\"\nMessage-Authenticator = 0x00\n").output())
        .contains("Received Access-Accept");
    String log = server.logText();
    assertThat(log).doesNotContain("ERROR").doesNotContain("Exception").doesNotContain("s3cret").doesNotContain("lac-secret");
    assertThat(log.lines().filter(l -> l.contains("reason=unknown_client")).count()).as("a flood is logged once, not per packet").isLessThanOrEqualTo(2);
  }

  @Test
  @Order(9)
  void disconnect_sendsADisconnectRequestToTheNasHoldingTheSession() throws Exception {
    String start = fromLns("User-Name = \"" + USER + "\"\nAcct-Session-Id = \"LNS-0002\"\nFramed-IP-Address = 10.64.0.10\nAcct-Status-Type = Start\n");
    assertThat(radclient("acct", acct, "lns-secret", start).output()).contains("Received Accounting-Response");
    org.posnet.aaa.codec.SharedSecret secret = org.posnet.aaa.codec.SharedSecret.of("lns-secret");
    try (DatagramSocket nas = new DatagramSocket(new InetSocketAddress("127.0.0.2", 0))) {
      nas.setSoTimeout(15_000);
      java.util.concurrent.CompletableFuture<org.posnet.aaa.codec.RadiusPacket> seen = new java.util.concurrent.CompletableFuture<>();
      Thread fakeNas = new Thread(() -> {
        try {
          byte[] buf = new byte[4096];
          DatagramPacket p = new DatagramPacket(buf, buf.length);
          nas.receive(p);
          byte[] req = java.util.Arrays.copyOf(buf, p.getLength());
          if (!org.posnet.aaa.codec.RadiusSigner.verifyComputedRequest(req, req.length, secret)) throw new AssertionError("bad request authenticator");
          org.posnet.aaa.codec.RadiusPacket r = org.posnet.aaa.codec.RadiusCodec.decode(req);
          byte[] ack = org.posnet.aaa.codec.RadiusCodec.encode(new org.posnet.aaa.codec.RadiusPacket(org.posnet.aaa.codec.RadiusCode.DISCONNECT_ACK, r.identifier(), r.authenticator(), java.util.List.of()));
          org.posnet.aaa.codec.RadiusSigner.signResponse(ack, r.authenticator(), secret);
          nas.send(new DatagramPacket(ack, ack.length, p.getSocketAddress()));
          seen.complete(r);
        } catch (Throwable e) {
          seen.completeExceptionally(e);
        }
      });
      fakeNas.start();
      ServerProcess.Result r = ServerProcess.run(config, "aaa", "disconnect", "--user", USER, "--port", Integer.toString(nas.getLocalPort()));
      assertThat(r.output()).contains("Disconnect-ACK from lns1").contains("LNS-0002");
      assertThat(r.code()).isZero();
      org.posnet.aaa.codec.RadiusPacket req = seen.get(15, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(req.code()).isEqualTo(org.posnet.aaa.codec.RadiusCode.DISCONNECT_REQUEST);
      assertThat(req.text(org.posnet.aaa.codec.Attr.USER_NAME)).isEqualTo(USER);
      assertThat(req.text(org.posnet.aaa.codec.Attr.ACCT_SESSION_ID)).isEqualTo("LNS-0002");
    }
    ServerProcess.Result none = ServerProcess.run(config, "aaa", "disconnect", "--user", "nobody@POSBANK.133VPDN.SX");
    assertThat(none.code()).isEqualTo(1);
    assertThat(none.output()).contains("no live session for nobody@POSBANK.133VPDN.SX");
  }

  @Test
  @Order(10)
  void provisioningWhileServing_takesEffectWithoutARestart() throws Exception {
    Path changed = dir.resolve("fleet-changed.yaml");
    String yaml = Files.readString(dir.resolve("fleet.yaml"));
    assertThat(yaml).contains("password: \"s3cret\" }");
    Files.writeString(changed, yaml.replace("password: \"s3cret\" }", "password: \"n3w-pass\" }"));
    ServerProcess.Result r = ServerProcess.run(config, "provision", changed.toString());
    assertThat(r.output()).contains("sims: 0 inserted, 1 updated");
    String newPassword = "User-Name = \"" + USER + "\"\nUser-Password = \"n3w-pass\"\nMessage-Authenticator = 0x00\n";
    long deadline = System.nanoTime() + 15_000_000_000L;
    while (!radclient("auth", auth, "lac-secret", newPassword).output().contains("Received Access-Accept")) {
      assertThat(System.nanoTime()).as("the running AAA picks up the new password within 15 s").isLessThan(deadline);
      Thread.sleep(500);
    }
    assertThat(radclient("auth", auth, "lac-secret", "User-Name = \"" + USER + "\"\nUser-Password = \"s3cret\"\nMessage-Authenticator = 0x00\n").output())
        .contains("Received Access-Reject");
  }

  private static byte[] header(int code, int id, int lengthField, int size) {
    byte[] b = new byte[size];
    b[0] = (byte) code;
    b[1] = (byte) id;
    b[2] = (byte) (lengthField >>> 8);
    b[3] = (byte) lengthField;
    return b;
  }

  private static byte[] withAttribute(int attrLength) {
    byte[] b = header(1, 7, 24, 24);
    b[20] = 1;
    b[21] = (byte) attrLength;
    return b;
  }

  private static String framedIp(String radclientOutput) {
    Matcher m = Pattern.compile("Framed-IP-Address = (\\S+)").matcher(radclientOutput);
    assertThat(m.find()).as(radclientOutput).isTrue();
    return m.group(1);
  }

  static String metrics() throws IOException, InterruptedException {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.ports.get("http") + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  /** Sum of a counter over the series whose labels contain {@code label}. */
  static double counter(String metrics, String name, String label) {
    double sum = 0;
    for (String line : metrics.lines().toList()) {
      if (line.startsWith(name + "{") && line.contains("\"" + label + "\"")) sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }
    return sum;
  }
}
