package org.posnet.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricsTest {
  @Test
  void scrape_showsRegisteredMetersInPrometheusText() {
    Metrics metrics = new Metrics();
    metrics.registry().counter("posnet.aaa.requests", "role", "lac", "result", "accept").increment(3);
    String text = metrics.scrape();
    assertThat(text).contains("# TYPE posnet_aaa_requests_total counter");
    assertThat(text).contains("posnet_aaa_requests_total{result=\"accept\",role=\"lac\"} 3.0");
    assertThat(text).contains("jvm_memory_used_bytes");
  }
}
