package org.posnet.common.event;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The one envelope every session, transaction, status change and rule hit travels in, in process
 * now and on Kafka at scale.
 *
 * <p>The payload is a {@code Map<String, Object>} of JSON-friendly values (String, Number, Boolean,
 * nested Map/List) so the envelope can cross a process boundary without a class registry; typed
 * payload records can come later behind {@link #version}. Absent values are left out, not null.
 * Payloads carry masked PANs and never a PIN block, key or password (DESIGN.md §5).
 *
 * @param id time-ordered unique id from {@link EventIds}
 * @param type dotted lower-case name, e.g. {@code aaa.session.started}
 * @param at when it happened, UTC
 * @param key the terminal, merchant or institution it is about (the partition key at scale); may be null
 * @param version payload schema version of this type, from 1
 */
public record Event(String id, String type, Instant at, String key, int version, Map<String, Object> payload) {
  private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+");
  /** Types already checked: a handful of constants, published once per transaction, so the regex runs once each. */
  private static final java.util.Set<String> CHECKED = java.util.concurrent.ConcurrentHashMap.newKeySet();

  public Event {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(at, "at");
    if (type == null || !CHECKED.contains(type)) {
      if (type == null || !TYPE.matcher(type).matches()) {
        throw new IllegalArgumentException("event type must be dotted lower-case words like aaa.session.started, got " + type);
      }
      if (CHECKED.size() < 1024) {
        CHECKED.add(type);
      }
    }
    if (version < 1) {
      throw new IllegalArgumentException("event version starts at 1, got " + version);
    }
    payload = Map.copyOf(payload);
  }

  /** A version-1 event happening now. */
  public static Event of(String type, String key, Map<String, Object> payload) {
    return of(type, key, payload, Clock.systemUTC());
  }

  public static Event of(String type, String key, Map<String, Object> payload, Clock clock) {
    return new Event(EventIds.next(), type, clock.instant(), key, 1, payload);
  }
}
