package org.posnet.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "aaa", mixinStandardHelpOptions = true, description = "PosNet's AAA against FreeRADIUS 3.2, same users, same load generator, same run.")
final class BenchAaaCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("posnet: bench aaa is being wired");
    return 2;
  }
}
