package org.posnet.bench.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The smoke preset end to end: both targets answer every sale with 00 and a valid MAC. */
class HostBenchTest {
    @Test
    void smoke_bothTargetsAnswer_zeroErrors() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        HostBench.Result r = HostBench.run(HostBench.Options.smoke(), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        System.out.println(bytes.toString(StandardCharsets.UTF_8));

        assertThat(r.totalErrors()).as(r.table()).isZero();
        assertThat(r.baseline().load().sales()).isPositive();
        assertThat(r.posnet().load().sales()).isPositive();
        assertThat(r.posnet().serverCpuNanos()).isPositive();
        assertThat(r.table()).contains("| PosNet host").contains("ratio");
    }

    @Test
    void benchFleet_givesEachTerminalItsOwnKeyAndCard() {
        assertThat(BenchFleet.tmkHex(0)).hasSize(32).isNotEqualTo(BenchFleet.tmkHex(1));
        assertThat(BenchFleet.card(0).pan()).isNotEqualTo(BenchFleet.card(1).pan());
        assertThat(BenchFleet.yaml(3)).contains(BenchFleet.terminal(2).terminalId());
    }
}
