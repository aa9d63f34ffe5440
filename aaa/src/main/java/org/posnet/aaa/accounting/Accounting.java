package org.posnet.aaa.accounting;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.posnet.aaa.codec.Attr;
import org.posnet.aaa.codec.RadiusAttribute;
import org.posnet.aaa.codec.RadiusPacket;
import org.posnet.aaa.policy.Directory;
import org.posnet.aaa.policy.IpPool;
import org.posnet.aaa.policy.IpPools;
import org.posnet.aaa.policy.Nas;
import org.posnet.aaa.policy.Subscriber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accounting (RFC 2866) kept as sessions: Start, Interim-Update and Stop per Acct-Session-Id,
 * idempotent; Accounting-On/Off closes every session of that NAS; a session with no update for
 * {@code expiryAfter} expires. Every change is stored durably before the NAS is answered, and
 * published as a {@link SessionEvent} after that.
 */
public final class Accounting implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Accounting.class);
  /** Acct-Terminate-Cause NAS-Reboot, recorded for sessions closed by Accounting-On/Off. */
  private static final int CAUSE_NAS_REBOOT = 11;
  /** Acct-Terminate-Cause Lost-Service, recorded for sessions that expired unseen. */
  private static final int CAUSE_LOST_SERVICE = 3;

  /** A live session and the write that made its latest state durable (or is making it so). */
  private record Live(AcctSession session, CompletableFuture<Void> durable) {}

  private final ConcurrentHashMap<String, Live> active = new ConcurrentHashMap<>();
  /**
   * Sessions stopped lately, so a Stop the NAS sends again (new identifier, same session) is stored
   * again harmlessly but not announced twice. Bounded: the oldest are forgotten first.
   */
  private final java.util.Map<String, Boolean> recentlyStopped = java.util.Collections.synchronizedMap(
      new java.util.LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, Boolean> eldest) {
          return size() > 65_536;
        }
      });
  private final SessionStore store;
  private final GroupCommit writer;
  private final Supplier<Directory> directory;
  private final IpPools pools;
  private final Clock clock;
  private final Duration expiryAfter;
  private final Consumer<SessionEvent> events;

  public Accounting(SessionStore store, Supplier<Directory> directory, IpPools pools, Clock clock, Duration expiryAfter, Consumer<SessionEvent> events) {
    this.store = store;
    this.writer = new GroupCommit(store, 65_536);
    this.directory = directory;
    this.pools = pools;
    this.clock = clock;
    this.expiryAfter = expiryAfter;
    this.events = events;
  }

  /** Reloads active sessions after a restart so addresses stay with their users. */
  public int recover() {
    int n = 0;
    for (AcctSession s : store.active()) {
      active.put(s.key(), new Live(s, CompletableFuture.completedFuture(null)));
      bindAddress(s);
      n++;
    }
    return n;
  }

  /** Outcome of one Accounting-Request: a future that completes when it is durable. */
  public CompletableFuture<Void> handle(Nas nas, String nasAddress, RadiusPacket request) {
    long status = request.integer(Attr.ACCT_STATUS_TYPE);
    if (status == Attr.ACCT_ON || status == Attr.ACCT_OFF) return closeAllOf(nas.name());
    String sessionId = request.text(Attr.ACCT_SESSION_ID);
    if (sessionId == null || sessionId.isEmpty()) return CompletableFuture.failedFuture(new IllegalArgumentException("Accounting-Request without Acct-Session-Id"));
    Instant now = clock.instant();
    String key = AcctSession.key(nas.name(), sessionId);
    Live live = active.get(key);
    AcctSession previous = live == null ? null : live.session();
    AcctSession next;
    SessionEvent.Type type;
    if (status == Attr.ACCT_START) {
      if (live != null) return live.durable(); // a repeated Start changes nothing once the first is stored
      next = fromRequest(nas, nasAddress, sessionId, request, now, null);
      type = SessionEvent.Type.STARTED;
    } else if (status == Attr.ACCT_INTERIM) {
      next = fromRequest(nas, nasAddress, sessionId, request, now, previous);
      type = previous == null ? SessionEvent.Type.STARTED : SessionEvent.Type.UPDATED;
    } else if (status == Attr.ACCT_STOP) {
      AcctSession base = fromRequest(nas, nasAddress, sessionId, request, now, previous);
      int cause = (int) Math.max(0, request.integer(Attr.ACCT_TERMINATE_CAUSE));
      next = base.withState(AcctSession.State.STOPPED, now, cause);
      type = SessionEvent.Type.STOPPED;
    } else {
      return CompletableFuture.failedFuture(new IllegalArgumentException("Acct-Status-Type " + status + " is not handled"));
    }
    CompletableFuture<Void> durable = writer.submit(next);
    Live nextLive = new Live(next, durable);
    if (next.state() == AcctSession.State.ACTIVE) {
      active.put(key, nextLive);
      bindAddress(next);
    } else {
      active.remove(key);
      releaseAddress(next);
    }
    boolean repeatedStop = type == SessionEvent.Type.STOPPED && live == null && recentlyStopped.containsKey(key);
    if (type == SessionEvent.Type.STOPPED) recentlyStopped.put(key, Boolean.TRUE);
    return durable.whenComplete((ok, err) -> {
      if (err == null) {
        if (!repeatedStop) events.accept(new SessionEvent(type, next));
      } else if (active.remove(key, nextLive) || next.state() != AcctSession.State.ACTIVE) {
        // Not stored: put memory back as it was, so the NAS's retransmission is processed afresh.
        if (live != null) active.putIfAbsent(key, live);
      }
    });
  }

  private CompletableFuture<Void> closeAllOf(String nasName) {
    Instant now = clock.instant();
    List<CompletableFuture<Void>> writes = new ArrayList<>();
    for (Live l : active.values()) {
      AcctSession s = l.session();
      if (!s.nas().equals(nasName)) continue;
      if (active.remove(s.key(), l)) {
        AcctSession stopped = s.withState(AcctSession.State.STOPPED, now, CAUSE_NAS_REBOOT);
        releaseAddress(stopped);
        writes.add(writer.submit(stopped).thenRun(() -> events.accept(new SessionEvent(SessionEvent.Type.STOPPED, stopped))));
      }
    }
    log.info("event=acct_nas_reset nas={} sessions_closed={}", nasName, writes.size());
    return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
  }

  /** Expires sessions that have not been heard of for {@code expiryAfter}. Called periodically. */
  public int expire() {
    Instant cutoff = clock.instant().minus(expiryAfter);
    int n = 0;
    for (Live l : active.values()) {
      AcctSession s = l.session();
      if (s.updatedAt().isBefore(cutoff) && active.remove(s.key(), l)) {
        AcctSession expired = s.withState(AcctSession.State.EXPIRED, clock.instant(), CAUSE_LOST_SERVICE);
        releaseAddress(expired);
        writer.submit(expired).thenRun(() -> events.accept(new SessionEvent(SessionEvent.Type.EXPIRED, expired)));
        n++;
      }
    }
    if (n > 0) log.info("event=acct_sessions_expired count={} silent_for={}", n, expiryAfter);
    return n;
  }

  public int activeCount() {
    return active.size();
  }

  /** The live session of a user, newest first; for Disconnect. */
  public List<AcctSession> activeOf(String user) {
    String key = Subscriber.key(user);
    List<AcctSession> out = new ArrayList<>();
    for (Live l : active.values()) {
      if (Subscriber.key(l.session().user()).equals(key)) out.add(l.session());
    }
    out.sort((a, b) -> b.startedAt().compareTo(a.startedAt()));
    return out;
  }

  private AcctSession fromRequest(Nas nas, String nasAddress, String sessionId, RadiusPacket r, Instant now, AcctSession previous) {
    String user = r.text(Attr.USER_NAME);
    if (user == null && previous != null) user = previous.user();
    String calling = r.text(Attr.CALLING_STATION_ID);
    String imsi = r.firstVendor(Attr.VENDOR_3GPP, Attr.V3GPP_IMSI).map(RadiusAttribute::asText)
        .orElse(isImsi(calling) ? calling : null);
    long framed = r.integer(Attr.FRAMED_IP_ADDRESS);
    String terminal = terminalOf(user, r);
    long in = (Math.max(0, r.integer(Attr.ACCT_INPUT_GIGAWORDS)) << 32) | Math.max(0, r.integer(Attr.ACCT_INPUT_OCTETS));
    long out = (Math.max(0, r.integer(Attr.ACCT_OUTPUT_GIGAWORDS)) << 32) | Math.max(0, r.integer(Attr.ACCT_OUTPUT_OCTETS));
    long time = Math.max(0, r.integer(Attr.ACCT_SESSION_TIME));
    Instant started = previous != null ? previous.startedAt() : now.minusSeconds(Math.max(0, r.integer(Attr.ACCT_DELAY_TIME)) + time);
    return new AcctSession(nas.name(), nasAddress, sessionId, user == null ? "" : user, terminal,
        calling != null ? calling : previous != null ? previous.callingStationId() : null,
        imsi != null ? imsi : previous != null ? previous.imsi() : null,
        framed >= 0 ? (int) framed : previous != null ? previous.framedIp() : 0,
        location(r, previous), AcctSession.State.ACTIVE, started, now, null,
        previous != null ? Math.max(in, previous.inputOctets()) : in,
        previous != null ? Math.max(out, previous.outputOctets()) : out,
        time, 0);
  }

  /** Fifteen ASCII digits (a loop: a stream here showed in the accounting profile). */
  private static boolean isImsi(String s) {
    if (s == null || s.length() != 15) return false;
    for (int i = 0; i < 15; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') return false;
    }
    return true;
  }

  private String terminalOf(String user, RadiusPacket r) {
    String cls = r.first(Attr.CLASS).map(a -> new String(a.value(), StandardCharsets.US_ASCII)).orElse("");
    if (cls.startsWith("posnet:")) return cls.substring(7);
    if (user == null) return null;
    Subscriber s = directory.get().user(user);
    return s == null ? null : s.terminalId();
  }

  /** Where the terminal is, as the carrier reports it: CDMA base station, 3GPP location, or NAS port. */
  private static String location(RadiusPacket r, AcctSession previous) {
    var bsid = r.firstVendor(Attr.VENDOR_3GPP2, Attr.V3GPP2_BSID);
    if (bsid.isPresent()) return "bsid:" + bsid.get().asText();
    var uli = r.firstVendor(Attr.VENDOR_3GPP, 22);
    if (uli.isPresent()) return "uli:" + HexFormat.of().formatHex(uli.get().value());
    String port = r.text(Attr.NAS_PORT_ID);
    if (port != null) return "port:" + port;
    return previous != null ? previous.location() : null;
  }

  private void bindAddress(AcctSession s) {
    if (s.framedIp() == 0) return;
    IpPool p = pools.containing(s.framedIp());
    if (p != null) p.bind(Subscriber.key(s.user()), s.framedIp());
  }

  private void releaseAddress(AcctSession s) {
    if (s.framedIp() == 0) return;
    IpPool p = pools.containing(s.framedIp());
    if (p != null) p.release(Subscriber.key(s.user()));
  }

  @Override
  public void close() {
    writer.close();
  }
}
