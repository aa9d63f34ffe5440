package org.posnet.aaa.accounting;

import java.time.Instant;

/**
 * One accounting session as the AAA keeps it: who (user, terminal, IMSI/Calling-Station-Id), where
 * (NAS, framed IP, any location attribute) and how much. Keyed by NAS name and Acct-Session-Id.
 */
public record AcctSession(
    String nas,
    String nasAddress,
    String sessionId,
    String user,
    String terminalId,
    String callingStationId,
    String imsi,
    int framedIp,
    String location,
    State state,
    Instant startedAt,
    Instant updatedAt,
    Instant stoppedAt,
    long inputOctets,
    long outputOctets,
    long sessionTime,
    int terminateCause) {

  public enum State { ACTIVE, STOPPED, EXPIRED }

  public String key() {
    return key(nas, sessionId);
  }

  public static String key(String nas, String sessionId) {
    return nas + '\u0000' + sessionId;
  }

  public AcctSession withState(State s, Instant at, int cause) {
    return new AcctSession(nas, nasAddress, sessionId, user, terminalId, callingStationId, imsi, framedIp, location, s, startedAt, at,
        s == State.ACTIVE ? null : at, inputOctets, outputOctets, sessionTime, cause);
  }
}
