package org.posnet.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `posnet ledger` as an operator runs it, against a fresh embedded database. */
class LedgerCommandTest {
  @TempDir Path dir;

  @Test
  void check_onFreshBooks_isBalanced_andSettleRefusesAnOpenDay() throws Exception {
    Path config = dir.resolve("posnet.yaml");
    Files.writeString(config, "data: " + dir.resolve("data") + "\n");
    ServerProcess.Result check = ServerProcess.run(config, "ledger", "check");
    assertThat(check.code()).as(check.output()).isZero();
    assertThat(check.output()).contains("ledger balanced").contains("unbalanced=0");
    ServerProcess.Result settle = ServerProcess.run(config, "ledger", "settle", "2026-11-26", "--out", dir.resolve("s.csv").toString());
    assertThat(settle.code()).isEqualTo(1);
    assertThat(settle.output()).contains("business day 2026-11-26 is not closed");
    assertThat(dir.resolve("s.csv")).doesNotExist();
    ServerProcess.Result interbank = ServerProcess.run(config, "ledger", "interbank", "2026-11-26");
    assertThat(interbank.code()).isEqualTo(1);
    assertThat(interbank.output()).contains("business day 2026-11-26 is not closed");
  }

  @Test
  void interbank_showsWhatEachLinksIssuersOweForADay() throws Exception {
    Path config = dir.resolve("posnet.yaml");
    Files.writeString(config, "data: " + dir.resolve("data") + "\n");
    java.time.Instant at = java.time.Instant.parse("2026-11-26T02:00:00Z");
    try (org.posnet.common.db.Database db = org.posnet.common.db.Database.open(
        org.posnet.common.config.PosnetConfig.load(config, java.util.Map.of()).database());
        org.posnet.host.ledger.Ledger ledger = org.posnet.host.ledger.Ledger.load(db, org.posnet.host.ledger.MdrTable.defaults(),
            m -> "5812", java.time.ZoneId.of("Asia/Shanghai"),
            org.posnet.common.crypto.MasterKey.ofBytes(new byte[32]).panTokens(), java.time.Clock.systemUTC())) {
      ledger.start();
      ledger.post(java.util.List.of(
          entry(1, at, org.posnet.host.auth.TxnType.SALE, 100_00, 0, "cup"),
          entry(2, at, org.posnet.host.auth.TxnType.REFUND, 30_00, 1, "cup"),
          entry(3, at, org.posnet.host.auth.TxnType.SALE, 12_34, 0, "visa-net"),
          entry(4, at, org.posnet.host.auth.TxnType.SALE, 5_00, 0, null)));
      ledger.flush();
      ledger.cutover(java.time.LocalDate.of(2026, 11, 26));
    }
    ServerProcess.Result r = ServerProcess.run(config, "ledger", "interbank", "2026-11-26");
    assertThat(r.code()).as(r.output()).isZero();
    assertThat(r.output()).containsPattern("REMOTE_ISSUER +cup +100\\.00 +30\\.00 +70\\.00")
        .containsPattern("REMOTE_ISSUER +visa-net +12\\.34 +0\\.00 +12\\.34")
        .contains("2 counterparties on 2026-11-26, net 82.34");
  }

  @Test
  void card_showsAnOnUsCardsAccount_fromNumbersOnStandardInput_neverEchoingThem() throws Exception {
    Path config = dir.resolve("posnet.yaml");
    Files.writeString(config, "data: " + dir.resolve("data") + "\n");
    org.posnet.common.crypto.MasterKey lmk = org.posnet.common.crypto.MasterKey.loadOrCreate(dir.resolve("data"));
    String pan = "6228480000000000018";
    java.time.Instant day1 = java.time.Instant.parse("2026-11-25T02:00:00Z");
    java.time.Instant day2 = java.time.Instant.parse("2026-11-26T02:00:00Z");
    try (org.posnet.common.db.Database db = org.posnet.common.db.Database.open(
        org.posnet.common.config.PosnetConfig.load(config, java.util.Map.of()).database())) {
      new org.posnet.common.fleet.FleetStore(db, lmk).upsert(org.posnet.common.fleet.FleetParser.parse("cards.yaml", """
          cards:
            - { pan: "6228480000000000018", expiry: "2906", pin: "888888", balance: "120.50", kind: debit, status: lost }
          """));
      try (org.posnet.host.ledger.Ledger ledger = org.posnet.host.ledger.Ledger.load(db, org.posnet.host.ledger.MdrTable.defaults(),
          m -> "5812", java.time.ZoneId.of("Asia/Shanghai"), lmk.panTokens(), java.time.Clock.systemUTC())) {
        ledger.start();
        ledger.post(java.util.List.of(
            entry(1, day1, org.posnet.host.auth.TxnType.SALE, 100_00, 0, null, pan),
            entry(2, day2, org.posnet.host.auth.TxnType.REFUND, 30_00, 0, null, pan),
            entry(3, day2, org.posnet.host.auth.TxnType.SALE, 7_00, 0, null, pan)));
        ledger.flush();
      }
    }
    ServerProcess.Result r = ServerProcess.runWithInput(config, pan + "\n\n6222021234567890136\n62284800000000000x8\n",
        "ledger", "card");
    assertThat(r.code()).as(r.output()).isEqualTo(1); // the second number is no card of ours
    assertThat(r.output())
        .contains("card 622848*********0018  token " + lmk.panTokens().token(pan))
        .contains("fleet: debit, status lost, provisioned 120.50")
        .containsPattern("2026-11-25 +100\\.00 +0\\.00 +1")
        .containsPattern("2026-11-26 +7\\.00 +30\\.00 +2")
        .contains("ledger: 2 business day(s), net spent 77.00, balance 43.50")
        .contains("card 622202*********0136  token 622202*0136#")
        .contains("fleet: not provisioned")
        .contains("line 4: not a card number")
        .doesNotContain(pan).doesNotContain("6222021234567890136").doesNotContain("62284800000000000x8");

    Files.delete(dir.resolve("data").resolve("lmk"));
    ServerProcess.Result noKey = ServerProcess.runWithInput(config, pan + "\n", "ledger", "card");
    assertThat(noKey.code()).isEqualTo(2);
    assertThat(noKey.output()).contains("no master key at");
    assertThat(dir.resolve("data").resolve("lmk")).doesNotExist();
  }

  private static org.posnet.host.auth.JournalEntry entry(long seq, java.time.Instant at, org.posnet.host.auth.TxnType type, long amount,
      long original, String link) {
    return entry(seq, at, type, amount, original, link, "6250941234567890125");
  }

  private static org.posnet.host.auth.JournalEntry entry(long seq, java.time.Instant at, org.posnet.host.auth.TxnType type, long amount,
      long original, String link, String pan) {
    return new org.posnet.host.auth.JournalEntry(seq, at, type, org.posnet.host.auth.Reason.APPROVED, "00", "10000001",
        "898110058120001", type.mti(), "000001", String.format("%06d", seq), pan, amount, "r" + seq, "a" + seq,
        original, -1, "fp" + seq, "", link, null);
  }
}
