package org.posnet.common.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MoneyTest {
  @Test
  void parseMinor_readsUpToTwoPlaces() {
    assertThat(Money.parseMinor("5000.00")).isEqualTo(500_000);
    assertThat(Money.parseMinor("120.5")).isEqualTo(12_050);
    assertThat(Money.parseMinor("7")).isEqualTo(700);
    assertThat(Money.parseMinor("0.01")).isEqualTo(1);
    assertThat(Money.parseMinor("-3.10")).isEqualTo(-310);
  }

  @Test
  void parseMinor_refusesThreePlacesAndJunk() {
    for (String bad : new String[] {"1.005", "1,00", "", "abc", "1e3", ".5", "12345678901234567"}) {
      assertThatThrownBy(() -> Money.parseMinor(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void format_andToString() {
    assertThat(Money.format(500_000)).isEqualTo("5000.00");
    assertThat(Money.format(-5)).isEqualTo("-0.05");
    assertThat(Money.ofFen(12_050).toString()).isEqualTo("120.50 156");
    assertThatThrownBy(() -> new Money(1, "CNY")).hasMessageContaining("ISO 4217 numeric");
  }
}
