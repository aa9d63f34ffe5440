package org.posnet.app;

import java.util.concurrent.Callable;
import org.posnet.bench.host.HostBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "host", mixinStandardHelpOptions = true,
    description = "Durable sales with PIN and MAC per second: PosNet's host against a jPOS 2.1.10 baseline (MAC, PIN, group-committed fsync'd append), 200 terminals with one sale in flight each, same load generator, same run. Run from the repository after `mvn install` (the baseline's jPOS stays out of the jar).")
final class BenchHostCommand implements Callable<Integer> {
  @Option(names = "--smoke", description = "A short run for CI.") boolean smoke;
  @Option(names = "--terminals", description = "Terminals, one sale in flight each (default 200).") Integer terminals;
  @Option(names = "--seconds", description = "Measured seconds (default 20).") Integer seconds;
  @Option(names = "--warmup", description = "Warm-up seconds (default 40).") Integer warmup;
  @Option(names = "--threads", description = "Load generator threads (default 1).") Integer threads;
  @Option(names = "--target", description = "Which targets run: both (default), posnet or baseline.") String target;
  @Option(names = "--rounds", description = "Runs of each target, taking turns (default 2; 1 with --smoke).") Integer rounds;
  @Option(names = "--rate", description = "Pace the load: sales/s offered over all terminals, latency timed from when each sale was due (default: closed loop, each terminal's next sale as soon as its reply is in).") Double rate;

  @Override
  public Integer call() throws Exception {
    HostBench.Options o = smoke ? HostBench.Options.smoke() : HostBench.Options.defaults();
    if (terminals != null) o = o.withTerminals(terminals);
    if (warmup != null) o = o.withWarmup(warmup);
    if (seconds != null) o = o.withSeconds(seconds);
    if (threads != null) o = o.withThreads(threads);
    if (target != null) o = o.withTargets(target);
    if (rounds != null) o = o.withRounds(rounds);
    if (rate != null) o = o.withRate(rate);
    HostBench.Result r = HostBench.run(o, System.out);
    return r.totalErrors() == 0 ? 0 : 1;
  }
}
