package org.posnet.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code host.windows}: the refund window, the pre-auth hold and how long the host keeps a batch, in days. */
class HostWindowsConfigTest {
  private static PosnetConfig parse(String yaml) {
    return PosnetConfig.parse("posnet.yaml", yaml, Map.of());
  }

  @Test
  void absent_meansUnionPayDefaults() {
    assertThat(parse("host: { port: 5800 }\n").host().windows()).isEqualTo(new PosnetConfig.HostWindows(30, 30, 40));
    assertThat(parse("http: { port: 8080 }\n").host().windows()).isEqualTo(PosnetConfig.HostWindows.defaults());
  }

  @Test
  void everyKey_isRead_andALongerWindowStretchesTheDefaultRetention() {
    assertThat(parse("host: { windows: { refundDays: 180, preAuthHoldDays: 20, retentionDays: 200 } }\n").host().windows())
        .isEqualTo(new PosnetConfig.HostWindows(180, 20, 200));
    // a longer refund window alone: the retention follows it, so the originals it allows stay in memory
    assertThat(parse("host: { windows: { refundDays: 90 } }\n").host().windows()).isEqualTo(new PosnetConfig.HostWindows(90, 30, 100));
  }

  @Test
  void errors_nameTheKey() {
    assertThatThrownBy(() -> parse("host: { windows: { refundDays: 30, retentionDays: 30 } }\n"))
        .hasMessageStartingWith("posnet.yaml:1: host.windows.retentionDays: expected more than refundDays and preAuthHoldDays (30)");
    assertThatThrownBy(() -> parse("host: { windows: { preAuthHoldDays: 0 } }\n"))
        .hasMessageStartingWith("posnet.yaml:1: host.windows.preAuthHoldDays: expected whole days from 1 to 3650, got 0");
    assertThatThrownBy(() -> parse("host: { windows: { refundWindow: 30 } }\n"))
        .hasMessageContaining("unknown key 'host.windows.refundWindow'").hasMessageContaining("refundDays");
  }
}
