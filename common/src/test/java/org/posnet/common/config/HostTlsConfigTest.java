package org.posnet.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code host.tls}: file names only; the files are read when the host starts. */
class HostTlsConfigTest {

  @Test
  void absent_meansPlainTcp() {
    assertThat(PosnetConfig.defaults().host().tls()).isNull();
    assertThat(PosnetConfig.parse("posnet.yaml", "host: { port: 5800 }\n", Map.of()).host().tls()).isNull();
  }

  @Test
  void readsEveryKey() {
    PosnetConfig c = PosnetConfig.parse("posnet.yaml", """
        host:
          tls: { certificate: /etc/posnet/host.pem, privateKey: /etc/posnet/host.key, clientCa: /etc/posnet/terminals-ca.pem }
        """, Map.of());
    assertThat(c.host().tls()).isEqualTo(
        new PosnetConfig.HostTls("/etc/posnet/host.pem", "/etc/posnet/host.key", "/etc/posnet/terminals-ca.pem"));
  }

  @Test
  void clientCa_isOptional() {
    PosnetConfig c = PosnetConfig.parse("posnet.yaml", "host: { tls: { certificate: a.pem, privateKey: a.key } }\n", Map.of());
    assertThat(c.host().tls()).isEqualTo(new PosnetConfig.HostTls("a.pem", "a.key", null));
  }

  @Test
  void errors_nameTheKey() {
    assertThatThrownBy(() -> PosnetConfig.parse("posnet.yaml", "host: { tls: { certificate: a.pem } }\n", Map.of()))
        .hasMessage("posnet.yaml:1: host.tls.privateKey: required");
    assertThatThrownBy(() -> PosnetConfig.parse("posnet.yaml", "host: { tls: { privateKey: a.key } }\n", Map.of()))
        .hasMessage("posnet.yaml:1: host.tls.certificate: required");
    assertThatThrownBy(() -> PosnetConfig.parse("posnet.yaml",
        "host: { tls: { certificate: a.pem, privateKey: a.key, clientCA: ca.pem } }\n", Map.of()))
        .hasMessageContaining("unknown key 'host.tls.clientCA'").hasMessageContaining("clientCa");
    assertThatThrownBy(() -> PosnetConfig.parse("posnet.yaml",
        "host: { tls: { certificate: a.pem, privateKey: a.key, clientCa: \"\" } }\n", Map.of()))
        .hasMessage("posnet.yaml:1: host.tls.clientCa: expected a file name, or leave the key out");
    assertThatThrownBy(() -> PosnetConfig.parse("posnet.yaml", "host: { tls: yes }\n", Map.of()))
        .hasMessageContaining("host.tls");
    assertThatThrownBy(() -> PosnetConfig.parse("posnet.yaml", "host: { tlss: {} }\n", Map.of()))
        .hasMessageContaining("unknown key 'host.tlss'").hasMessageContaining("tls");
  }
}
