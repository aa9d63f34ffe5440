package org.posnet.app;

import java.nio.file.Files;
import java.nio.file.Path;
import org.posnet.common.config.PosnetConfig;
import picocli.CommandLine.Option;

/** {@code --config FILE}; default ./posnet.yaml when it exists, else built-in defaults. */
final class ConfigOption {
  @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (default: ./posnet.yaml when it exists).")
  Path file;

  PosnetConfig load() {
    Path f = file;
    if (f == null && Files.exists(Path.of("posnet.yaml"))) f = Path.of("posnet.yaml");
    return PosnetConfig.load(f, System.getenv());
  }
}
