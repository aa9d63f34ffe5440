package org.posnet.common.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FleetValidatorTest {

  static Path resource(String name) throws Exception {
    return Path.of(FleetValidatorTest.class.getResource("/fleet/" + name).toURI());
  }

  @Test
  void sample_isValid() throws Exception {
    assertThat(new FleetValidator(KnownNames.none()).validate(FleetParser.parse(resource("sample.yaml")))).isEmpty();
  }

  @Test
  void invalidFile_reportsEveryErrorAtItsLineAndColumn() throws Exception {
    List<String> errors = new FleetValidator(KnownNames.none()).validate(FleetParser.parse(resource("invalid.yaml")))
        .stream().map(FleetError::toString).toList();
    assertThat(errors).containsExactly(
        "invalid.yaml:1:22: institution.code: institution code must be 8 digits, got \"4816\"",
        "invalid.yaml:5:29: vpdn.domains[0].tunnel.endpoints[0]: tunnel endpoint must be an IPv4 address, got \"lns.bank\"",
        "invalid.yaml:10:13: vpdn.domains[1].pool: pool 10.64.128.0/17 overlaps pool 10.64.0.0/16 of vpdn.domains[0]",
        "invalid.yaml:13:13: vpdn.domains[2].pool: pool \"10.99.1.0/16\" has host bits set; did you mean 10.99.0.0/16?",
        "invalid.yaml:16:30: vpdn.nas[1].address: duplicate NAS address 127.0.0.1, also at vpdn.nas[0]",
        "invalid.yaml:16:69: vpdn.nas[1].role: role must be lac or lns, got \"bras\"",
        "invalid.yaml:17:30: vpdn.nas[2].address: NAS address must be an IPv4 address or CIDR, got \"10.0.0.300\"",
        "invalid.yaml:19:9: merchants[0].id: merchant id must be 15 letters or digits, got \"89811005812\"",
        "invalid.yaml:22:11: merchants[0].area: area must be a 6-digit GB/T 2260 code, got \"1101\"",
        "invalid.yaml:23:17: merchants[0].geo.lat: lat must be between -90 and 90, got 91.5",
        "invalid.yaml:27:32: terminals[0].keys.tmk: TMK must be 32 or 48 hex digits for 3DES, got 16",
        "invalid.yaml:29:9: terminals[1].id: duplicate terminal id 10000001, also at terminals[0]",
        "invalid.yaml:30:15: terminals[1].merchant: merchant 999999999999999 is not in this file or the database",
        "invalid.yaml:31:31: terminals[1].keys.tmk: TMK must be 32 hex digits for SM4, got 40",
        "invalid.yaml:32:18: terminals[1].sim.imsi: IMSI must be 15 digits, got \"46003123\"",
        "invalid.yaml:32:38: terminals[1].sim.msisdn: MSISDN must be 11-15 digits, got \"133\"",
        "invalid.yaml:32:51: terminals[1].sim.user: domain UNKNOWN.DOMAIN of user t2@UNKNOWN.DOMAIN is not a VPDN domain in this file or the database",
        "invalid.yaml:33:9: terminals[2].id: terminal id must be 8 letters or digits, got \"1000003\"",
        "invalid.yaml:36:18: terminals[2].sim.imsi: duplicate IMSI 460031234500001, also at terminals[0].sim.imsi",
        "invalid.yaml:36:66: terminals[2].sim.user: duplicate user t1@POSBANK.133VPDN.SX, also at terminals[0].sim.user",
        "invalid.yaml:36:112: terminals[2].sim.status: status must be active, suspended or disabled, got \"lost\"",
        "invalid.yaml:38:12: cards[0].pan: PAN 622202*********0123 fails the Luhn check digit",
        "invalid.yaml:38:43: cards[0].expiry: expiry must be YYMM with a month of 01-12, got \"2813\"",
        "invalid.yaml:38:56: cards[0].pin: PIN must be 4-12 digits",
        "invalid.yaml:38:71: cards[0].balance: balance must be a decimal amount with at most 2 places, like 5000.00, got \"5000.001\"",
        "invalid.yaml:39:12: cards[1].pan: PAN must be 13-19 digits, got 8 characters",
        "invalid.yaml:39:78: cards[1].kind: kind must be debit or credit, got \"prepaid\"");
  }

  @Test
  void aTerminalsMacAlgorithm_isOneOfThe3desOnes_andNotForSm4() {
    String yaml = """
        terminals:
          - { id: "10000001", merchant: "898110058120001", keys: { scheme: 3DES, tmk: 0123456789ABCDEFFEDCBA9876543210, mac: X9_19 } }
          - { id: "10000002", merchant: "898110058120001", keys: { scheme: 3DES, tmk: 0123456789ABCDEFFEDCBA9876543210, mac: CBC } }
          - { id: "10000003", merchant: "898110058120001", keys: { scheme: SM4, tmk: 0123456789ABCDEFFEDCBA9876543210, mac: X9_9 } }
        """;
    KnownNames known = new KnownNames(Set.of(), Set.of("898110058120001"), Map.of(), Map.of(), Map.of(), Map.of());
    ParsedFleet parsed = FleetParser.parse("fleet.yaml", yaml);
    assertThat(parsed.fleet().terminals().get(0).keys().mac()).isEqualTo("X9_19");
    List<String> errors = new FleetValidator(known).validate(parsed).stream().map(FleetError::toString).toList();
    assertThat(errors).hasSize(2);
    assertThat(errors.get(0)).contains("terminals[1].keys.mac: mac must be UNIONPAY_ECB, X9_9, X9_19, got \"CBC\"");
    assertThat(errors.get(1)).contains("terminals[2].keys.mac: an SM4 terminal always uses the SM4 MAC");
  }

  @Test
  void missingValues_areReportedAtTheirParentAndNotTwice() {
    String yaml = """
        terminals:
          - id: "10000001"
            merchant: "898110058120001"
            keys: { scheme: DES }
            sim: { imsi: "460031234500001", msisdn: "13300000001", user: t1@D.X, pasword: "p" }
        """;
    KnownNames known = new KnownNames(Set.of("D.X"), Set.of("898110058120001"), Map.of(), Map.of(), Map.of(), Map.of());
    List<String> errors = new FleetValidator(known).validate(FleetParser.parse("fleet.yaml", yaml))
        .stream().map(FleetError::toString).toList();
    assertThat(errors).containsExactly(
        "fleet.yaml:4:11: terminals[0].keys.tmk: TMK is required",
        "fleet.yaml:4:21: terminals[0].keys.scheme: scheme must be 3DES or SM4, got \"DES\"",
        "fleet.yaml:5:10: terminals[0].sim.password: SIM password is required",
        "fleet.yaml:5:74: terminals[0].sim.pasword: unknown key (known: imsi, msisdn, user, password, status)");
  }

  @Test
  void databaseContents_countAsKnownAndAsCollisions() {
    String yaml = """
        vpdn:
          domains:
            - { name: NEW.VPDN, tunnel: { endpoints: [127.0.0.1], password: pw }, pool: 10.64.5.0/24 }
          nas:
            - { name: lac9, address: 127.0.0.1, secret: s, role: lac }
        terminals:
          - id: "10000009"
            merchant: "898110058120001"
            keys: { scheme: SM4, tmk: 00112233445566778899AABBCCDDEEFF }
            sim: { imsi: "460031234500001", msisdn: "13300000009", user: t9@OLD.VPDN, password: "p" }
        """;
    KnownNames known = new KnownNames(Set.of("OLD.VPDN"), Set.of("898110058120001"), Map.of("OLD.VPDN", "10.64.0.0/16"),
        Map.of("460031234500001", "10000001"), Map.of(), Map.of("127.0.0.1", "lac1"));
    List<String> errors = new FleetValidator(known).validate(FleetParser.parse("fleet.yaml", yaml))
        .stream().map(FleetError::toString).toList();
    assertThat(errors).containsExactly(
        "fleet.yaml:3:81: vpdn.domains[0].pool: pool 10.64.5.0/24 overlaps pool 10.64.0.0/16 of domain OLD.VPDN in the database",
        "fleet.yaml:5:30: vpdn.nas[0].address: address 127.0.0.1 already belongs to NAS lac1 in the database",
        "fleet.yaml:10:18: terminals[0].sim.imsi: IMSI 460031234500001 already belongs to terminal 10000001 in the database");
  }

  @Test
  void syntaxError_isTheOnlyErrorReported() {
    List<FleetError> errors = new FleetValidator(KnownNames.none())
        .validate(FleetParser.parse("fleet.yaml", "terminals:\n  - id: \"1\n    x: [\n"));
    assertThat(errors).singleElement().satisfies(e -> {
      assertThat(e.mark().source()).isEqualTo("fleet.yaml");
      assertThat(e.message()).startsWith("not valid YAML");
    });
  }

  @Test
  void messages_neverHoldSecrets() {
    String yaml = """
        vpdn:
          nas:
            - { name: lac1, address: 127.0.0.1, secret: [sekrit-1], role: lac }
        terminals:
          - { id: "10000001", merchant: "898110058120001", keys: { scheme: 3DES, tmk: ZZZZsecretZZZZ } }
        cards:
          - { pan: "6222021234567890128", expiry: "2812", pin: "12ab-secret", balance: "1.00", kind: debit }
        """;
    String all = new FleetValidator(KnownNames.none()).validate(FleetParser.parse("fleet.yaml", yaml)).toString();
    assertThat(all).contains("tmk").contains("pin").contains("secret: expected a single value");
    assertThat(all).doesNotContain("sekrit-1").doesNotContain("ZZZZsecretZZZZ").doesNotContain("12ab-secret");
  }
}
