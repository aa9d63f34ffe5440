package org.posnet.app;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.posnet.common.config.PosnetConfig;
import org.posnet.common.crypto.MasterKey;
import org.posnet.common.db.Database;
import org.posnet.common.fleet.FleetStore;
import org.posnet.host.ledger.Account;
import org.posnet.host.ledger.BalanceCheck;
import org.posnet.host.ledger.InterbankPositions;
import org.posnet.host.ledger.LedgerStore;
import org.posnet.host.ledger.Payouts;
import org.posnet.host.ledger.SettlementFile;
import org.posnet.host.ledger.SettlementReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "ledger", mixinStandardHelpOptions = true, description = "The acquiring host's books: check that they balance, write a day's T+1 merchant settlement file, record the payouts the bank made for it, show the customer reserve-fund figures, show what it settles with other banks, show an on-us card's account.",
    subcommands = {LedgerCommand.Check.class, LedgerCommand.Settle.class, LedgerCommand.Paid.class, LedgerCommand.Reserve.class,
        LedgerCommand.Interbank.class, LedgerCommand.CardAccount.class})
final class LedgerCommand implements Runnable {
  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  static String yuan(long fen) {
    return java.math.BigDecimal.valueOf(fen, 2).toPlainString();
  }

  @Command(name = "check", mixinStandardHelpOptions = true, description = "Debits = credits, overall and per transaction; exit 1 when not.")
  static final class Check implements Callable<Integer> {
    @Mixin ConfigOption config;

    @Override
    public Integer call() {
      PosnetConfig cfg = config.load();
      try (Database db = Database.open(cfg.database())) {
        BalanceCheck c = new LedgerStore(db).check();
        System.out.println(c);
        return c.balanced() ? 0 : 1;
      }
    }
  }

  @Command(name = "settle", mixinStandardHelpOptions = true, description = "Write the merchant settlement file (CSV) of a closed business day (批结算 T+1).")
  static final class Settle implements Callable<Integer> {
    @Mixin ConfigOption config;
    @Parameters(paramLabel = "DATE", description = "Business day, YYYY-MM-DD; it must have been cut over.") LocalDate date;
    @Option(names = "--out", required = true, paramLabel = "FILE") Path out;

    @Override
    public Integer call() {
      PosnetConfig cfg = config.load();
      try (Database db = Database.open(cfg.database())) {
        SettlementReport r = new SettlementFile(new LedgerStore(db), new FleetStore(db, MasterKey.loadOrCreate(cfg.data()))).write(date, out);
        System.out.println("wrote " + out + " for " + date + ": " + r.lines().size() + " merchant line(s)");
        return 0;
      }
    }
  }

  @Command(name = "paid", mixinStandardHelpOptions = true, description = "Record the merchant payouts the bank confirmed for a settled business day: reads lines 'merchant_id,amount,reference' (amount in yuan, the line's due_amount; the bank's transfer reference) from standard input. Each must pay a PAY line of that day exactly; all are recorded or, on any mismatch, none (exit 1). A line recorded before the same way is reported, not recorded again.")
  static final class Paid implements Callable<Integer> {
    @Mixin ConfigOption config;
    @Parameters(paramLabel = "DATE", description = "Business day, YYYY-MM-DD, whose settlement the transfers paid.") LocalDate date;

