package org.posnet.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

/** When a running host writes a state snapshot: enough entries since the last, in the quiet window or far past it. */
class SnapshotsTest {

    @Test
    void defaults_wait_forAMillionEntriesAndTheNightWindow_orTenMillionAtAnyHour() {
        HostConfig.Snapshots s = HostConfig.Snapshots.defaults();
        assertThat(s.periodic()).isTrue();
        assertThat(s.due(999_999, LocalTime.of(3, 0))).isFalse();
        assertThat(s.due(1_000_000, LocalTime.of(3, 0))).isTrue();
        assertThat(s.due(1_000_000, LocalTime.of(2, 0))).isTrue();
        assertThat(s.due(1_000_000, LocalTime.of(5, 0))).as("the window's end is outside it").isFalse();
        assertThat(s.due(1_000_000, LocalTime.of(1, 59))).isFalse();
        assertThat(s.due(9_999_999, LocalTime.of(12, 0))).isFalse();
        assertThat(s.due(10_000_000, LocalTime.of(12, 0))).isTrue();
    }

    @Test
    void aWindowAcrossMidnight_andTheSameTwoTimesMeaningAllDay() {
        HostConfig.Snapshots night = new HostConfig.Snapshots(Duration.ofMinutes(1), 10, LocalTime.of(23, 0), LocalTime.of(1, 0));
        assertThat(night.due(10, LocalTime.of(23, 30))).isTrue();
        assertThat(night.due(10, LocalTime.of(0, 30))).isTrue();
        assertThat(night.due(10, LocalTime.of(1, 0))).isFalse();
        assertThat(night.due(10, LocalTime.of(22, 59))).isFalse();
        HostConfig.Snapshots always = new HostConfig.Snapshots(Duration.ofMinutes(1), 10, LocalTime.NOON, LocalTime.NOON);
        assertThat(always.due(10, LocalTime.of(7, 0))).isTrue();
        assertThat(always.due(9, LocalTime.of(7, 0))).isFalse();
    }

    @Test
    void atStopOnly_isNotPeriodic_andNonsenseIsRefused() {
        assertThat(HostConfig.Snapshots.atStopOnly().periodic()).isFalse();
        assertThat(HostConfig.defaults().snapshots()).isEqualTo(HostConfig.Snapshots.defaults());
        assertThatThrownBy(() -> new HostConfig.Snapshots(Duration.ofSeconds(-1), 10, LocalTime.NOON, LocalTime.NOON))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HostConfig.Snapshots(Duration.ofSeconds(1), 0, LocalTime.NOON, LocalTime.NOON))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HostConfig.Snapshots(Duration.ofSeconds(1), 1, null, LocalTime.NOON))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
