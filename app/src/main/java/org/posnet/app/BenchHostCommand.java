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
    HostBench.Options d = smoke ? HostBench.Options.smoke() : HostBench.Options.defaults();
    HostBench.Options o = new HostBench.Options(terminals != null ? terminals : d.terminals(), warmup != null ? warmup : d.warmupSeconds(),
        seconds != null ? seconds : d.seconds(), threads != null ? threads : d.threads(), d.heap(),
        target != null ? target : d.targets(), rounds != null ? rounds : d.rounds(), rate != null ? rate : d.rate());
    HostBench.Result r = HostBench.run(o, System.out);
    return r.totalErrors() == 0 ? 0 : 1;
  }
}
