package org.posnet.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `posnet ledger` as an operator runs it, against a fresh embedded database. */
class LedgerCommandTest {
  @TempDir Path dir;

  @Test
  void check_onFreshBooks_isBalanced_andSettleRefusesAnOpenDay() throws Exception {
    Path config = dir.resolve("posnet.yaml");
    Files.writeString(config, "data: " + dir.resolve("data") + "\n");
    ServerProcess.Result check = ServerProcess.run(config, "ledger", "check");
    assertThat(check.code()).as(check.output()).isZero();
    assertThat(check.output()).contains("ledger balanced").contains("unbalanced=0");
    ServerProcess.Result settle = ServerProcess.run(config, "ledger", "settle", "2026-11-26", "--out", dir.resolve("s.csv").toString());
    assertThat(settle.code()).isEqualTo(1);
    assertThat(settle.output()).contains("business day 2026-11-26 is not closed");
    assertThat(dir.resolve("s.csv")).doesNotExist();
  }
}
