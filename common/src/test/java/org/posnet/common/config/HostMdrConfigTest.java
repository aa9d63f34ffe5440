package org.posnet.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code host.mdr}: the acquirer's merchant discount rates, in basis points, by MCC. */
class HostMdrConfigTest {
  private static PosnetConfig parse(String yaml) {
    return PosnetConfig.parse("posnet.yaml", yaml, Map.of());
  }

  @Test
  void absent_leavesPosNetsTable_written_isTheWholeTable() {
    assertThat(parse("host: { port: 5800 }\n").host().mdr()).isNull();
    assertThat(parse("host: { mdr: { default: 55, \"5411\": 30, 8211: 0 } }\n").host().mdr())
        .isEqualTo(new PosnetConfig.HostMdr(55, Map.of("5411", 30, "8211", 0)));
    assertThat(parse("host: { mdr: { \"5812\": 45 } }\n").host().mdr())
        .as("no default written: 60").isEqualTo(new PosnetConfig.HostMdr(60, Map.of("5812", 45)));
  }

  @Test
  void badKeysAndRates_nameTheKey() {
    assertThatThrownBy(() -> parse("host: { mdr: { default: 10001 } }\n"))
        .hasMessageStartingWith("posnet.yaml:1: host.mdr.default: expected basis points from 0 to 10000 (60 = 0.60 %), got 10001");
    assertThatThrownBy(() -> parse("host: { mdr: { \"541\": 38 } }\n"))
        .hasMessageStartingWith("posnet.yaml:1: host.mdr.541: expected default or a 4-digit MCC");
    assertThatThrownBy(() -> parse("host: { mdr: { \"5411\": 0.38 } }\n"))
        .hasMessageContaining("host.mdr.5411: expected an integer");
    assertThatThrownBy(() -> parse("host: { mdr: { \"5411\": -1 } }\n"))
        .hasMessageContaining("host.mdr.5411: expected basis points from 0 to 10000");
  }
}
