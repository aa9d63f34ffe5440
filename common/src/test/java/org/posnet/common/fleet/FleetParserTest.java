package org.posnet.common.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FleetParserTest {

  static ParsedFleet sample() throws Exception {
    return FleetParser.parse(FleetValidatorTest.resource("sample.yaml"));
  }

  @Test
  void sample_parsesIntoRecords() throws Exception {
    ParsedFleet parsed = sample();
    assertThat(parsed.problems()).isEmpty();
    assertThat(parsed.source()).isEqualTo("sample.yaml");
    FleetFile f = parsed.fleet();
    assertThat(f.institution()).isEqualTo(new Institution("48160000", "示例银行"));
    assertThat(f.domains()).hasSize(2);
    assertThat(f.domains().get(0)).isEqualTo(new VpdnDomain("POSBANK.133VPDN.SX",
        new Tunnel(List.of("127.0.0.1"), "tunnel-secret", List.of("PDSN-HZ-01")), "10.64.0.0/16", List.of("10.0.0.53")));
    assertThat(f.nas()).containsExactly(
        new NasClient("lac1", "127.0.0.1", "lac-secret", NasRole.LAC),
        new NasClient("lns1", "127.0.0.2", "lns-secret", NasRole.LNS));
    assertThat(f.merchants().get(0)).isEqualTo(new Merchant("898110058120001", "川味小馆", "5812", "91110105MA01ABCDE1", "张三",
        "北京市朝阳区建国路1号", "110105", new Geo(39.9087, 116.4605, 500),
        new SettlementAccount("6222020200112233445", "川味小馆")));
    assertThat(f.terminals()).extracting(Terminal::id).containsExactly("10000001", "10000002", "20000001");
    Terminal t = f.terminals().get(0);
    assertThat(t.keys()).isEqualTo(new TerminalKeys(KeyScheme.TDES, "0123456789ABCDEFFEDCBA9876543210"));
    assertThat(t.sim()).isEqualTo(new Sim("460031234500001", "13300000001", "t10000001@POSBANK.133VPDN.SX", "s3cret", Status.ACTIVE));
    assertThat(t.sim().domain()).isEqualTo("POSBANK.133VPDN.SX");
    assertThat(t.status()).isEqualTo(Status.ACTIVE);
    assertThat(f.terminals().get(2).keys().scheme()).isEqualTo(KeyScheme.SM4);
    assertThat(f.cards()).containsExactly(
        new Card("6222021234567890128", "2812", "123456", 500_000, CardKind.DEBIT),
        new Card("6228480000000000018", "2906", "888888", 12_050, CardKind.DEBIT),
        new Card("6258070000000000029", "2701", "2468", 0, CardKind.CREDIT));
  }

  @Test
  void toString_masksEverySecret() throws Exception {
    String all = sample().fleet().toString();
    assertThat(all).contains("****").contains("622202*********0128");
    for (String secret : List.of("tunnel-secret", "cmiot-tunnel-secret", "lac-secret", "lns-secret", "s3cret", "iot-pass-1",
        "0123456789ABCDEFFEDCBA9876543210", "00112233445566778899AABBCCDDEEFF", "pin=123456", "pin=888888", "pin=2468",
        "6222021234567890128")) {
      assertThat(all).as(secret).doesNotContain(secret);
    }
    VpdnUser u = new VpdnUser("t1@D", "pw-clear", "460031234500001", "13300000001", "10000001", "898110058120001",
        Status.ACTIVE, Status.SUSPENDED);
    assertThat(u.toString()).doesNotContain("pw-clear");
    assertThat(u.mayConnect()).isFalse();
    assertThat(u.domain()).isEqualTo("D");
    assertThat(new StoredCard("6222021234567890128", "2812", "lmk1:abc", 1, "156", CardKind.DEBIT).toString())
        .doesNotContain("lmk1:abc").doesNotContain("6222021234567890128");
    assertThat(new StoredTerminal("1", "m", null, null, KeyScheme.SM4, "lmk1:xyz", Status.ACTIVE).toString())
        .doesNotContain("lmk1:xyz");
  }

  @Test
  void cardStatus_isReadAndDefaultsToActive() {
    ParsedFleet p = FleetParser.parse("f.yaml", """
        cards:
          - { pan: "6222021234567890128", expiry: "2812", pin: "123456", balance: "5000.00", kind: debit, status: lost }
          - { pan: "6228480000000000018", expiry: "2906", pin: "888888", balance: "120.50", kind: debit }
          - { pan: "6258070000000000029", expiry: "2701", pin: "2468", kind: credit, status: blocked }
        """);
    assertThat(p.problems()).isEmpty();
    assertThat(p.fleet().cards()).extracting(Card::status).containsExactly(CardStatus.LOST, CardStatus.ACTIVE, CardStatus.BLOCKED);
    assertThat(p.fleet().cards().get(0))
        .isEqualTo(new Card("6222021234567890128", "2812", "123456", 500_000, CardKind.DEBIT, CardStatus.LOST));
    assertThat(p.fleet().cards().get(1)).isEqualTo(new Card("6228480000000000018", "2906", "888888", 12_050, CardKind.DEBIT));
    assertThat(p.fleet().cards().get(0).toString()).contains("status=LOST").doesNotContain("123456");
    assertThat(new StoredCard("6222021234567890128", "2812", "lmk1:abc", 1, "156", CardKind.DEBIT).status())
        .isEqualTo(CardStatus.ACTIVE);
  }

  @Test
  void badCardStatus_isReportedAtItsKey() {
    ParsedFleet p = FleetParser.parse("f.yaml", """
        cards:
          - { pan: "6222021234567890128", expiry: "2812", pin: "123456", kind: debit, status: stolen }
          - { pan: "6228480000000000018", expiry: "2906", pin: "888888", kind: debit, status: frozen }
        """);
    assertThat(p.problems()).extracting(FleetError::toString).containsExactly(
        "f.yaml:3:87: cards[1].status: status must be active, lost, stolen or blocked, got \"frozen\"");
    // Reported once: the validator does not add "status is required" for the value the parser refused.
    assertThat(new FleetValidator(KnownNames.none()).validate(p)).extracting(FleetError::toString).containsExactly(
        "f.yaml:3:87: cards[1].status: status must be active, lost, stolen or blocked, got \"frozen\"");
  }

  @Test
  void cardStatus_missingInAFleetBuiltInCode_isAnError() {
    FleetFile f = new FleetFile(null, null, null, null, null,
        List.of(new Card("6222021234567890128", "2812", "123456", 1, CardKind.DEBIT, null)));
    assertThat(new FleetValidator(KnownNames.none()).validate(ParsedFleet.of(f))).extracting(FleetError::toString)
        .containsExactly("fleet: cards[0].status: status (active, lost, stolen or blocked) is required");
  }

  @Test
  void emptyOrPartialFiles_areFine() {
    assertThat(FleetParser.parse("f.yaml", "").fleet()).isEqualTo(new FleetFile(null, null, null, null, null, null));
    ParsedFleet p = FleetParser.parse("f.yaml", "cards: []\nterminals:\n");
    assertThat(p.problems()).isEmpty();
    assertThat(p.fleet().cards()).isEmpty();
  }

  @Test
  void shapeErrors_areCollectedWithPositions() {
    ParsedFleet p = FleetParser.parse("f.yaml", "termnals: []\ncards: {pan: 1}\nmerchants:\n  - just-a-string\n");
    assertThat(p.problems()).extracting(FleetError::toString).containsExactly(
        "f.yaml:1:1: termnals: unknown key (known: institution, vpdn, merchants, terminals, cards, zoneKeys)",
        "f.yaml:2:8: cards: expected a list",
        "f.yaml:4:5: merchants[0]: expected a mapping of keys, got text");
  }
}
