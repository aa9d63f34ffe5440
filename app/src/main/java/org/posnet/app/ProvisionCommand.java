package org.posnet.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.posnet.common.config.PosnetConfig;
import org.posnet.common.crypto.MasterKey;
import org.posnet.common.db.Database;
import org.posnet.common.fleet.FleetError;
import org.posnet.common.fleet.FleetException;
import org.posnet.common.fleet.FleetParser;
import org.posnet.common.fleet.FleetStore;
import org.posnet.common.fleet.ProvisionResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "provision", mixinStandardHelpOptions = true,
    description = "Upsert a fleet file (institution, VPDN domains and NAS, merchants, terminals, SIMs, cards) into the configured database. Idempotent; nothing is written when any line is wrong.")
final class ProvisionCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Parameters(paramLabel = "FILE.yaml", description = "The fleet file.")
  Path file;

  @Override
  public Integer call() throws Exception {
    if (!Files.isReadable(file)) {
      System.err.println("posnet: cannot read " + file);
      return 2;
    }
    PosnetConfig cfg = config.load();
    try (Database db = Database.open(cfg.database())) {
      ProvisionResult r = provision(file, cfg, db);
      System.out.println(r);
      return 0;
    } catch (FleetException e) {
      for (FleetError err : e.errors()) System.err.println(err);
      System.err.println("posnet: " + e.errors().size() + " error(s) in " + file + "; nothing was written");
      return 1;
    }
  }

  static ProvisionResult provision(Path file, PosnetConfig cfg, Database db) throws java.io.IOException {
    return new FleetStore(db, MasterKey.loadOrCreate(cfg.data())).upsert(FleetParser.parse(file));
  }
}
