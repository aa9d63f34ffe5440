package org.posnet.common.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Ipv4CidrTest {
  @Test
  void ipv4_acceptsOnlyStrictDottedQuads() {
    assertThat(Ipv4.isValid("127.0.0.1")).isTrue();
    assertThat(Ipv4.isValid("255.255.255.255")).isTrue();
    for (String bad : new String[] {"10.1", "256.0.0.1", "010.0.0.1", "1.2.3.4.5", "a.b.c.d", "", "1..2.3", "localhost"}) {
      assertThat(Ipv4.isValid(bad)).as(bad).isFalse();
    }
    assertThat(Ipv4.format(Ipv4.parse("10.64.1.2"))).isEqualTo("10.64.1.2");
  }

  @Test
  void cidr_parsesSizesAndContains() {
    Ipv4Cidr pool = Ipv4Cidr.parse("10.64.0.0/16");
    assertThat(pool.size()).isEqualTo(65_536);
    assertThat(Ipv4.format(pool.last())).isEqualTo("10.64.255.255");
    assertThat(pool.contains(Ipv4.parse("10.64.200.1"))).isTrue();
    assertThat(pool.contains(Ipv4.parse("10.65.0.0"))).isFalse();
    assertThat(Ipv4Cidr.parse("127.0.0.2")).isEqualTo(new Ipv4Cidr(Ipv4.parse("127.0.0.2"), 32));
    assertThat(Ipv4Cidr.parse("0.0.0.0/0").size()).isEqualTo(1L << 32);
  }

  @Test
  void cidr_overlaps() {
    Ipv4Cidr a = Ipv4Cidr.parse("10.64.0.0/16");
    assertThat(a.overlaps(Ipv4Cidr.parse("10.64.128.0/17"))).isTrue();
    assertThat(a.overlaps(Ipv4Cidr.parse("10.0.0.0/8"))).isTrue();
    assertThat(a.overlaps(Ipv4Cidr.parse("10.65.0.0/16"))).isFalse();
  }

  @Test
  void cidr_explainsMistakes() {
    assertThatThrownBy(() -> Ipv4Cidr.parse("10.64.1.0/16")).hasMessage("\"10.64.1.0/16\" has host bits set; did you mean 10.64.0.0/16?");
    assertThatThrownBy(() -> Ipv4Cidr.parse("10.64.0.0/33")).hasMessageContaining("prefix length must be 0-32");
    assertThatThrownBy(() -> Ipv4Cidr.parse("10.64.0/16")).hasMessageContaining("expected an IPv4 CIDR");
  }
}
