package org.posnet.common.fleet;

import org.posnet.common.crypto.Redaction;

/**
 * The SIM in a terminal and its VPDN login.
 *
 * @param user {@code name@domain}, the PPP/CHAP user the terminal dials in with
 * @param password the CHAP secret, clear in memory only
 */
public record Sim(String imsi, String msisdn, String user, String password, Status status) {

  /** The part after the last {@code @}, or null when the user has none. */
  public String domain() {
    int at = user == null ? -1 : user.lastIndexOf('@');
    return at < 0 ? null : user.substring(at + 1);
  }

  @Override
  public String toString() {
    return "Sim[imsi=" + imsi + ", msisdn=" + msisdn + ", user=" + user + ", password=" + Redaction.secret(password)
        + ", status=" + status + "]";
  }
}
