package org.posnet.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code posnet} command line (DESIGN.md §3). Wiring is by hand, in {@link Node}. */
@Command(name = "posnet", mixinStandardHelpOptions = true, version = "posnet 0.1.0",
    description = "PosNet: AAA, VPDN, acquiring host and supervision for a wireless POS network.",
    subcommands = {ServeCommand.class, DemoCommand.class, ProvisionCommand.class, DialCommand.class, AaaCommand.class, LedgerCommand.class, BenchCommand.class})
public final class Main implements Runnable {
  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    org.posnet.common.net.NettyDefaults.apply();
    // Before any logger exists: long-running commands log at INFO, one-shot commands only warnings.
    boolean server = args.length > 0 && (args[0].equals("serve") || args[0].equals("demo"));
    if (System.getProperty("posnet.log.level") == null) System.setProperty("posnet.log.level", server ? "INFO" : "WARN");
    int code = new CommandLine(new Main()).setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("posnet: " + OperatorMessages.of(e));
      return 1;
    }).execute(args);
    if (!server || code != 0) System.exit(code);
  }
}
