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

  @Test
  void paid_recordsTheBanksConfirmedPayouts_wholeOrNotAtAll() throws Exception {
    Path config = dir.resolve("posnet.yaml");
    Files.writeString(config, "data: " + dir.resolve("data") + "\n");
    org.posnet.common.crypto.MasterKey lmk = org.posnet.common.crypto.MasterKey.loadOrCreate(dir.resolve("data"));
    java.time.Instant at = java.time.Instant.parse("2026-11-26T02:00:00Z");
    try (org.posnet.common.db.Database db = org.posnet.common.db.Database.open(
        org.posnet.common.config.PosnetConfig.load(config, java.util.Map.of()).database())) {
      new org.posnet.common.fleet.FleetStore(db, lmk).upsert(org.posnet.common.fleet.FleetParser.parse("merchants.yaml", """
          merchants:
            - id: "898110058120001"
              name: 川味小馆
              mcc: "5812"
              licence: 91110105MA01ABCDE1
              legalPerson: 张三
              address: 北京市朝阳区建国路1号
              area: "110105"
              geo: { lat: 39.9087, lon: 116.4605, radiusM: 500 }
              settlementAccount: { number: "6222020200112233445", holder: 川味小馆 }
          """));
      try (org.posnet.host.ledger.Ledger ledger = org.posnet.host.ledger.Ledger.load(db, org.posnet.host.ledger.MdrTable.defaults(),
          m -> "5812", java.time.ZoneId.of("Asia/Shanghai"), lmk.panTokens(), java.time.Clock.systemUTC())) {
        ledger.start();
        ledger.post(java.util.List.of(entry(1, at, org.posnet.host.auth.TxnType.SALE, 100_00, 0, null)));
        ledger.flush();
        ledger.cutover(java.time.LocalDate.of(2026, 11, 26));
      }
    }
    Path file = dir.resolve("s.csv");
    ServerProcess.Result settle = ServerProcess.run(config, "ledger", "settle", "2026-11-26", "--out", file.toString());
    assertThat(settle.code()).as(settle.output()).isZero();
    assertThat(Files.readString(file)).contains(",99.40,PAY,0.00,99.40\n"); // 100.00 less 0.60 % MDR
    ServerProcess.Result owed = ServerProcess.run(config, "ledger", "reserve");
    assertThat(owed.code()).as(owed.output()).isZero();
    assertThat(owed.output()).containsPattern("owed to merchants +99\\.40").containsPattern("  of closed days +99\\.40")
        .containsPattern("reserve custody +99\\.40").containsPattern("paid out to merchants +0\\.00");

    ServerProcess.Result wrong = ServerProcess.runWithInput(config,
        "merchant_id,amount,reference\n898110058120001,99.41,CNAPS-20261127-0001\n", "ledger", "paid", "2026-11-26");
    assertThat(wrong.code()).isEqualTo(1);
    assertThat(wrong.output()).contains("refused, nothing recorded").contains("amount 99.41, but its line on 2026-11-26 is due 99.40");
    ServerProcess.Result bad = ServerProcess.runWithInput(config, "898110058120001;99.40\n", "ledger", "paid", "2026-11-26");
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.output()).contains("line 1: expected merchant_id,amount,reference");
    ServerProcess.Result open = ServerProcess.runWithInput(config, "898110058120001,1.00,X\n", "ledger", "paid", "2026-11-27");
    assertThat(open.code()).isEqualTo(1);
    assertThat(open.output()).contains("business day 2026-11-27 is not closed");

    String confirmation = "merchant_id,amount,reference\n898110058120001,99.40,CNAPS-20261127-0001\n";
    ServerProcess.Result paid = ServerProcess.runWithInput(config, confirmation, "ledger", "paid", "2026-11-26");
    assertThat(paid.code()).as(paid.output()).isZero();
    assertThat(paid.output()).contains("paid 898110058120001 99.40 reference CNAPS-20261127-0001")
        .contains("recorded 1 payout(s) for 2026-11-26, 99.40 in all; 0 recorded before");
    ServerProcess.Result again = ServerProcess.runWithInput(config, confirmation, "ledger", "paid", "2026-11-26");
    assertThat(again.code()).as(again.output()).isZero();
    assertThat(again.output()).contains("already recorded 898110058120001 99.40").contains("recorded 0 payout(s)");
    ServerProcess.Result reserve = ServerProcess.run(config, "ledger", "reserve");
    assertThat(reserve.code()).as(reserve.output()).isZero();
    assertThat(reserve.output()).contains("closed through          2026-11-26")
        .containsPattern("owed to merchants +0\\.00").containsPattern("reserve custody +0\\.00")
        .containsPattern("paid out to merchants +99\\.40").containsPattern("fee income \\(own funds\\) +0\\.60")
        .contains("reconciled: custody = what merchants are owed");
    try (org.posnet.common.db.Database db = org.posnet.common.db.Database.open(
        org.posnet.common.config.PosnetConfig.load(config, java.util.Map.of()).database())) {
      org.posnet.host.ledger.LedgerStore store = new org.posnet.host.ledger.LedgerStore(db);
      assertThat(store.paidOutFen()).isEqualTo(99_40);
      org.posnet.host.ledger.ReserveFigures figures = org.posnet.host.ledger.ReserveFigures.of(store, store.cursor());
      assertThat(figures.customerLiabilitiesFen()).isZero();
      assertThat(figures.reconciled()).isTrue();
      // a cent more in custody than anyone is owed: what a broken posting would leave
      db.jdbi().useHandle(h -> h.execute("UPDATE ledger_balance SET debit_fen = debit_fen + 1 WHERE account_kind = 'RESERVE_CUSTODY'"));
    }
    ServerProcess.Result broken = ServerProcess.run(config, "ledger", "reserve");
    assertThat(broken.code()).isEqualTo(1);
    assertThat(broken.output()).contains("NOT reconciled: custody differs from what merchants are owed by 0.01");
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
