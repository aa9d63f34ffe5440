package org.posnet.common.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InProcessEventBusTest {
  private final InProcessEventBus bus = new InProcessEventBus();

  private static Event event(String type) {
    return Event.of(type, "10000001", Map.of("n", 1));
  }

  @Test
  void subscribers_hearTheirPrefixByWholeWords() {
    List<String> session = new ArrayList<>();
    List<String> all = new ArrayList<>();
    bus.subscribe("aaa.session", e -> session.add(e.type()));
    bus.subscribe("", e -> all.add(e.type()));
    bus.publish(event("aaa.session.started"));
    bus.publish(event("aaa.sessions.other"));
    bus.publish(event("host.txn.approved"));
    bus.publish(event("aaa.session"));
    assertThat(session).containsExactly("aaa.session.started", "aaa.session");
    assertThat(all).containsExactly("aaa.session.started", "aaa.sessions.other", "host.txn.approved", "aaa.session");
    assertThat(bus.published()).isEqualTo(4);
  }

  @Test
  void failingSubscriber_isCountedAndBreaksNobody() {
    List<String> heard = new ArrayList<>();
    bus.subscribe("host", e -> {
      throw new IllegalStateException("boom");
    });
    bus.subscribe("host", e -> heard.add(e.id()));
    Event e = event("host.txn.approved");
    bus.publish(e);
    bus.publish(e);
    assertThat(heard).containsExactly(e.id(), e.id());
    assertThat(bus.subscriberFailures()).isEqualTo(2);
  }

  @Test
  void closedSubscription_hearsNothingMore() {
    AtomicInteger count = new AtomicInteger();
    EventBus.Subscription s = bus.subscribe("tms", e -> count.incrementAndGet());
    bus.publish(event("tms.status.reported"));
    s.close();
    s.close();
    bus.publish(event("tms.status.reported"));
    assertThat(count).hasValue(1);
    assertThat(bus.subscriberCount()).isZero();
  }

  @Test
  void wants_onlyTypesSomeoneHears() {
    assertThat(bus.wants("host.txn.approved")).isFalse();
    EventBus.Subscription s = bus.subscribe("host.txn", e -> { });
    assertThat(bus.wants("host.txn.approved")).isTrue();
    assertThat(bus.wants("host.txns.x")).as("whole dotted words, as delivery").isFalse();
    assertThat(bus.wants("host.batch.settled")).isFalse();
    s.close();
    assertThat(bus.wants("host.txn.approved")).isFalse();
    try (EventBus.Subscription all = bus.subscribe("", e -> { })) {
      assertThat(bus.wants("host.batch.settled")).isTrue();
    }
  }

  @Test
  void subscribingWhilePublishing_isSafe() throws Exception {
    List<Event> heard = new CopyOnWriteArrayList<>();
    Thread publisher = new Thread(() -> {
      for (int i = 0; i < 20_000; i++) {
        bus.publish(event("risk.alert.raised"));
      }
    });
    publisher.start();
    for (int i = 0; i < 200; i++) {
      bus.subscribe("risk", heard::add).close();
    }
    EventBus.Subscription kept = bus.subscribe("risk", heard::add);
    publisher.join();
    bus.publish(event("risk.alert.raised"));
    kept.close();
    assertThat(heard).isNotEmpty();
    assertThat(bus.published()).isEqualTo(20_001);
    assertThat(bus.subscriberFailures()).isZero();
  }

  @Test
  void event_validatesTypeVersionAndCopiesPayload() {
    Clock clock = Clock.fixed(Instant.parse("2024-05-01T08:00:00Z"), ZoneOffset.UTC);
    Map<String, Object> payload = new java.util.HashMap<>(Map.of("amountFen", 500L));
    Event e = Event.of("host.txn.approved", "10000001", payload, clock);
    payload.put("late", "x");
    assertThat(e.payload()).containsOnlyKeys("amountFen");
    assertThat(e.at()).isEqualTo(Instant.parse("2024-05-01T08:00:00Z"));
    assertThat(e.version()).isEqualTo(1);
    assertThat(e.id()).hasSize(26);
    assertThatThrownBy(() -> Event.of("Session Started", null, Map.of())).hasMessageContaining("dotted lower-case");
    assertThatThrownBy(() -> Event.of("single", null, Map.of())).hasMessageContaining("dotted lower-case");
    assertThatThrownBy(() -> new Event("id", "a.b", Instant.EPOCH, null, 0, Map.of())).hasMessageContaining("version");
  }
}
