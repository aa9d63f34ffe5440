package org.posnet.vpdn.l2tp.codec;

import java.util.Arrays;

/**
 * A data message (T=0) carrying one PPP frame, without HDLC flags, escaping or FCS. Ns/Nr are
 * present only when {@code sequenced}; {@code offsetPad} is the Offset Size (-1 when the O bit is
 * clear) so a decoded message re-encodes to the same bytes.
 */
public record DataMessage(
    int tunnelId, int sessionId, boolean lengthPresent, boolean sequenced, int ns, int nr,
    boolean priority, int offsetPad, byte[] payload) implements L2tpPacket {

  public DataMessage {
    if ((tunnelId | sessionId | ns | nr) >>> 16 != 0) {
      throw new IllegalArgumentException("ids and sequence numbers are 16 bits");
    }
    if (offsetPad < -1 || offsetPad > 0xFFFF) {
      throw new IllegalArgumentException("offsetPad out of range: " + offsetPad);
    }
    payload = payload.clone();
  }

  /** The plain form a sender uses when sequencing is not required: no length, no offset. */
  public static DataMessage of(int tunnelId, int sessionId, byte[] pppFrame) {
    return new DataMessage(tunnelId, sessionId, false, false, 0, 0, false, -1, pppFrame);
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DataMessage d && d.tunnelId == tunnelId && d.sessionId == sessionId
        && d.lengthPresent == lengthPresent && d.sequenced == sequenced && d.ns == ns && d.nr == nr
        && d.priority == priority && d.offsetPad == offsetPad && Arrays.equals(d.payload, payload);
  }

  @Override
  public int hashCode() {
    return (tunnelId * 31 + sessionId) * 31 + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "Data{tunnel=" + tunnelId + ", session=" + sessionId + (sequenced ? ", ns=" + ns + ", nr=" + nr : "")
        + ", " + payload.length + " bytes}";
  }
}
