package org.posnet.bench.lns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The smoke preset end to end: every call comes up through LAC → LNS (child JVM) with the real AAA. */
class LnsBenchTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void smoke_establishesEverySession_withZeroFailures_andMeasuresTheLnsHeap() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Path md = dir.resolve("lns.md");
        LnsBench.Result r = LnsBench.run(LnsBench.Options.smoke().withMarkdown(md),
                new PrintStream(buf, true, StandardCharsets.UTF_8));
        String printed = buf.toString(StandardCharsets.UTF_8);

        assertThat(r.failed()).as(printed).isZero();
        assertThat(r.established()).isEqualTo(LnsBench.Options.smoke().sessions());
        assertThat(r.lnsOnline()).isEqualTo(r.established());
        assertThat(r.accountingStarts()).isEqualTo(r.established());
        // more Stops at once than a RADIUS client has identifiers: none may be lost
        assertThat(r.accountingStops()).isEqualTo(r.established());
        // sessions per tunnel = 100, split over two LACs: exactly the configured tunnel count
        assertThat(r.lnsTunnels()).isEqualTo(LnsBench.Options.smoke().tunnels());
        assertThat(r.setupsPerSecond()).isPositive();
        assertThat(r.heapLoadedBytes()).isGreaterThan(r.heapIdleBytes()).isPositive();
        assertThat(r.heapPerSessionBytes()).isPositive();
        assertThat(printed).contains("session setups").contains("| sessions |");
        // where the time and the CPU went: every step reported by every call, the LNS's own CPU measured
        assertThat(printed).contains("setup time by step").contains("IPCP address  n=3,000").contains("other CPU");
        assertThat(r.cpu().lnsMicrosPerCall()).isPositive();
        assertThat(r.shutdownSeconds()).isPositive();
        assertThat(Files.readString(md)).isEqualTo(r.markdown());
    }

    @Test
    void options_refuseMoreInFlightThanARadiusClientHasIdentifiers() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LnsBench.Options.smoke().withInFlight(300))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
