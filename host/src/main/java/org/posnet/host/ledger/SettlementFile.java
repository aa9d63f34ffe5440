package org.posnet.host.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import org.posnet.common.fleet.FleetStore;
import org.posnet.common.money.Money;

/**
 * The T+1 merchant settlement file of a closed business day: UTF-8 (no BOM; never GBK), LF line ends,
 * RFC 4180 quoting, amounts in yuan with two decimals (from fen, never through a double). Columns:
 *
 * <pre>
 * business_date,merchant_id,merchant_name,mcc,settlement_account,account_holder,sales_count,sales_amount,
 * refund_void_count,refund_void_amount,mdr_fee,net_amount,status,carried_amount,due_amount
 * </pre>
 *
 * one line per merchant (merchant id order), then a totals line whose {@code merchant_id} is
 * {@code TOTAL}, counts and amounts summed, {@code status} = the amount to pay (the due of the PAY lines). The last
 * two columns came after the others (a reader of the first thirteen reads on): what the merchant still owed from
 * earlier days, set off here, and what it is owed for the day ({@link SettlementLine}).
 * Written to a temporary file and moved into place, so a reader never sees half a file.
 */
public final class SettlementFile {
    static final String HEADER = "business_date,merchant_id,merchant_name,mcc,settlement_account,account_holder,"
            + "sales_count,sales_amount,refund_void_count,refund_void_amount,mdr_fee,net_amount,status,carried_amount,due_amount";

    private final LedgerStore store;
    private final FleetStore fleet;

    public SettlementFile(LedgerStore store, FleetStore fleet) {
        this.store = store;
        this.fleet = fleet;
    }

    /** Writes the day's file and returns the report it was written from. */
    public SettlementReport write(LocalDate businessDate, Path file) {
        SettlementReport report = SettlementReport.of(store, fleet, businessDate);
        write(report, file);
        return report;
    }

    public static void write(SettlementReport report, Path file) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".part");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write(render(report));
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write settlement file " + file, e);
        }
    }

    /** The file's content. */
    public static String render(SettlementReport report) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        String date = report.businessDate().toString();
        for (SettlementLine l : report.lines()) {
            row(sb, date, l.merchantId(), l.merchantName(), l.mcc(), l.accountNumber(), l.accountHolder(),
                    Integer.toString(l.salesCount()), Money.format(l.salesFen()), Integer.toString(l.refundsCount()),
                    Money.format(l.refundsFen()), Money.format(l.feeFen()), Money.format(l.netFen()), l.status().name(),
                    Money.format(l.carriedFen()), Money.format(l.dueFen()));
        }
        SettlementReport.Totals t = report.totals();
        row(sb, date, "TOTAL", null, null, null, null, Integer.toString(t.salesCount()), Money.format(t.salesFen()),
                Integer.toString(t.refundsCount()), Money.format(t.refundsFen()), Money.format(t.feeFen()),
                Money.format(t.netFen()), Money.format(t.payFen()), Money.format(t.carriedFen()), Money.format(t.dueFen()));
        return sb.toString();
    }

    private static void row(StringBuilder sb, String... cells) {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(quote(cells[i]));
        }
        sb.append('\n');
    }

    static String quote(String cell) {
        if (cell == null) {
            return "";
        }
        // a leading = + - @ would make a spreadsheet run the cell as a formula; names come from the fleet file
        String safe = !cell.isEmpty() && "=+-@".indexOf(cell.charAt(0)) >= 0 && !cell.matches("-?\\d+(\\.\\d+)?")
                ? "'" + cell : cell;
        if (safe.indexOf(',') >= 0 || safe.indexOf('"') >= 0 || safe.indexOf('\n') >= 0 || safe.indexOf('\r') >= 0) {
            return '"' + safe.replace("\"", "\"\"") + '"';
        }
        return safe;
    }
}
