package org.posnet.vpdn.lns;

import java.net.Inet4Address;
import org.posnet.vpdn.l2tp.transport.LoopTimers;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.posnet.aaa.codec.Attr;
import org.posnet.common.time.Ticker;
import org.posnet.vpdn.l2tp.codec.ResultCode;
import org.posnet.vpdn.l2tp.control.ControlConnection;
import org.posnet.vpdn.l2tp.control.IncomingCall;
import org.posnet.vpdn.l2tp.control.ProxyAuth;
import org.posnet.vpdn.l2tp.control.ProxyLcp;
import org.posnet.vpdn.l2tp.transport.L2tpTunnel;
import org.posnet.vpdn.ppp.AuthDecision;
import org.posnet.vpdn.ppp.AuthRequest;
import org.posnet.vpdn.ppp.PppAction;
import org.posnet.vpdn.ppp.PppConfig;
import org.posnet.vpdn.ppp.PppLink;
import org.posnet.vpdn.ppp.PppTimer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One terminal's call on the LNS, from SessionUp to SessionDown: bank AAA (proxy authentication
 * or our own CHAP), PPP to IPCP, accounting. Lives on the endpoint's event loop.
 */
final class LnsCall {
  private static final Logger log = LoggerFactory.getLogger(LnsCall.class);
  // Acct-Terminate-Cause (RFC 2866 §5.10)
  static final int CAUSE_USER_REQUEST = 1;
  static final int CAUSE_LOST_CARRIER = 2;
  static final int CAUSE_LOST_SERVICE = 3;
  static final int CAUSE_ADMIN_RESET = 6;
  static final int CAUSE_ADMIN_REBOOT = 7;

  private static final ProxyLcp NO_PROXY_LCP = new ProxyLcp(new byte[0], new byte[0], new byte[0]);

  private final Lns lns;
  final L2tpTunnel tunnel;
  final int sessionId;
  final String callingNumber;
  final String acctSessionId;
  private final IncomingCall call;
  private final Map<PppTimer, LoopTimers.Timeout> timers = new EnumMap<>(PppTimer.class);
  private PppLink link;
  private LoopTimers.Timeout interim;
  private boolean ended;
  private boolean accountingStarted;
  private int pendingCause;
  private long startedNanos;
  private int interimSeconds;
  String user = "";
  Inet4Address address;
  byte[] classAttribute;
  long octetsIn;
  long octetsOut;
  long framesIn;
  long framesOut;

  LnsCall(Lns lns, L2tpTunnel tunnel, int sessionId, IncomingCall call, String acctSessionId) {
    this.lns = lns;
    this.tunnel = tunnel;
    this.sessionId = sessionId;
    this.call = call;
    this.callingNumber = call.callingNumber();
    this.acctSessionId = acctSessionId;
  }

  /** NAS-Port: tunnel and session id together name the port uniquely on this LNS. */
  int nasPort() {
    return (tunnel.localId() << 16) | sessionId;
  }

  long sessionSeconds() {
    return startedNanos == 0 ? 0 : Duration.ofNanos(System.nanoTime() - startedNanos).toSeconds();
  }

  boolean online() {
    return accountingStarted && !ended;
  }

