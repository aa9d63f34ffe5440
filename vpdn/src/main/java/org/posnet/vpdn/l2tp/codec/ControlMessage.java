package org.posnet.vpdn.l2tp.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A control message (T=1): header fields and its AVPs in wire order, without the leading Message
 * Type AVP, which is kept as {@code messageType} and its M bit. A ZLB acknowledgement has no AVPs
 * and {@code messageType} {@link #ZLB}. Unknown message types are kept (the control connection
 * acknowledges them, then ignores or tears down depending on {@code typeMandatory}).
 */
public record ControlMessage(
    int tunnelId, int sessionId, int ns, int nr, int messageType, boolean typeMandatory, List<Avp> avps)
    implements L2tpPacket {

  /** {@code messageType} of a zero-length body, which only acknowledges. */
  public static final int ZLB = -1;

  public ControlMessage {
    check16("tunnelId", tunnelId);
    check16("sessionId", sessionId);
    check16("ns", ns);
    check16("nr", nr);
    if (messageType < ZLB || messageType > 0xFFFF) {
      throw new IllegalArgumentException("messageType out of range: " + messageType);
    }
    avps = List.copyOf(avps);
    if (messageType == ZLB && !avps.isEmpty()) {
      throw new IllegalArgumentException("a ZLB carries no AVPs");
    }
  }

  private static void check16(String name, int v) {
    if (v < 0 || v > 0xFFFF) {
      throw new IllegalArgumentException(name + " is 16 bits: " + v);
    }
  }

  public static ControlMessage zlb(int tunnelId, int ns, int nr) {
    return new ControlMessage(tunnelId, 0, ns, nr, ZLB, false, List.of());
  }

  public static Builder builder(MessageType type) {
    return new Builder(type);
  }

  public boolean isZlb() {
    return messageType == ZLB;
  }

  public Optional<MessageType> type() {
    return MessageType.of(messageType);
  }

  public boolean is(MessageType t) {
    return messageType == t.code();
  }

  /** The same message with new sequence numbers and destination, as the sender fills them in. */
  public ControlMessage addressed(int tunnelId, int sessionId, int ns, int nr) {
    return new ControlMessage(tunnelId, sessionId, ns, nr, messageType, typeMandatory, avps);
  }

  public ControlMessage withNr(int nr) {
    return new ControlMessage(tunnelId, sessionId, ns, nr, messageType, typeMandatory, avps);
  }

  public Optional<Avp> find(AvpType t) {
    for (Avp a : avps) {
      if (a.is(t)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  public boolean has(AvpType t) {
    return find(t).isPresent();
  }

  public OptionalInt uint16(AvpType t) {
    return find(t).map(a -> OptionalInt.of(a.uint16())).orElse(OptionalInt.empty());
  }

  public OptionalLong uint32(AvpType t) {
    return find(t).map(a -> OptionalLong.of(a.uint32())).orElse(OptionalLong.empty());
  }

  public Optional<String> text(AvpType t) {
    return find(t).map(Avp::text);
  }

  public Optional<byte[]> bytes(AvpType t) {
    return find(t).map(Avp::value);
  }

  public Optional<ResultCode> resultCode() {
    return find(AvpType.RESULT_CODE).map(Avp::resultCode);
  }

  /** The first AVP we do not understand that has its M bit set: reason enough to tear down. */
  public Optional<Avp> unknownMandatory() {
    for (Avp a : avps) {
      if (a.mandatory() && a.known().isEmpty()) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    String name = isZlb() ? "ZLB" : type().map(Enum::name).orElse("type" + messageType);
    return name + "{tunnel=" + tunnelId + ", session=" + sessionId + ", ns=" + ns + ", nr=" + nr
        + (avps.isEmpty() ? "" : ", " + avps) + "}";
  }

  /** Builds a message to send; tunnel, session, Ns and Nr are filled in by the control connection. */
  public static final class Builder {
    private final MessageType type;
    private final List<Avp> avps = new ArrayList<>();
    private int tunnelId;
    private int sessionId;

    private Builder(MessageType type) {
      this.type = type;
    }

    public Builder tunnelId(int id) {
      this.tunnelId = id;
      return this;
    }

    public Builder sessionId(int id) {
      this.sessionId = id;
      return this;
    }

    public Builder add(Avp avp) {
      avps.add(avp);
      return this;
    }

    public Builder uint16(AvpType t, int v) {
      return add(Avp.uint16(t, v));
    }

    public Builder uint32(AvpType t, long v) {
      return add(Avp.uint32(t, v));
    }

    public Builder text(AvpType t, String v) {
      return add(Avp.text(t, v));
    }

    public Builder bytes(AvpType t, byte[] v) {
      return add(Avp.of(t, v));
    }

    public ControlMessage build() {
      return new ControlMessage(tunnelId, sessionId, 0, 0, type.code(), true, avps);
    }
  }
}
