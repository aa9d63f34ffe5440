package org.posnet.common.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DigitsTest {

  @Test
  void sameAsStringFormat() {
    Random r = new Random(2611);
    for (int i = 0; i < 10_000; i++) {
      int width = 1 + r.nextInt(19);
      long max = width == 19 ? Long.MAX_VALUE : (long) Math.pow(10, width) - 1;
      long v = Math.floorMod(r.nextLong(), max + (width == 19 ? 0 : 1));
      assertThat(Digits.zeroPadded(v, width)).isEqualTo(String.format("%0" + width + "d", v));
    }
    assertThat(Digits.zeroPadded(0, 6)).isEqualTo("000000");
    assertThat(Digits.zeroPadded(999_999, 6)).isEqualTo("999999");
  }

  @Test
  void refusesWhatDoesNotFit() {
    assertThatThrownBy(() -> Digits.zeroPadded(1_000_000, 6)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Digits.zeroPadded(-1, 6)).isInstanceOf(IllegalArgumentException.class);
  }
}
