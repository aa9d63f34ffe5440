package org.posnet.app;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.posnet.common.config.PosnetConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the servers named in the configuration (all by default).")
final class ServeCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Override
  public Integer call() throws Exception {
    return run(config.load());
  }

  static int run(PosnetConfig cfg) throws Exception {
    return run(cfg, cfg.servers());
  }

  static int run(PosnetConfig cfg, List<String> servers) throws Exception {
    Node node = new Node(cfg, servers);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      node.close();
      stopped.countDown();
    }, "shutdown"));
    System.out.println(node.listeningLine());
    System.out.flush();
    stopped.await();
    return 0;
  }
}
