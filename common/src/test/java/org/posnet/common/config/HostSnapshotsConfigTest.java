package org.posnet.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code host.snapshots}: how many journal entries, and in which quiet hours, before a running host writes a snapshot. */
class HostSnapshotsConfigTest {
  private static PosnetConfig parse(String yaml) {
    return PosnetConfig.parse("posnet.yaml", yaml, Map.of());
  }

  @Test
  void absent_isAMillionEntriesBetweenTwoAndFive() {
    assertThat(parse("host: { port: 5800 }\n").host().snapshots())
        .isEqualTo(new PosnetConfig.HostSnapshots(1_000_000, LocalTime.of(2, 0), LocalTime.of(5, 0)));
    assertThat(PosnetConfig.defaults().host().snapshots()).isEqualTo(PosnetConfig.HostSnapshots.defaults());
  }

  @Test
  void given_keysOverrideOneByOne_andZeroMeansOnlyAtAStop() {
    assertThat(parse("host: { snapshots: { afterEntries: 200000, quietFrom: \"23:30\", quietTo: \"01:15\" } }\n").host().snapshots())
        .isEqualTo(new PosnetConfig.HostSnapshots(200_000, LocalTime.of(23, 30), LocalTime.of(1, 15)));
    assertThat(parse("host: { snapshots: { afterEntries: 0 } }\n").host().snapshots())
        .isEqualTo(new PosnetConfig.HostSnapshots(0, LocalTime.of(2, 0), LocalTime.of(5, 0)));
  }

  @Test
  void badValues_nameTheKey() {
    assertThatThrownBy(() -> parse("host: { snapshots: { afterEntries: -1 } }\n"))
        .hasMessageStartingWith("posnet.yaml:1: host.snapshots.afterEntries: expected 0 (only at a clean stop) or more");
    assertThatThrownBy(() -> parse("host: { snapshots: { quietFrom: \"2am\" } }\n"))
        .hasMessageStartingWith("posnet.yaml:1: host.snapshots.quietFrom: expected a time of day as HH:MM, got \"2am\"");
    assertThatThrownBy(() -> parse("host: { snapshots: { quietTo: \"25:00\" } }\n"))
        .hasMessageStartingWith("posnet.yaml:1: host.snapshots.quietTo: expected a time of day as HH:MM, got \"25:00\"");
    assertThatThrownBy(() -> parse("host: { snapshots: { every: 5 } }\n"))
        .hasMessageContaining("unknown key 'host.snapshots.every'").hasMessageContaining("afterEntries");
  }
}
