package org.posnet.aaa.accounting;

/** A change of an accounting session, published once it is durable. */
public record SessionEvent(Type type, AcctSession session) {
  public enum Type {
    STARTED("aaa.session.started"),
    UPDATED("aaa.session.updated"),
    STOPPED("aaa.session.stopped"),
    EXPIRED("aaa.session.expired");

    private final String eventType;

    Type(String eventType) {
      this.eventType = eventType;
    }

    /** The dotted type on the event bus (docs/events.md). */
    public String eventType() {
      return eventType;
    }
  }
}
