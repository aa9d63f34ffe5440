package org.posnet.app;

import picocli.CommandLine.Command;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks against a peer, printing a ratio (docs/benchmarks.md).",
    subcommands = {BenchAaaCommand.class, BenchLnsCommand.class, BenchHostCommand.class})
final class BenchCommand implements Runnable {
  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }
}
