package org.posnet.common.event;

import java.util.function.Consumer;

/**
 * Where events are published and heard. In one process it is {@link InProcessEventBus}; at scale
 * the same calls front Kafka topics, so rule code does not change.
 */
public interface EventBus {

  void publish(Event event);

  /**
   * Hears every event whose type is {@code typePrefix} or lies under it by whole dotted words:
   * {@code "aaa.session"} hears {@code aaa.session.started} but not {@code aaa.sessions.x}; the
   * empty prefix hears everything.
   */
  Subscription subscribe(String typePrefix, Consumer<Event> subscriber);

  /**
   * Whether an event of this type would reach anyone now: a publisher on a hot path (one event per
   * transaction) builds the event only then. A bus that cannot tell (a broker's topic) says yes.
   */
  default boolean wants(String type) {
    return true;
  }

  /** Stops a subscription; closing twice is harmless. */
  interface Subscription extends AutoCloseable {
    @Override
    void close();
  }

  static boolean matches(String typePrefix, String type) {
    return typePrefix.isEmpty()
        || type.equals(typePrefix)
        || (type.startsWith(typePrefix) && type.charAt(typePrefix.length()) == '.');
  }
}
