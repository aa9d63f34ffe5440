package org.posnet.common.fleet;

import org.posnet.common.crypto.Redaction;

/**
 * What the AAA needs to authenticate one terminal's PPP login: a SIM joined with its terminal.
 *
 * @param user {@code name@domain}
 * @param password the clear CHAP secret (opened from the store); never log it
 */
public record VpdnUser(
    String user,
    String password,
    String imsi,
    String msisdn,
    String terminalId,
    String merchantId,
    Status terminalStatus,
    Status simStatus) {

  public String domain() {
    return user.substring(user.lastIndexOf('@') + 1);
  }

  /** Only an active SIM in an active terminal may dial in. */
  public boolean mayConnect() {
    return terminalStatus == Status.ACTIVE && simStatus == Status.ACTIVE;
  }

  @Override
  public String toString() {
    return "VpdnUser[user=" + user + ", password=" + Redaction.secret(password) + ", imsi=" + imsi + ", msisdn=" + msisdn
        + ", terminalId=" + terminalId + ", merchantId=" + merchantId + ", terminalStatus=" + terminalStatus
        + ", simStatus=" + simStatus + "]";
  }
}
