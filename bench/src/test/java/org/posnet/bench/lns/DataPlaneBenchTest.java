package org.posnet.bench.lns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.posnet.vpdn.dataplane.TunDevice;

/** The throughput instrument measures both paths (root and /dev/net/tun; skipped otherwise unless CI=true). */
class DataPlaneBenchTest {
    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void smoke_measuresTheTunnelAndTheVeth() throws Exception {
        assumeTrue("true".equals(System.getenv("CI"))
                || ("root".equals(System.getProperty("user.name")) && TunDevice.unavailableReason().isEmpty()),
                "needs root and /dev/net/tun");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        DataPlaneBench.Result r = DataPlaneBench.run(DataPlaneBench.Options.smoke(),
                new PrintStream(buf, true, StandardCharsets.UTF_8));

        assertThat(r.tunnelMbps()).isPositive();
        assertThat(r.vethMbps()).isPositive();
        assertThat(buf.toString(StandardCharsets.UTF_8)).contains("tunnel").contains("| plain veth |");
    }
}
