package org.posnet.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.posnet.common.config.PosnetConfig;
import org.posnet.host.HostConfig;

/** posnet.yaml's {@code host.tls} and {@code host.windows} reach the host's settings unchanged; absent keeps the defaults. */
class NodeHostConfigTest {
  @Test
  void hostTls_isPassedThrough() {
    PosnetConfig c = PosnetConfig.parse("posnet.yaml",
        "host: { tls: { certificate: /etc/h.pem, privateKey: /etc/h.key, clientCa: /etc/ca.pem } }\n", Map.of());
    assertThat(Node.hostTls(c.host().tls()))
        .isEqualTo(new HostConfig.Tls(Path.of("/etc/h.pem"), Path.of("/etc/h.key"), Path.of("/etc/ca.pem")));
    PosnetConfig noCa = PosnetConfig.parse("posnet.yaml", "host: { tls: { certificate: h.pem, privateKey: h.key } }\n", Map.of());
    assertThat(Node.hostTls(noCa.host().tls())).isEqualTo(new HostConfig.Tls(Path.of("h.pem"), Path.of("h.key"), null));
    assertThat(Node.hostTls(PosnetConfig.defaults().host().tls())).isNull();
  }

  @Test
  void hostWindows_becomeThePolicysDays() {
    PosnetConfig c = PosnetConfig.parse("posnet.yaml",
        "host: { windows: { refundDays: 180, preAuthHoldDays: 20, retentionDays: 200 } }\n", Map.of());
    org.posnet.host.auth.AuthPolicy p = Node.policy(org.posnet.host.auth.AuthPolicy.defaults(), c.host().windows());
    assertThat(p.refundWindow()).isEqualTo(java.time.Duration.ofDays(180));
    assertThat(p.preAuthHold()).isEqualTo(java.time.Duration.ofDays(20));
    assertThat(p.stateRetention()).isEqualTo(java.time.Duration.ofDays(200));
    assertThat(Node.policy(org.posnet.host.auth.AuthPolicy.defaults(), PosnetConfig.defaults().host().windows()))
        .isEqualTo(org.posnet.host.auth.AuthPolicy.defaults());
  }
}
