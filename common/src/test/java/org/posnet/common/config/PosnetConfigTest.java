package org.posnet.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PosnetConfigTest {

  @Test
  void defaults_matchTheDocumentedContract() {
    PosnetConfig c = PosnetConfig.defaults();
    assertThat(c.data()).isEqualTo(Path.of("./data"));
    assertThat(c.database()).isEqualTo(new PosnetConfig.DatabaseConfig("jdbc:h2:file:./data/posnet", "", ""));
    assertThat(c.bind()).isEqualTo("127.0.0.1");
    assertThat(c.servers()).containsExactly("aaa", "lns", "host", "tms", "risk", "supervision", "console");
    assertThat(c.radius()).isEqualTo(new PosnetConfig.RadiusConfig(1812, 1813, 3799, true, 86400, 300, 3, List.of(), List.of(), 0));
    assertThat(c.l2tp()).isEqualTo(new PosnetConfig.L2tpConfig(1701, "bank-lns", "posnet0"));
    assertThat(c.host().port()).isEqualTo(5800);
    assertThat(c.http().port()).isEqualTo(8080);
    assertThat(c.runs("lac")).isFalse();
    assertThat(c.runs("aaa")).isTrue();
  }

  @Test
  void load_readsEveryKey(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("posnet.yaml");
    Files.writeString(file, """
        data: /var/lib/posnet
        database: { url: "jdbc:postgresql://db/posnet", user: posnet, password: pw }
        bind: 0.0.0.0
        servers: [aaa, lac, console]
        radius: { authPort: 11812, acctPort: 11813, coaPort: 0, requireMessageAuthenticator: false,
                  sessionTimeout: 600, interimInterval: 60, sessionExpiryIntervals: 2,
                  dictionaries: [/etc/posnet/dict.huawei], servers: ["10.0.0.1:1812", "aaa.bank:1812"] }
        l2tp: { port: 0, hostName: lns-2 }
        host: { port: 15800 }
        http: { port: 0 }
        """);
    PosnetConfig c = PosnetConfig.load(file, Map.of());
    assertThat(c.data()).isEqualTo(Path.of("/var/lib/posnet"));
    assertThat(c.database()).isEqualTo(new PosnetConfig.DatabaseConfig("jdbc:postgresql://db/posnet", "posnet", "pw"));
    assertThat(c.bind()).isEqualTo("0.0.0.0");
    assertThat(c.servers()).containsExactly("aaa", "lac", "console");
    assertThat(c.radius()).isEqualTo(new PosnetConfig.RadiusConfig(11812, 11813, 0, false, 600, 60, 2,
        List.of("/etc/posnet/dict.huawei"), List.of("10.0.0.1:1812", "aaa.bank:1812"), 0));
    assertThat(c.l2tp()).isEqualTo(new PosnetConfig.L2tpConfig(0, "lns-2", "posnet0"));
    assertThat(c.host().port()).isEqualTo(15800);
    assertThat(c.http().port()).isZero();
  }

  @Test
  void unknownKey_namesKeyLineAndKnownKeys() {
    String yaml = "bind: 127.0.0.1\n\n\n\n\nradius:\n  authport: 1812\n";
    assertThatThrownBy(() -> PosnetConfig.parse("posnet.yaml", yaml, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("posnet.yaml:7: unknown key 'radius.authport' (known: authPort, acctPort, coaPort, "
            + "requireMessageAuthenticator, sessionTimeout, interimInterval, sessionExpiryIntervals, dictionaries, servers, threads)");
  }

  @Test
  void unknownTopLevelKey_isRefused() {
    assertThatThrownBy(() -> PosnetConfig.parse("posnet.yaml", "htp: { port: 1 }\n", Map.of()))
        .hasMessageStartingWith("posnet.yaml:1: unknown key 'htp' (known: data, database, bind, servers,");
  }

  @Test
  void wrongType_namesKeyLineAndValue() {
    assertThatThrownBy(() -> PosnetConfig.parse("posnet.yaml", "http:\n  port: eighty\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("posnet.yaml:2: http.port: expected an integer, got \"eighty\"");
    assertThatThrownBy(() -> PosnetConfig.parse("posnet.yaml", "radius: 5\n", Map.of()))
        .hasMessage("posnet.yaml:1: radius: expected a mapping of keys, got integer 5");
  }

  @Test
  void badValues_areRefusedWithTheRule() {
    assertThatThrownBy(() -> PosnetConfig.parse("posnet.yaml", "host: { port: 70000 }\n", Map.of()))
        .hasMessage("posnet.yaml:1: host.port: expected a port of 0-65535 (0 picks a free one), got 70000");
    assertThatThrownBy(() -> PosnetConfig.parse("posnet.yaml", "servers: [aaa, web]\n", Map.of()))
        .hasMessage("posnet.yaml:1: servers: unknown server 'web' (known: aaa, lac, lns, host, tms, risk, supervision, console)");
    assertThatThrownBy(() -> PosnetConfig.parse("posnet.yaml", "radius: { servers: [nohost] }\n", Map.of()))
        .hasMessage("posnet.yaml:1: radius.servers: expected host:port with a port of 1-65535, got \"nohost\"");
    assertThatThrownBy(() -> PosnetConfig.parse("posnet.yaml", "database: { url: \"mysql://x\" }\n", Map.of()))
        .hasMessage("posnet.yaml:1: database.url: expected a jdbc:h2: or jdbc:postgresql: url");
    assertThatThrownBy(() -> PosnetConfig.parse("posnet.yaml", "radius: { interimInterval: 0 }\n", Map.of()))
        .hasMessage("posnet.yaml:1: radius.interimInterval: expected a whole number of at least 1, got 0");
  }

  @Test
  void severalProblems_reportTheFirstAndCountTheRest() {
    assertThatThrownBy(() -> PosnetConfig.parse("posnet.yaml", "http: { port: x }\nhost: { port: y }\n", Map.of()))
        .hasMessage("posnet.yaml:1: http.port: expected an integer, got \"x\" (and 1 more problem)");
  }

  @Test
  void dataDirectory_movesTheH2DatabaseWithIt() {
    assertThat(PosnetConfig.parse("posnet.yaml", "data: /srv/posnet\n", Map.of()).database().url())
        .isEqualTo("jdbc:h2:file:/srv/posnet/posnet");
    // H2 refuses implicitly relative paths, so a bare relative dir gets "./".
    assertThat(PosnetConfig.parse("posnet.yaml", "data: demo-data\n", Map.of()).database().url())
        .isEqualTo("jdbc:h2:file:./demo-data/posnet");
    assertThat(PosnetConfig.parse("posnet.yaml", "data: /srv\ndatabase: { url: \"jdbc:h2:mem:x\" }\n", Map.of())
        .database().url()).isEqualTo("jdbc:h2:mem:x");
  }

  @Test
  void environment_overridesFileValues() {
    Map<String, String> env = Map.of(
        "POSNET_HTTP_PORT", "0",
        "POSNET_RADIUS_AUTHPORT", "11812",
        "POSNET_RADIUS_REQUIREMESSAGEAUTHENTICATOR", "false",
        "POSNET_RADIUS_SERVERS", "10.0.0.1:1812, 10.0.0.2:1812",
        "POSNET_SERVERS", "aaa,console",
        "POSNET_BIND", "0.0.0.0",
        "POSNET_DATA", "/tmp/pn",
        "POSNET_L2TP_HOSTNAME", "lns-9",
        "POSNET_TEST_PG_URL", "jdbc:postgresql://ignored", // not a config section: not ours
        "PATH", "/usr/bin");
    PosnetConfig c = PosnetConfig.parse("posnet.yaml", "http: { port: 8081 }\nradius: { acctPort: 1 }\n", env);
    assertThat(c.http().port()).isZero();
    assertThat(c.radius().authPort()).isEqualTo(11812);
    assertThat(c.radius().acctPort()).isEqualTo(1);
    assertThat(c.radius().requireMessageAuthenticator()).isFalse();
    assertThat(c.radius().servers()).containsExactly("10.0.0.1:1812", "10.0.0.2:1812");
    assertThat(c.servers()).containsExactly("aaa", "console");
    assertThat(c.bind()).isEqualTo("0.0.0.0");
    assertThat(c.data()).isEqualTo(Path.of("/tmp/pn"));
    assertThat(c.database().url()).isEqualTo("jdbc:h2:file:/tmp/pn/posnet");
    assertThat(c.l2tp().hostName()).isEqualTo("lns-9");
  }

  @Test
  void environment_databaseUrlWinsOverData() {
    PosnetConfig c = PosnetConfig.load(null, Map.of("POSNET_DATA", "/x", "POSNET_DATABASE_URL", "jdbc:postgresql://h/db",
        "POSNET_DATABASE_PASSWORD", "pw"));
    assertThat(c.database().url()).isEqualTo("jdbc:postgresql://h/db");
    assertThat(c.database().password()).isEqualTo("pw");
  }

  @Test
  void environment_badValuesNameTheVariable() {
    assertThatThrownBy(() -> PosnetConfig.load(null, Map.of("POSNET_HTTP_PORT", "abc")))
        .hasMessage("POSNET_HTTP_PORT: http.port: expected an integer, got \"abc\"");
    assertThatThrownBy(() -> PosnetConfig.load(null, Map.of("POSNET_HTTP_PROT", "1")))
        .hasMessage("POSNET_HTTP_PROT: unknown environment variable POSNET_HTTP_PROT (known: POSNET_HTTP_PORT)");
  }

  @Test
  void load_missingFileSaysWhatToDo(@TempDir Path dir) {
    assertThatThrownBy(() -> PosnetConfig.load(dir.resolve("nope.yaml"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageEndingWith("nope.yaml: no such config file (omit --config to use the built-in defaults)");
  }

  @Test
  void load_syntaxErrorIsOneLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("posnet.yaml");
    Files.writeString(file, "http: { port: 1\nbind: x\n");
    assertThatThrownBy(() -> PosnetConfig.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("posnet.yaml:")
        .hasMessageContaining("not valid YAML")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void databaseConfig_toStringHidesThePassword() {
    assertThat(new PosnetConfig.DatabaseConfig("jdbc:h2:mem:x", "sa", "hunter2").toString())
        .contains("password=****").doesNotContain("hunter2");
  }
}