    @Override
    public Integer call() throws java.io.IOException {
      PosnetConfig cfg = config.load();
      java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
          java.nio.charset.StandardCharsets.UTF_8));
      java.util.List<Payouts.Confirmation> confirmations = new java.util.ArrayList<>();
      java.util.List<String> bad = new java.util.ArrayList<>();
      int line = 0;
      for (String text; (text = in.readLine()) != null; ) {
        line++;
        String row = text.strip();
        if (row.isEmpty() || row.startsWith("#") || row.startsWith("merchant_id,")) {
          continue;
        }
        String[] cells = row.split(",", -1);
        if (cells.length != 3) {
          bad.add("line " + line + ": expected merchant_id,amount,reference");
          continue;
        }
        try {
          long fen = org.posnet.common.money.Money.parseMinor(cells[1].strip());
          if (fen <= 0) {
            throw new IllegalArgumentException("the amount must be positive");
          }
          confirmations.add(new Payouts.Confirmation(cells[0].strip(), fen, cells[2].strip()));
        } catch (IllegalArgumentException e) {
          bad.add("line " + line + ": " + e.getMessage());
        }
      }
      if (!bad.isEmpty()) {
        System.err.println("refused, nothing recorded:");
        bad.forEach(b -> System.err.println("  " + b));
        return 1;
      }
      try (Database db = Database.open(cfg.database())) {
        LedgerStore store = new LedgerStore(db);
        SettlementReport report = SettlementReport.of(store, new FleetStore(db, MasterKey.loadOrCreate(cfg.data())), date);
        Payouts.Result r = Payouts.confirm(store, report, confirmations, java.time.Instant.now());
        long total = 0;
        for (Payouts.Payout p : r.recorded()) {
          System.out.println("paid " + p.merchantId() + " " + yuan(p.amountFen()) + " reference " + p.reference());
          total += p.amountFen();
        }
        for (Payouts.Confirmation c : r.alreadyRecorded()) {
          System.out.println("already recorded " + c.merchantId() + " " + yuan(c.amountFen()) + " reference " + c.reference());
        }
        System.out.println("recorded " + r.recorded().size() + " payout(s) for " + date + ", " + yuan(total) + " in all; "
            + r.alreadyRecorded().size() + " recorded before");
        return 0;
      } catch (Payouts.Refused e) {
        System.err.println("refused, nothing recorded:");
        e.problems().forEach(p -> System.err.println("  " + p));
        return 1;
      } catch (IllegalStateException e) {
        System.err.println(e.getMessage());
        return 1;
      }
    }
  }

  @Command(name = "reserve", mixinStandardHelpOptions = true, description = "The customer reserve-fund (备付金) figures from the stored ledger: what merchants are owed (closed days, open days), what the reserve account should hold after the payouts recorded, the difference (0 when reconciled, RES-BAL) and the fee income kept outside it; exit 1 when the difference is not 0.")
  static final class Reserve implements Callable<Integer> {
    @Mixin ConfigOption config;

    @Override
    public Integer call() {
      PosnetConfig cfg = config.load();
      try (Database db = Database.open(cfg.database())) {
        LedgerStore store = new LedgerStore(db);
        // the journal is the running host's: figures as of what the ledger stored (a running host posts within 500 ms)
        org.posnet.host.ledger.ReserveFigures r = org.posnet.host.ledger.ReserveFigures.of(store, store.cursor());
        System.out.println("closed through          " + (r.closedThrough() == null ? "-" : r.closedThrough()));
        System.out.println("ledger through seq      " + r.ledgerThroughSeq());
        System.out.printf("%-24s%16s%n", "owed to merchants", yuan(r.customerLiabilitiesFen()));
        System.out.printf("%-24s%16s%n", "  of closed days", yuan(r.closedDaysFen()));
        System.out.printf("%-24s%16s%n", "  of open days", yuan(r.openDaysFen()));
        System.out.printf("%-24s%16s%n", "reserve custody", yuan(r.reserveCustodyFen()));
        System.out.printf("%-24s%16s%n", "paid out to merchants", yuan(r.paidOutFen()));
        System.out.printf("%-24s%16s%n", "difference", yuan(r.differenceFen()));
        System.out.printf("%-24s%16s%n", "fee income (own funds)", yuan(r.feeIncomeFen()));
        System.out.println(r.reconciled() ? "reconciled: custody = what merchants are owed"
            : "NOT reconciled: custody differs from what merchants are owed by " + yuan(r.differenceFen()));
        return r.reconciled() ? 0 : 1;
      }
    }
  }

  @Command(name = "interbank", mixinStandardHelpOptions = true, description = "What a closed business day settles with other banks: per link, what its issuers owe for off-us cards; in issuer mode, what is owed to each acquirer (by field 32).")
  static final class Interbank implements Callable<Integer> {
    @Mixin ConfigOption config;
    @Parameters(paramLabel = "DATE", description = "Business day, YYYY-MM-DD; it must have been cut over.") LocalDate date;

    @Override
    public Integer call() {
      PosnetConfig cfg = config.load();
      try (Database db = Database.open(cfg.database())) {
        InterbankPositions p = InterbankPositions.of(new LedgerStore(db), date);
        System.out.printf("%-16s %-32s %16s %16s %16s%n", "kind", "counterparty", "owed to us", "owed by us", "net");
        for (InterbankPositions.Line l : p.lines()) {
          System.out.printf("%-16s %-32s %16s %16s %16s%n", l.kind(), l.counterparty(), yuan(l.debitFen()), yuan(l.creditFen()),
              yuan(l.netFen()));
        }
        System.out.printf("%d counterpart%s on %s, net %s (positive: paid to this bank)%n", p.lines().size(),
            p.lines().size() == 1 ? "y" : "ies", date, yuan(p.netFen()));
        return 0;
      }
    }
  }

  @Command(name = "card", mixinStandardHelpOptions = true, description = "On-us cards' accounts: token, the fleet's provisioned balance and status, the ledger's movement per business day and the balance left. Reads the card numbers from standard input, one a line, so that none lands in the shell's history or the process list; exit 1 when one is neither provisioned nor in the ledger.")
  static final class CardAccount implements Callable<Integer> {
    @Mixin ConfigOption config;

    @Override
    public Integer call() throws java.io.IOException {
      PosnetConfig cfg = config.load();
      // a new master key here would give every card a token nothing was stored under
      if (!java.nio.file.Files.exists(cfg.data().resolve(MasterKey.FILE_NAME))) {
        System.err.println("no master key at " + cfg.data().resolve(MasterKey.FILE_NAME)
            + ": card accounts are keyed by tokens made under it; run this where the host's data directory is");
        return 2;
      }
      MasterKey lmk = MasterKey.loadOrCreate(cfg.data());
      java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
          java.nio.charset.StandardCharsets.US_ASCII));
      int unknown = 0;
      try (Database db = Database.open(cfg.database())) {
        FleetStore fleet = new FleetStore(db, lmk);
        LedgerStore ledger = new LedgerStore(db);
        int line = 0;
        for (String text; (text = in.readLine()) != null; ) {
          line++;
          String pan = text.strip();
          if (pan.isEmpty()) {
            continue;
          }
          if (!pan.chars().allMatch(c -> c >= '0' && c <= '9') || pan.length() < 13 || pan.length() > 19) {
            System.out.println("line " + line + ": not a card number (13-19 digits)");
            unknown++;
            continue;
          }
          String token = lmk.panTokens().token(pan);
          var card = fleet.card(pan);
          var days = ledger.accountDays(Account.cardholder(token));
          System.out.println("card " + org.posnet.common.crypto.Redaction.pan(pan) + "  token " + token);
          if (card.isPresent()) {
            System.out.println("  fleet: " + card.get().kind().text() + ", status " + card.get().status().text()
                + ", provisioned " + yuan(card.get().balanceFen()));
          } else {
            System.out.println("  fleet: not provisioned");
          }
          long net = 0;
          if (!days.isEmpty()) {
            System.out.printf("  %-12s %14s %14s %8s%n", "business day", "spent", "credited", "legs");
          }
          for (LedgerStore.AccountDay d : days) {
            System.out.printf("  %-12s %14s %14s %8d%n", d.businessDate(), yuan(d.debitFen()), yuan(d.creditFen()), d.legs());
            net += d.debitFen() - d.creditFen();
          }
          System.out.println("  ledger: " + days.size() + " business day(s), net spent " + yuan(net)
              + (card.isPresent() ? ", balance " + yuan(card.get().balanceFen() - net) + " (before open pre-auth holds)" : ""));
          if (card.isEmpty() && days.isEmpty()) {
            unknown++;
          }
        }
      }
      return unknown == 0 ? 0 : 1;
    }
  }
}
