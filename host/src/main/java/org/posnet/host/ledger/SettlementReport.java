package org.posnet.host.ledger;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.posnet.common.fleet.FleetStore;
import org.posnet.common.fleet.Merchant;

/**
 * Merchant settlement (T+1) of one closed business day, as data for the API and for {@link SettlementFile}:
 * one line per merchant that had ledger movements that day, in merchant id order, and the totals.
 * Computed from the stored ledger, so it reads the same in the host and in a CLI beside it. Only closed
 * days: an open day's figures could still change.
 */
public record SettlementReport(LocalDate businessDate, Cutover cutover, List<SettlementLine> lines, Totals totals) {

    /** Sums over the lines; {@code payFen} is what the payout run transfers (the due of the lines with status PAY). */
    public record Totals(int merchants, int salesCount, long salesFen, int refundsCount, long refundsFen, long feeFen,
            long netFen, long carriedFen, long dueFen, long payFen) {
    }

    public SettlementReport {
        lines = List.copyOf(lines);
    }

    public static SettlementReport of(LedgerStore store, FleetStore fleet, LocalDate date) {
        Map<String, Merchant> merchants = fleet.merchants().stream().collect(Collectors.toMap(Merchant::id, Function.identity()));
        return of(store, merchants::get, date);
    }

    /** @throws IllegalStateException when the day is not closed yet */
    public static SettlementReport of(LedgerStore store, Function<String, Merchant> merchants, LocalDate date) {
        Cutover cutover = store.closing(date).orElseThrow(() -> new IllegalStateException("business day " + date
                + " is not closed: run the cutover first"));
        Map<String, Long> carried = new java.util.HashMap<>();
        store.merchantNetsBefore(date, d -> carry(carried, d));
        Map<String, long[]> sums = new TreeMap<>(); // salesCount, sales, refundsCount, refunds, fee
        for (LedgerStore.DayEntry e : store.day(date)) {
            long[] s = sums.computeIfAbsent(e.merchant(), k -> new long[5]);
            if (e.grossFen() >= 0) {
                s[0]++;
                s[1] += e.grossFen();
            } else {
                s[2]++;
                s[3] -= e.grossFen();
            }
            s[4] += e.feeFen();
        }
        List<SettlementLine> lines = new ArrayList<>();
        int sc = 0;
        int rc = 0;
        long sales = 0;
        long refunds = 0;
        long fees = 0;
        long net = 0;
        long carriedSum = 0;
        long dueSum = 0;
        long pay = 0;
        for (Map.Entry<String, long[]> en : sums.entrySet()) {
            long[] s = en.getValue();
            Merchant m = merchants.apply(en.getKey());
            String number = m == null || m.settlementAccount() == null ? null : m.settlementAccount().number();
            String holder = m == null || m.settlementAccount() == null ? null : m.settlementAccount().holder();
            long lineNet = s[1] - s[3] - s[4];
            long lineCarried = carried.getOrDefault(en.getKey(), 0L);
            long due = Math.max(0, lineNet + lineCarried);
            SettlementLine.Status status = due == 0 ? SettlementLine.Status.NOTHING_DUE
                    : number == null ? SettlementLine.Status.HOLD_NO_ACCOUNT : SettlementLine.Status.PAY;
            lines.add(new SettlementLine(date, en.getKey(), m == null ? null : m.name(), m == null ? null : m.mcc(), number,
                    holder, (int) s[0], s[1], (int) s[2], s[3], s[4], lineNet, lineCarried, due, status));
            sc += (int) s[0];
            rc += (int) s[2];
            sales += s[1];
            refunds += s[3];
            fees += s[4];
            net += lineNet;
            carriedSum += lineCarried;
            dueSum += due;
            pay += status == SettlementLine.Status.PAY ? due : 0;
        }
        return new SettlementReport(date, cutover, lines, new Totals(lines.size(), sc, sales, rc, refunds, fees, net, carriedSum,
                dueSum, pay));
    }

    /**
     * Carries one more day into what each merchant still owes (the days of a merchant come in date order): what it
     * owed plus the day's net, when negative; a positive sum was due that day (paid, or held for want of an account),
     * so nothing is carried past it. Depends on the closed days' nets only, so a day's file reads the same whenever
     * it is written.
     */
    private static void carry(Map<String, Long> owed, LedgerStore.MerchantDay d) {
        owed.put(d.merchant(), Math.min(0, owed.getOrDefault(d.merchant(), 0L) + d.netFen()));
    }
}
