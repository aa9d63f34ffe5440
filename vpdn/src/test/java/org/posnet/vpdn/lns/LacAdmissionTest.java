package org.posnet.vpdn.lns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LacAdmissionTest {
  static final TunnelDomain LISTED = new TunnelDomain("A.VPDN", "secret-a", List.of("PDSN-HZ-01", "PDSN-HZ-02"));
  static final TunnelDomain OPEN = new TunnelDomain("B.VPDN", "secret-b", List.of());
  static final TunnelDomain LISTED_TOO = new TunnelDomain("C.VPDN", "secret-c", List.of("pdsn-hz-01"));

  LacAdmission admission(TunnelDomain... domains) {
    return new LacAdmission(List.of(domains), secret -> null);
  }

  @Test
  void aListedLac_getsTheFirstDomainThatListsIt_ignoringCase() {
    assertThat(admission(OPEN, LISTED, LISTED_TOO).domainFor("pdsn-HZ-01")).contains(LISTED);
  }

  @Test
  void anUnlistedLac_getsTheFirstOpenDomain() {
    assertThat(admission(LISTED, OPEN).domainFor("PDSN-SH-07")).contains(OPEN);
  }

  @Test
  void anUnlistedLac_withNoOpenDomain_isRefused() {
    assertThat(admission(LISTED, LISTED_TOO).domainFor("PDSN-SH-07")).isEmpty();
    assertThat(admission(LISTED).admit("PDSN-SH-07", null)).isEmpty();
  }

  @Test
  void passwordsNeverPrint() {
    assertThat(LISTED.toString()).doesNotContain("secret-a");
  }
}