  void start() {
    ProxyAuth proxy = call.proxyAuth().orElse(null);
    if (proxy != null && (proxy.type() == ProxyAuth.CHAP || proxy.type() == ProxyAuth.PAP) && !proxy.name().isEmpty()) {
      // the LAC already ran CHAP with the terminal: ask the bank AAA about those credentials
      user = proxy.name();
      lns.aaa.verifyProxy(proxy, callingNumber, nasPort()).whenComplete((grant, err) -> lns.onLoop(() -> {
        if (ended) {
          return;
        }
        if (err != null || grant.decision() instanceof AuthDecision.Reject) {
          String why = err != null ? "bank AAA unreachable: " + err.getMessage()
              : ((AuthDecision.Reject) grant.decision()).message();
          log.info("event=lns_proxy_auth_rejected tunnel={} session={} user={} reason=\"{}\"", tunnel.localId(),
              sessionId, user, why);
          clear(ResultCode.of(ResultCode.CDN_GENERAL_ERROR, ResultCode.ERROR_VENDOR, "authentication failed"), 0);
          return;
        }
        granted(grant);
        // no second authentication; LCP is taken over from the LAC when its proxy LCP is acceptable
        link = new PppLink(pppConfig(null), Ticker.system(), lns.random);
        ProxyLcp lcp = call.proxyLcp().orElse(NO_PROXY_LCP);
        List<PppAction> first = link.openWithProxyLcp((AuthDecision.Accept) grant.decision(), lcp.lastSent(),
            lcp.lastReceived(), proxy.type() == ProxyAuth.PAP ? AuthRequest.Method.PAP : AuthRequest.Method.CHAP_MD5,
            proxy.id());
        lns.proxyLcp(link.proxyLcpRefusal() == null);
        if (link.proxyLcpRefusal() != null) {
          log.debug("event=lns_proxy_lcp_renegotiated tunnel={} session={} reason=\"{}\"", tunnel.localId(), sessionId,
              link.proxyLcpRefusal());
        }
        apply(first);
      }));
    } else {
      link = new PppLink(pppConfig(AuthRequest.Method.CHAP_MD5), Ticker.system(), lns.random);
      apply(link.open());
    }
  }

  private PppConfig pppConfig(AuthRequest.Method auth) {
    return new PppConfig(PppLink.Side.LNS, "", new byte[0], auth, lns.config.pppAddress(), lns.config.hostName(),
        1500, Duration.ofSeconds(3), 10, 2, 5, Duration.ofSeconds(30), 3);
  }

  private void granted(BankAaa.Grant grant) {
    AuthDecision.Accept a = (AuthDecision.Accept) grant.decision();
    address = a.address();
    classAttribute = grant.classAttribute();
    interimSeconds = grant.interimSeconds();
  }

  void frameReceived(byte[] frame) {
    framesIn++;
    octetsIn += frame.length;
    if (pendingCause == 0 && isLcpTerminateRequest(frame)) {
      pendingCause = CAUSE_USER_REQUEST; // the terminal hangs up; the carrier's CDN may overtake our PPP
    }
    if (link != null && !ended) {
      apply(link.frameReceived(frame));
    }
  }

  /** An IPv4 packet for the terminal from the data plane. */
  void sendIp(byte[] packet) {
    if (link != null && !ended) {
      apply(link.sendIp(packet));
    }
  }

  private void apply(List<PppAction> actions) {
    for (PppAction a : actions) {
      if (ended) {
        return;
      }
      if (a instanceof PppAction.SendFrame f) {
        framesOut++;
        octetsOut += f.frame().length;
        lns.endpoint.sendFrame(tunnel, sessionId, f.frame());
      } else if (a instanceof PppAction.StartTimer st) {
        cancel(st.timer());
        timers.put(st.timer(), LoopTimers.schedule(lns.endpoint.eventLoop(), () -> {
          timers.remove(st.timer());
          if (!ended) {
            apply(link.timerFired(st.timer()));
          }
        }, st.delayNanos()));
      } else if (a instanceof PppAction.CancelTimer ct) {
        cancel(ct.timer());
      } else if (a instanceof PppAction.Authenticate auth) {
        user = auth.request().user();
        lns.aaa.access(auth.request(), callingNumber, nasPort()).whenComplete((grant, err) -> lns.onLoop(() -> {
          if (ended) {
            return;
          }
          AuthDecision d = err != null ? new AuthDecision.Reject("bank AAA unreachable") : grant.decision();
          if (d instanceof AuthDecision.Accept) {
            granted(grant);
          }
          apply(link.authResult(d));
        }));
      } else if (a instanceof PppAction.NetworkUp up) {
        online(up);
      } else if (a instanceof PppAction.DeliverIp ip) {
        lns.dataPlane.fromTerminal(acctSessionId, address, ip.packet());
      } else if (a instanceof PppAction.LinkDown down) {
        log.info("event=lns_ppp_down tunnel={} session={} user={} reason=\"{}\"", tunnel.localId(), sessionId, user,
            down.reason());
        clear(ResultCode.of(ResultCode.CDN_ADMINISTRATIVE, ResultCode.ERROR_NONE, "PPP: " + down.reason()),
            CAUSE_USER_REQUEST);
      }
    }
  }

