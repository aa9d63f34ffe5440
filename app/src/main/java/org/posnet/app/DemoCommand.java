package org.posnet.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import org.posnet.common.config.PosnetConfig;
import org.posnet.common.crypto.MasterKey;
import org.posnet.common.db.Database;
import org.posnet.common.fleet.FleetParser;
import org.posnet.common.fleet.FleetStore;
import org.posnet.common.fleet.ProvisionResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Everything in one process on the embedded database in ./data, with the sample fleet provisioned:
 * the AAA, the LNS, the lab LAC standing in for the carrier's, the host and the status endpoints,
 * whatever the config's {@code servers} says (its ports still apply). TMS, risk and the console join
 * as their issues land.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Provision the sample fleet into ./data and run every server in one process.")
final class DemoCommand implements Callable<Integer> {
  static final List<String> SERVERS = List.of("aaa", "lns", "lac", "host", "console");

  @Mixin ConfigOption config;

  @Override
  public Integer call() throws Exception {
    PosnetConfig cfg = config.load();
    String yaml;
    try (InputStream in = DemoCommand.class.getResourceAsStream("/fleet/sample-fleet.yaml")) {
      if (in == null) throw new IOException("the sample fleet is missing from the jar");
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try (Database db = Database.open(cfg.database())) {
      ProvisionResult r = new FleetStore(db, MasterKey.loadOrCreate(cfg.data())).upsert(FleetParser.parse("sample-fleet.yaml", yaml));
      System.out.println("demo fleet provisioned: " + r);
    }
    return ServeCommand.run(cfg, SERVERS);
  }
}
