package org.posnet.aaa.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.posnet.aaa.accounting.Accounting;
import org.posnet.aaa.codec.Attr;
import org.posnet.aaa.codec.DropReason;
import org.posnet.aaa.codec.RadiusAttribute;
import org.posnet.aaa.codec.RadiusCode;
import org.posnet.aaa.codec.RadiusCodec;
import org.posnet.aaa.codec.RadiusDecodeException;
import org.posnet.aaa.codec.RadiusPacket;
import org.posnet.aaa.codec.RadiusSigner;
import org.posnet.aaa.policy.AccessPolicy;
import org.posnet.aaa.policy.Cidr;
import org.posnet.aaa.policy.Decision;
import org.posnet.aaa.policy.Nas;
import org.posnet.aaa.policy.NasRole;
import org.posnet.aaa.policy.NasTable;
import org.posnet.common.time.Ticker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RADIUS server without its sockets: a datagram and its source in, a reply (or a counted drop)
 * out. Order of checks: known client, well-formed packet, code served on this port, duplicate,
 * authenticators, then policy or accounting. Transport-neutral so it is tested without sockets and
 * driven by any number of event loops at once.
 */
public final class RadiusServer {
  private static final Logger log = LoggerFactory.getLogger(RadiusServer.class);
  private static final byte[] ZERO16 = new byte[16];

  public enum Port { AUTH, ACCT }

  /** Sends a reply to the request's source; called on whatever thread finished the request. */
  @FunctionalInterface
  public interface Replier {
    void send(byte[] reply);
  }

  /** @param dictionary names attributes in debug logs (secrets print as stars) */
  public record Settings(boolean requireMessageAuthenticator, int maxProxyState, org.posnet.aaa.dictionary.Dictionary dictionary) {}

  private final Supplier<NasTable> clients;
  private final AccessPolicy policy;
  private final Accounting accounting;
  private final Settings settings;
  private final DuplicateCache duplicates;
  private final DropLog dropLog;
  private final Map<DropReason, Counter> dropped = new EnumMap<>(DropReason.class);
  private final Map<NasRole, Counter[]> requests = new EnumMap<>(NasRole.class);

  private static final int ACCEPT = 0, REJECT = 1, ACCOUNTING = 2, STATUS = 3;
  private static final String[] RESULTS = {"accept", "reject", "accounting", "status"};

  public RadiusServer(Supplier<NasTable> clients, AccessPolicy policy, Accounting accounting, Settings settings, Ticker ticker, MeterRegistry meters) {
    this.clients = clients;
    this.policy = policy;
    this.accounting = accounting;
    this.settings = settings;
    this.duplicates = new DuplicateCache(ticker, 30_000_000_000L, 1 << 20);
    this.dropLog = new DropLog(ticker, 60_000_000_000L);
    for (DropReason r : DropReason.values()) {
      dropped.put(r, Counter.builder("posnet_aaa_dropped").description("RADIUS datagrams dropped without an answer").tag("reason", r.label()).register(meters));
    }
    for (NasRole role : NasRole.values()) {
      Counter[] c = new Counter[RESULTS.length];
      for (int i = 0; i < RESULTS.length; i++) {
        c[i] = Counter.builder("posnet_aaa_requests").description("RADIUS requests answered").tag("role", role.label()).tag("result", RESULTS[i]).register(meters);
      }
      requests.put(role, c);
    }
  }

  public void handle(Port port, int srcAddress, int srcPort, byte[] data, int length, Replier replier) {
    Nas nas = clients.get().find(srcAddress);
    if (nas == null) {
      drop(DropReason.UNKNOWN_CLIENT, srcAddress, "not a configured RADIUS client");
      return;
    }
    RadiusPacket req;
    try {
      req = RadiusCodec.decode(data, 0, length);
    } catch (RadiusDecodeException e) {
      drop(e.reason(), srcAddress, e.getMessage());
      return;
    }
    int code = req.code();
    boolean served = port == Port.AUTH
        ? code == RadiusCode.ACCESS_REQUEST || code == RadiusCode.STATUS_SERVER
        : code == RadiusCode.ACCOUNTING_REQUEST || code == RadiusCode.STATUS_SERVER;
    if (!served) {
      drop(DropReason.UNKNOWN_CODE, srcAddress, RadiusCode.name(code) + " is not served on the " + port.name().toLowerCase() + " port");
      return;
    }
    int reqLength = ((data[2] & 0xff) << 8) | (data[3] & 0xff);
    DropReason bad = verify(req, data, reqLength, nas);
    if (bad != null) {
      drop(bad, srcAddress, bad == DropReason.BAD_AUTHENTICATOR ? "authenticator does not verify (wrong secret?) from " + nas.name() : RadiusCode.name(code) + " from " + nas.name());
      return;
    }
    long key = DuplicateCache.key(srcAddress, srcPort, code, req.identifier());
    byte[][] cached = new byte[1][];
    switch (duplicates.check(key, req.authenticator(), cached)) {
      case REPLAY -> {
        replier.send(cached[0]);
        return;
      }
      case IN_PROGRESS -> {
        drop(DropReason.DUPLICATE_IN_PROGRESS, srcAddress, "retransmission of a request still being processed");
        return;
      }
      case NEW -> { }
    }
    List<RadiusAttribute> proxyStates = req.all(Attr.PROXY_STATE);
    if (proxyStates.size() > settings.maxProxyState()) {
      duplicates.forget(key, req.authenticator());
      drop(DropReason.TOO_MANY_PROXY_STATE, srcAddress, proxyStates.size() + " Proxy-State attributes");
      return;
    }
    switch (code) {
      case RadiusCode.STATUS_SERVER -> {
        int replyCode = port == Port.AUTH ? RadiusCode.ACCESS_ACCEPT : RadiusCode.ACCOUNTING_RESPONSE;
        reply(key, req, nas, replyCode, List.of(), proxyStates, replier);
        requests.get(nas.role())[STATUS].increment();
      }
      case RadiusCode.ACCESS_REQUEST -> access(key, req, nas, proxyStates, replier);
      default -> account(key, req, nas, srcAddress, proxyStates, replier);
    }
  }

