package org.posnet.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.posnet.common.config.PosnetConfig;
import org.posnet.host.HostConfig;

/** posnet.yaml's {@code host.tls}, {@code host.windows} and {@code host.snapshots} reach the host's settings unchanged; absent keeps the defaults. */
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

  @Test
  void hostSnapshots_becomeTheHostsSnapshotSetting_zeroEntriesOnlyAtAStop() {
    PosnetConfig c = PosnetConfig.parse("posnet.yaml",
        "host: { snapshots: { afterEntries: 50000, quietFrom: \"01:00\", quietTo: \"04:30\" } }\n", Map.of());
    assertThat(Node.snapshots(c.host().snapshots())).isEqualTo(new HostConfig.Snapshots(java.time.Duration.ofMinutes(1), 50_000,
        java.time.LocalTime.of(1, 0), java.time.LocalTime.of(4, 30)));
    assertThat(Node.snapshots(PosnetConfig.defaults().host().snapshots())).isEqualTo(HostConfig.Snapshots.defaults());
    PosnetConfig off = PosnetConfig.parse("posnet.yaml", "host: { snapshots: { afterEntries: 0 } }\n", Map.of());
    assertThat(Node.snapshots(off.host().snapshots()).periodic()).isFalse();
  }

  @Test
  void hostMdr_becomesTheLedgersTable_absentKeepsPosNets() {
    PosnetConfig c = PosnetConfig.parse("posnet.yaml", "host: { mdr: { default: 50, \"5411\": 25 } }\n", Map.of());
    org.posnet.host.ledger.MdrTable t = Node.mdr(c.host().mdr());
    assertThat(t.bps("5411")).isEqualTo(25);
    assertThat(t.bps("5812")).isEqualTo(50);
    assertThat(t.bps("8211")).as("not written: the default, not PosNet's 0").isEqualTo(50);
    assertThat(Node.mdr(PosnetConfig.defaults().host().mdr())).isEqualTo(org.posnet.host.ledger.MdrTable.defaults());
  }
}
