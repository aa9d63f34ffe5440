package org.posnet.bench.host;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The full host bench from the Maven test class path (where jPOS is), for the numbers in
 * docs/benchmarks.md: {@code mvn -o -pl bench test -Dtest=HostBenchRun -Dposnet.bench.host=full
 * [-Dposnet.bench.host.seconds=20 -Dposnet.bench.host.warmup=5 -Dposnet.bench.host.threads=1]}; the
 * table is in {@code bench/target/surefire-reports/org.posnet.bench.host.HostBenchRun-output.txt}.
 * Skipped unless asked for: a benchmark is not a unit test.
 */
@EnabledIfSystemProperty(named = "posnet.bench.host", matches = "full")
class HostBenchRun {
    @Test
    void fullRun_zeroErrors() throws Exception {
        HostBench.Options d = HostBench.Options.defaults();
        HostBench.Options o = new HostBench.Options(Integer.getInteger("posnet.bench.host.terminals", d.terminals()),
                Integer.getInteger("posnet.bench.host.warmup", d.warmupSeconds()),
                Integer.getInteger("posnet.bench.host.seconds", d.seconds()),
                Integer.getInteger("posnet.bench.host.threads", d.threads()), d.heap(), System.getProperty("posnet.bench.host.target", d.targets()),
                Integer.getInteger("posnet.bench.host.rounds", d.rounds()),
                Double.parseDouble(System.getProperty("posnet.bench.host.rate", Double.toString(d.rate()))));
        HostBench.Result r = HostBench.run(o, System.out);
        assertThat(r.totalErrors()).as(r.table()).isZero();
    }
}