  private void online(PppAction.NetworkUp up) {
    startedNanos = System.nanoTime();
    accountingStarted = true;
    log.info("event=lns_call_online tunnel={} session={} user={} address={} acct_session_id={}", tunnel.localId(),
        sessionId, user, up.peerAddress().getHostAddress(), acctSessionId);
    lns.account(Attr.ACCT_START, this, 0);
    long period = interimSeconds > 0 ? interimSeconds * 1000L : lns.config.interimInterval().toMillis();
    if (period > 0) {
      scheduleInterim(TimeUnit.MILLISECONDS.toNanos(period));
    }
    lns.online(this);
  }

  /** Interim-Updates every {@code periodNanos} until the call ends (each arms the next). */
  private void scheduleInterim(long periodNanos) {
    interim = LoopTimers.schedule(lns.endpoint.eventLoop(), () -> {
      if (!ended) {
        lns.account(Attr.ACCT_INTERIM, this, 0);
        scheduleInterim(periodNanos);
      }
    }, periodNanos);
  }

  /** The LNS is stopping: the Stop says Admin-Reboot whatever ends the session now. */
  void shuttingDown() {
    if (pendingCause == 0) {
      pendingCause = CAUSE_ADMIN_REBOOT;
    }
  }

  /** Clears the call with CDN; {@code cause} is the Acct-Terminate-Cause its Stop will carry (0: decide later). */
  void clear(ResultCode cdn, int cause) {
    if (ended) {
      return;
    }
    if (pendingCause == 0) {
      pendingCause = cause;
    }
    lns.endpoint.closeSession(tunnel, sessionId, cdn); // SessionDown comes back through sessionDown()
  }

  /** The session is gone (our CDN, the LAC's CDN, or the tunnel): stop PPP and accounting. */
  void sessionDown(ResultCode reason) {
    if (ended) {
      return;
    }
    ended = true;
    for (PppTimer t : PppTimer.values()) {
      cancel(t);
    }
    if (interim != null) {
      interim.cancel();
    }
    if (link != null) {
      link.lowerDown(); // nothing can reach the terminal any more: its actions are moot
    }
    int cause = pendingCause;
    if (cause == 0) {
      ControlConnection.State s = tunnel.state();
      cause = s == ControlConnection.State.ESTABLISHED ? CAUSE_LOST_CARRIER : CAUSE_LOST_SERVICE;
    }
    if (accountingStarted) {
      lns.account(Attr.ACCT_STOP, this, cause);
    }
    lns.observer.callDown(user, acctSessionId, reason, accountingStarted ? cause : 0);
    log.info("event=lns_call_down tunnel={} session={} user={} result={} error={} cause={} message=\"{}\"",
        tunnel.localId(), sessionId, user, reason.result(), reason.errorCode(), cause, reason.message());
  }

  private static boolean isLcpTerminateRequest(byte[] frame) {
    int at = frame.length >= 2 && (frame[0] & 0xff) == 0xff && frame[1] == 0x03 ? 2 : 0;
    return frame.length >= at + 3 && (frame[at] & 0xff) == 0xc0 && (frame[at + 1] & 0xff) == 0x21 && frame[at + 2] == 5;
  }

  private void cancel(PppTimer t) {
    LoopTimers.Timeout f = timers.remove(t);
    if (f != null) {
      f.cancel();
    }
  }
}