  private DropReason verify(RadiusPacket req, byte[] data, int length, Nas nas) {
    int ma = RadiusCodec.offsetOf(data, Attr.MESSAGE_AUTHENTICATOR);
    switch (req.code()) {
      case RadiusCode.ACCESS_REQUEST, RadiusCode.STATUS_SERVER -> {
        // Status-Server always needs it (RFC 5997 §3); Access-Request by default (BlastRADIUS).
        if (ma < 0) {
          return req.code() == RadiusCode.STATUS_SERVER || settings.requireMessageAuthenticator() ? DropReason.MISSING_MESSAGE_AUTHENTICATOR : null;
        }
        return RadiusSigner.verifyMessageAuthenticator(data, length, ma, req.authenticator(), nas.secret()) ? null : DropReason.BAD_AUTHENTICATOR;
      }
      default -> {
        if (!RadiusSigner.verifyComputedRequest(data, length, nas.secret())) return DropReason.BAD_AUTHENTICATOR;
        if (ma >= 0 && !RadiusSigner.verifyMessageAuthenticator(data, length, ma, ZERO16, nas.secret())) return DropReason.BAD_AUTHENTICATOR;
        return null;
      }
    }
  }

  private void access(long key, RadiusPacket req, Nas nas, List<RadiusAttribute> proxyStates, Replier replier) {
    Decision d = policy.decide(nas, req);
    if (d instanceof Decision.Accept a) {
      reply(key, req, nas, RadiusCode.ACCESS_ACCEPT, a.attributes(), proxyStates, replier);
      requests.get(nas.role())[ACCEPT].increment();
      if (log.isDebugEnabled()) {
        log.debug("event=radius_accept role={} nas={} user={} framed_ip={} request=[{}] reply=[{}]", nas.role().label(), nas.name(), printable(req.text(Attr.USER_NAME)),
            a.framedIp() == 0 ? "-" : Cidr.format(a.framedIp()), named(req.attributes()), named(a.attributes()));
      }
    } else {
      Decision.Reject r = (Decision.Reject) d;
      reply(key, req, nas, RadiusCode.ACCESS_REJECT, List.of(RadiusAttribute.text(Attr.REPLY_MESSAGE, r.replyMessage())), proxyStates, replier);
      requests.get(nas.role())[REJECT].increment();
      log.info("event=radius_reject role={} nas={} user={} calling_station={} reason=\"{}\"", nas.role().label(), nas.name(),
          printable(req.text(Attr.USER_NAME)), printable(req.text(Attr.CALLING_STATION_ID)), r.reason());
    }
  }

  private void account(long key, RadiusPacket req, Nas nas, int srcAddress, List<RadiusAttribute> proxyStates, Replier replier) {
    accounting.handle(nas, Cidr.format(srcAddress), req).whenComplete((ok, err) -> {
      if (err == null) {
        reply(key, req, nas, RadiusCode.ACCOUNTING_RESPONSE, List.of(), proxyStates, replier);
        requests.get(nas.role())[ACCOUNTING].increment();
      } else {
        duplicates.forget(key, req.authenticator());
        Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        DropReason reason = cause instanceof IllegalArgumentException ? DropReason.MALFORMED_REQUEST : DropReason.OVERLOAD;
        drop(reason, srcAddress, "accounting not recorded: " + cause.getMessage());
      }
    });
  }

  private void reply(long key, RadiusPacket req, Nas nas, int code, List<RadiusAttribute> attrs, List<RadiusAttribute> proxyStates, Replier replier) {
    List<RadiusAttribute> all = new ArrayList<>(attrs.size() + proxyStates.size() + 1);
    boolean access = code == RadiusCode.ACCESS_ACCEPT || code == RadiusCode.ACCESS_REJECT || code == RadiusCode.ACCESS_CHALLENGE;
    // BlastRADIUS: Message-Authenticator first in every Access-Accept/Reject/Challenge.
    if (access) all.add(RadiusAttribute.of(Attr.MESSAGE_AUTHENTICATOR, new byte[16]));
    all.addAll(attrs);
    all.addAll(proxyStates); // echoed unmodified and in order (RFC 2865 §5.33)
    byte[] out = RadiusCodec.encode(new RadiusPacket(code, req.identifier(), req.authenticator(), all));
    RadiusSigner.signResponse(out, req.authenticator(), nas.secret());
    duplicates.answered(key, req.authenticator(), out);
    replier.send(out);
  }

  private void drop(DropReason reason, int srcAddress, String detail) {
    dropped.get(reason).increment();
    dropLog.drop(reason, Cidr.format(srcAddress), detail);
  }

  /** Attributes by dictionary name, for debug logs; secrets masked by the dictionary. */
  private String named(List<RadiusAttribute> attrs) {
    StringBuilder b = new StringBuilder();
    for (RadiusAttribute a : attrs) {
      if (b.length() > 0) b.append(", ");
      b.append(settings.dictionary().format(a));
    }
    return b.toString();
  }

  private static String printable(String s) {
    if (s == null) return "-";
    StringBuilder b = new StringBuilder(Math.min(s.length(), 64));
    for (int i = 0; i < s.length() && i < 64; i++) {
      char c = s.charAt(i);
      b.append(c < 0x20 || c == '"' || c == 0x7f ? '?' : c);
    }
    return b.toString();
  }

  public int duplicateCacheSize() {
    return duplicates.size();
  }
}
