package org.posnet.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.posnet.bench.lns.DataPlaneBench;
import org.posnet.bench.lns.LnsBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "lns", mixinStandardHelpOptions = true,
    description = "Session setups per second through LAC -> LNS with RADIUS to a real AAA, heap per concurrent session (LNS in its own JVM), then TCP through the tunnel beside plain veth (root only).")
final class BenchLnsCommand implements Callable<Integer> {
  @Option(names = "--smoke", description = "A short run for CI (3,000 sessions; a small transfer).") boolean smoke;
  @Option(names = "--sessions", description = "Concurrent sessions (default 100,000).") Integer sessions;
  @Option(names = "--tunnels", description = "Tunnels they spread over (default 1,000).") Integer tunnels;
  @Option(names = "--lacs", description = "Lab LACs (default 2).") Integer lacs;
  @Option(names = "--in-flight", description = "Calls being set up at once (at most 250).") Integer inFlight;
  @Option(names = "--warmup", description = "Calls set up and hung up before the measured ones, so both JVMs run compiled code (default 20,000; smoke 1,000; at most --sessions).") Integer warmup;
  @Option(names = "--lns-heap", description = "The LNS child JVM's -Xmx (default 1g).") String lnsHeap;
  @Option(names = "--markdown", description = "Also write the setup result as markdown to this file.") Path markdown;
  @Option(names = "--no-data-plane", description = "Skip the TCP throughput comparison.") boolean noDataPlane;

  @Override
  public Integer call() throws Exception {
    LnsBench.Options o = smoke ? LnsBench.Options.smoke() : LnsBench.Options.defaults();
    if (sessions != null || tunnels != null) o = o.withSessions(sessions != null ? sessions : o.sessions(), tunnels != null ? tunnels : o.tunnels());
    if (lacs != null) o = o.withLacs(lacs);
    if (inFlight != null) o = o.withInFlight(inFlight);
    if (lnsHeap != null) o = o.withLnsHeap(lnsHeap);
    if (warmup != null) o = o.withWarmup(warmup);
    if (markdown != null) o = o.withMarkdown(markdown);
    LnsBench.Result r = LnsBench.run(o, System.out);
    if (!noDataPlane) {
      if ("root".equals(System.getProperty("user.name"))) {
        DataPlaneBench.run(smoke ? DataPlaneBench.Options.smoke() : DataPlaneBench.Options.defaults(), System.out);
      } else {
        System.out.println("data plane: skipped (TUN devices and network namespaces need root)");
      }
    }
    return r.failed() == 0 ? 0 : 1;
  }
}
