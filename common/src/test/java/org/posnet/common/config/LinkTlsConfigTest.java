package org.posnet.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code host.links[].tls} and {@code host.issuer.tls}: file names only; the files are read when the host starts. */
class LinkTlsConfigTest {
  private static final String LINK = "{ name: issuer-a, bins: [\"622202\"], host: 10.1.2.3, port: 5900, zpk: zpk-a,"
      + " acquirerInstitution: \"48160000\"";

  private static PosnetConfig parse(String yaml) {
    return PosnetConfig.parse("posnet.yaml", yaml, Map.of());
  }

  @Test
  void absent_meansPlainTcp() {
    PosnetConfig c = parse("host:\n  links: [" + LINK + " }]\n  issuer: { zpk: zpk-a }\n");
    assertThat(c.host().links().get(0).tls()).isNull();
    assertThat(c.host().issuer().tls()).isNull();
  }

  @Test
  void linkTls_readsEveryKey_clientCertificateOptional() {
    PosnetConfig c = parse("host:\n  links:\n"
        + "    - " + LINK + ", tls: { ca: /etc/posnet/issuer-ca.pem, certificate: /etc/posnet/acq.pem, privateKey: /etc/posnet/acq.key } }\n"
        + "    - { name: issuer-b, bins: [\"6223\"], host: 10.1.2.4, port: 5900, zpk: zpk-a, acquirerInstitution: \"48160000\","
        + " tls: { ca: b-ca.pem } }\n");
    assertThat(c.host().links().get(0).tls()).isEqualTo(
        new PosnetConfig.LinkTls("/etc/posnet/issuer-ca.pem", "/etc/posnet/acq.pem", "/etc/posnet/acq.key"));
    assertThat(c.host().links().get(1).tls()).isEqualTo(new PosnetConfig.LinkTls("b-ca.pem", null, null));
  }

  @Test
  void issuerTls_readsEveryKey_likeHostTls() {
    PosnetConfig c = parse("""
        host:
          issuer:
            zpk: zpk-a
            tls: { certificate: /etc/posnet/issuer.pem, privateKey: /etc/posnet/issuer.key, clientCa: /etc/posnet/acquirers-ca.pem }
        """);
    assertThat(c.host().issuer().tls()).isEqualTo(
        new PosnetConfig.HostTls("/etc/posnet/issuer.pem", "/etc/posnet/issuer.key", "/etc/posnet/acquirers-ca.pem"));
    assertThat(c.host().tls()).as("the terminal port stays as configured").isNull();
    assertThat(parse("host: { issuer: { zpk: z, tls: { certificate: a.pem, privateKey: a.key } } }\n").host().issuer().tls())
        .isEqualTo(new PosnetConfig.HostTls("a.pem", "a.key", null));
  }

  @Test
  void linkTls_errors_nameTheKey() {
    assertThatThrownBy(() -> parse("host:\n  links:\n    - " + LINK + ", tls: { certificate: a.pem, privateKey: a.key } }\n"))
        .hasMessage("posnet.yaml:3: host.links[0].tls.ca: required");
    assertThatThrownBy(() -> parse("host:\n  links:\n    - " + LINK + ", tls: { ca: ca.pem, certificate: a.pem } }\n"))
        .hasMessageStartingWith("posnet.yaml:3: host.links[0].tls.privateKey: required with certificate");
    assertThatThrownBy(() -> parse("host:\n  links:\n    - " + LINK + ", tls: { ca: ca.pem, privateKey: a.key } }\n"))
        .hasMessageStartingWith("posnet.yaml:3: host.links[0].tls.certificate: required with privateKey");
    assertThatThrownBy(() -> parse("host:\n  links:\n    - " + LINK + ", tls: { ca: ca.pem, clientCa: x.pem } }\n"))
        .hasMessageContaining("unknown key 'host.links[0].tls.clientCa'").hasMessageContaining("ca, certificate, privateKey");
    assertThatThrownBy(() -> parse("host:\n  links:\n    - " + LINK + ", tls: { ca: \"\" } }\n"))
        .hasMessage("posnet.yaml:3: host.links[0].tls.ca: required");
  }

  @Test
  void issuerTls_errors_nameTheKey() {
    assertThatThrownBy(() -> parse("host: { issuer: { zpk: z, tls: { certificate: a.pem } } }\n"))
        .hasMessage("posnet.yaml:1: host.issuer.tls.privateKey: required");
    assertThatThrownBy(() -> parse("host: { issuer: { zpk: z, tls: { certificate: a.pem, privateKey: a.key, ca: c.pem } } }\n"))
        .hasMessageContaining("unknown key 'host.issuer.tls.ca'").hasMessageContaining("clientCa");
    assertThatThrownBy(() -> parse("host: { issuer: { zpk: z, tlss: {} } }\n"))
        .hasMessageContaining("unknown key 'host.issuer.tlss'").hasMessageContaining("tls");
  }
}
