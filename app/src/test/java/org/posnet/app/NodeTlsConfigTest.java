package org.posnet.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.posnet.common.config.PosnetConfig;
import org.posnet.host.HostConfig;

/** posnet.yaml's {@code host.tls} reaches the host's setting unchanged; absent stays plain TCP. */
class NodeTlsConfigTest {
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
}
