package org.posnet.host.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CSV form: quoting, formula-safe names, negative nets, UTF-8 bytes, the totals line. */
class SettlementFileTest {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 26);

    @Test
    void quoting_followsRfc4180_andNamesCannotBecomeFormulas() {
        assertThat(SettlementFile.quote("川味小馆")).isEqualTo("川味小馆");
        assertThat(SettlementFile.quote("面馆, 二店")).isEqualTo("\"面馆, 二店\"");
        assertThat(SettlementFile.quote("\"老\"店")).isEqualTo("\"\"\"老\"\"店\"");
        assertThat(SettlementFile.quote("=HYPERLINK(1)")).isEqualTo("'=HYPERLINK(1)");
        assertThat(SettlementFile.quote("-12.50")).isEqualTo("-12.50");
        assertThat(SettlementFile.quote(null)).isEmpty();
    }

    @Test
    void aMerchantThatOwes_isNothingDue_andTheFileIsUtf8WithATotalsLine(@TempDir Path dir) throws Exception {
        SettlementLine owes = new SettlementLine(DAY, "898110058120003", "面馆, 二店", "5812", "6222020200112233999", "面馆",
                0, 0, 1, 100_00, 0, -100_00, 0, 0, SettlementLine.Status.NOTHING_DUE);
        SettlementLine paid = new SettlementLine(DAY, "898110058120004", "超市", "5411", "6222020200112233888", "超市",
                1, 10_00, 0, 0, 4, 9_96, -1_00, 8_96, SettlementLine.Status.PAY);
        SettlementReport report = new SettlementReport(DAY, new Cutover(DAY, 9, Instant.EPOCH), List.of(owes, paid),
                new SettlementReport.Totals(2, 1, 10_00, 1, 100_00, 4, -90_04, -1_00, 8_96, 8_96));
        Path file = dir.resolve("out/settlement.csv");

        SettlementFile.write(report, file);

        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes[0]).as("no BOM").isEqualTo((byte) 'b');
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(SettlementFile.HEADER + "\n"
                + "2026-11-26,898110058120003,\"面馆, 二店\",5812,6222020200112233999,面馆,0,0.00,1,100.00,0.00,-100.00,NOTHING_DUE,0.00,0.00\n"
                + "2026-11-26,898110058120004,超市,5411,6222020200112233888,超市,1,10.00,0,0.00,0.04,9.96,PAY,-1.00,8.96\n"
                + "2026-11-26,TOTAL,,,,,1,10.00,1,100.00,0.04,-90.04,8.96,-1.00,8.96\n");
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file); // the temporary file was moved, not left behind
        }
    }
}
