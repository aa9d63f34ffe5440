package org.posnet.common.event;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers each event to its subscribers synchronously on the publisher's thread. Publishing takes
 * no lock: subscribers sit in a copy-on-write list, since subscribing is rare and publishing is on
 * every packet's path. A subscriber that throws is logged and counted; the publisher and the other
 * subscribers carry on. Subscribers that do slow work hand the event to their own executor.
 */
public final class InProcessEventBus implements EventBus {
  private static final Logger log = LoggerFactory.getLogger(InProcessEventBus.class);

  private final CopyOnWriteArrayList<Registration> registrations = new CopyOnWriteArrayList<>();
  private final LongAdder published = new LongAdder();
  private final LongAdder subscriberFailures = new LongAdder();

  @Override
  public void publish(Event event) {
    published.increment();
    for (Registration r : registrations) {
      if (EventBus.matches(r.typePrefix, event.type())) {
        try {
          r.subscriber.accept(event);
        } catch (RuntimeException | Error e) {
          if (e instanceof VirtualMachineError vme) {
            throw vme;
          }
          subscriberFailures.increment();
          log.warn("event=bus.subscriber_failed type={} id={} prefix={} error=\"{}\"", event.type(), event.id(),
              r.typePrefix, e.toString(), e);
        }
      }
    }
  }

  @Override
  public boolean wants(String type) {
    for (Registration r : registrations) {
      if (EventBus.matches(r.typePrefix, type)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Subscription subscribe(String typePrefix, Consumer<Event> subscriber) {
    Registration r = new Registration(typePrefix, subscriber);
    registrations.add(r);
    return () -> registrations.remove(r);
  }

  /** Events published since start. */
  public long published() {
    return published.sum();
  }

  /** Deliveries that ended in a subscriber's exception since start. */
  public long subscriberFailures() {
    return subscriberFailures.sum();
  }

  public int subscriberCount() {
    return registrations.size();
  }

  /** Identity matters: the same consumer subscribed twice is two registrations. */
  private static final class Registration {
    final String typePrefix;
    final Consumer<Event> subscriber;

    Registration(String typePrefix, Consumer<Event> subscriber) {
      this.typePrefix = typePrefix;
      this.subscriber = subscriber;
    }
  }
}
