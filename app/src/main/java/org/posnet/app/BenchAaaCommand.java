package org.posnet.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.posnet.bench.aaa.AaaBench;
import org.posnet.bench.aaa.AaaTarget;
import org.posnet.bench.aaa.FreeRadiusPeer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "aaa", mixinStandardHelpOptions = true,
    description = "PosNet's AAA against FreeRADIUS 3.2 (Debian): the same users, the same load generator, in the same run; prints auth/s, the ratio, latency, lost requests, CPU per request and heap.")
final class BenchAaaCommand implements Callable<Integer> {
  @Option(names = "--smoke", description = "A short run for CI (10,000 users, 3 s).") boolean smoke;
  @Option(names = "--users", description = "Users provisioned on both (default 1,000,000).") Integer users;
  @Option(names = "--duration", description = "Measured seconds (default 20).") Integer duration;
  @Option(names = "--warmup", description = "Warm-up seconds (default 5).") Integer warmup;
  @Option(names = "--in-flight", description = "Requests outstanding (default 256).") Integer inFlight;
  @Option(names = "--sockets", description = "Generator UDP sockets.") Integer sockets;
  @Option(names = "--threads", description = "Generator threads.") Integer threads;
  @Option(names = "--markdown", description = "Also write the result as markdown to this file.") Path markdown;
  @Option(names = "--no-freeradius", description = "Only PosNet (when FreeRADIUS is not installed).") boolean noFreeRadius;
  @Option(names = "--posnet-jvm", split = " ", defaultValue = "-Xmx4g -XX:+UseG1GC -XX:MaxGCPauseMillis=5 -Xmn256m", description = "JVM options of the PosNet server process (default: ${DEFAULT-VALUE}).")
  List<String> posnetJvm;
  @Option(names = "--posnet-threads", defaultValue = "0", description = "PosNet's RADIUS event loops (radius.threads; 0 = one per core).") int posnetThreads;

  @Override
  public Integer call() throws Exception {
    AaaBench.Options o = smoke ? AaaBench.Options.smoke() : AaaBench.Options.defaults();
    if (users != null) o = o.withUsers(users);
    if (duration != null || warmup != null) {
      o = o.withPhases(warmup != null ? Duration.ofSeconds(warmup) : o.warmup(), duration != null ? Duration.ofSeconds(duration) : o.duration());
    }
    if (inFlight != null || sockets != null || threads != null) {
      o = o.withLoad(inFlight != null ? inFlight : o.inFlight(), sockets != null ? sockets : o.sockets(), threads != null ? threads : o.threads());
    }
    if (markdown != null) o = o.withMarkdown(markdown);
    List<AaaTarget> targets = new ArrayList<>();
    if (!noFreeRadius) {
      if (!FreeRadiusPeer.installed()) {
        System.err.println("posnet: FreeRADIUS is not installed (apt-get install freeradius), or pass --no-freeradius");
        return 2;
      }
      targets.add(new FreeRadiusPeer(FreeRadiusPeer.Settings.defaults()));
    }
    targets.add(new PosnetAaaTarget(posnetJvm, posnetThreads));
    AaaBench.Result r = AaaBench.run(o, targets, System.out);
    System.out.println();
    System.out.println(r.settingsLine());
    System.out.print(r.table());
    if (targets.size() > 1) System.out.printf(Locale.ROOT, "ratio PosNet / FreeRADIUS = %.2f%n", r.ratio());
    for (AaaBench.TargetResult t : r.targets()) {
      if (t.load().lost() > 0) System.out.println("lost requests, " + t.target() + ": " + t.load().lost());
    }
    return 0;
  }
}
