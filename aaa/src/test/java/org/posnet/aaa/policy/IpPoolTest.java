package org.posnet.aaa.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.posnet.common.time.FakeTicker;

class IpPoolTest {
  private final FakeTicker ticker = new FakeTicker();

  @Test
  void sameUserSameAddress_untilTheOfferExpires() {
    IpPool pool = new IpPool(Cidr.parse("10.64.0.0/29"), ticker, Duration.ofSeconds(60));
    int a = pool.offer("u1");
    assertThat(Cidr.format(a)).isEqualTo("10.64.0.1");
    ticker.advance(Duration.ofSeconds(59));
    assertThat(pool.offer("u1")).isEqualTo(a); // renewed
    ticker.advance(Duration.ofSeconds(59));
    assertThat(pool.offer("u2")).isNotEqualTo(a); // u1's renewed offer still holds
    ticker.advance(Duration.ofSeconds(61));
    assertThat(pool.inUse()).isZero();
  }

  @Test
  void boundLease_survivesOfferExpiry_andIsFreedOnRelease() {
    IpPool pool = new IpPool(Cidr.parse("10.64.0.0/29"), ticker, Duration.ofSeconds(60));
    int a = pool.offer("u1");
    pool.bind("u1", a);
    ticker.advance(Duration.ofHours(5));
    assertThat(pool.inUse()).isEqualTo(1);
    assertThat(pool.offer("u1")).isEqualTo(a);
    pool.release("u1");
    assertThat(pool.inUse()).isZero();
  }

  @Test
  void exhaustedPool_offersZero_andSkipsNetworkAndBroadcast() {
    IpPool pool = new IpPool(Cidr.parse("10.64.0.0/30"), ticker, Duration.ofSeconds(60));
    assertThat(pool.capacity()).isEqualTo(2);
    assertThat(Cidr.format(pool.offer("a"))).isEqualTo("10.64.0.1");
    assertThat(Cidr.format(pool.offer("b"))).isEqualTo("10.64.0.2");
    assertThat(pool.offer("c")).isZero();
  }

  @Test
  void bindAfterRestart_reservesTheAddressFromAccounting() {
    IpPool pool = new IpPool(Cidr.parse("10.64.0.0/29"), ticker, Duration.ofSeconds(60));
    pool.bind("u9", Cidr.parseAddress("10.64.0.1"));
    assertThat(Cidr.format(pool.offer("u1"))).isEqualTo("10.64.0.2");
    assertThat(Cidr.format(pool.offer("u9"))).isEqualTo("10.64.0.1");
  }

  @Test
  void cidr_parsesStrictly_andDetectsOverlap() {
    assertThat(Cidr.parse("10.64.1.7/16").toString()).isEqualTo("10.64.0.0/16");
    assertThat(Cidr.parse("10.64.0.0/16").overlaps(Cidr.parse("10.64.128.0/17"))).isTrue();
    assertThat(Cidr.parse("10.64.0.0/16").overlaps(Cidr.parse("10.65.0.0/16"))).isFalse();
    for (String bad : new String[] {"10.64.0", "10.64.0.256", "a.b.c.d", "10.64.0.0/33", "localhost"}) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> Cidr.parse(bad)).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
