package org.posnet.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactionTest {
  @Test
  void pan_keepsSixAndFour() {
    assertThat(Redaction.pan("6222021234567890123")).isEqualTo("622202*********0123");
    assertThat(Redaction.pan("1234567890")).isEqualTo("**********");
    assertThat(Redaction.pan(null)).isEqualTo("null");
  }

  @Test
  void panRuns_masksEveryCardLengthRun_andLeavesOtherNumbers() {
    String message = "StatementException: arguments:{named:{pan:6222021234567890123}} on 4000123412341234, "
        + "seq 123456789012 at port 5432, 20-digit 12345678901234567890";
    assertThat(Redaction.panRuns(message)).isEqualTo("StatementException: arguments:{named:{pan:622202*********0123}} on "
        + "400012******1234, seq 123456789012 at port 5432, 20-digit 12345678901234567890");
    assertThat(Redaction.panRuns(null)).isEqualTo("null");
  }
}
