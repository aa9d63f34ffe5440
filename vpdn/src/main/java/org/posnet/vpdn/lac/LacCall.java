package org.posnet.vpdn.lac;

import java.nio.charset.StandardCharsets;
import org.posnet.vpdn.l2tp.transport.LoopTimers;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.posnet.common.time.Ticker;
import org.posnet.vpdn.l2tp.codec.ResultCode;
import org.posnet.vpdn.l2tp.control.IncomingCall;
import org.posnet.vpdn.l2tp.control.ProxyAuth;
import org.posnet.vpdn.l2tp.control.ProxyLcp;
import org.posnet.vpdn.l2tp.transport.L2tpTunnel;
import org.posnet.vpdn.ppp.AuthDecision;
import org.posnet.vpdn.ppp.AuthRequest;
import org.posnet.vpdn.ppp.CpPacket;
import org.posnet.vpdn.ppp.PppAction;
import org.posnet.vpdn.ppp.PppConfig;
import org.posnet.vpdn.ppp.PppDecodeException;
import org.posnet.vpdn.ppp.PppFrame;
import org.posnet.vpdn.ppp.PppLink;
import org.posnet.vpdn.ppp.PppTimer;

/**
 * One terminal's call through the LAC: LCP and CHAP with the terminal (we challenge, the carrier AAA
 * decides), then a session in a tunnel to the LNS the AAA named, carrying what we learnt as proxy
 * LCP and proxy authentication, then PPP frames both ways untouched. Event loop only.
 */
public final class LacCall {
  private static final int LCP_CONFIGURE_REQUEST = 1;
  private static final int LCP_TERMINATE_REQUEST = 5;

  enum Phase { PPP, CARRIER_AAA, TUNNEL, ONLINE, ENDED }

  private final Lac lac;
  private final Consumer<byte[]> toTerminal;
  private final String imsi;
  private final CallObserver observer;
  private final long serial;
  private final Map<PppTimer, LoopTimers.Timeout> timers = new EnumMap<>(PppTimer.class);
  private PppLink link;
  private byte[] initialReceived;
  private byte[] lastReceived = new byte[0];
  private byte[] lastSent = new byte[0];
  private AuthRequest credentials;
  private List<TunnelEndpoint> endpoints = List.of();
  private int endpointIndex;
  private Phase phase = Phase.PPP;
  L2tpTunnel tunnel;
  int sessionId;
  boolean tunnelReported;
  private boolean lnsSpoke;

  LacCall(Lac lac, Consumer<byte[]> toTerminal, String imsi, CallObserver observer, long serial) {
    this.lac = lac;
    this.toTerminal = toTerminal;
    this.imsi = imsi;
    this.observer = observer;
    this.serial = serial;
  }

  void start() {
    link = new PppLink(PppConfig.lns(lac.config.hostName(), null, AuthRequest.Method.CHAP_MD5), Ticker.system(), lac.random);
    apply(link.open());
  }

  /** A PPP frame from the terminal. Event loop only. */
  public void fromTerminal(byte[] frame) {
    switch (phase) {
      case PPP -> {
        byte[] options = lcpConfigureRequest(frame);
        if (options != null) {
          if (initialReceived == null) {
            initialReceived = options;
          }
          lastReceived = options;
        }
        apply(link.frameReceived(frame));
      }
      case ONLINE -> lac.endpoint.sendFrame(tunnel, sessionId, frame);
      default -> { } // between CHAP and the session: the terminal's LCP retransmits if it must
    }
  }

  /** The terminal went away (carrier lost): CDN to the LNS. Event loop only. */
  public void hangUp() {
    if (phase == Phase.ENDED) {
      return;
    }
    if (tunnel != null && sessionId != 0) {
      lac.endpoint.closeSession(tunnel, sessionId, ResultCode.of(ResultCode.CDN_LOST_CARRIER));
    }
    end("terminal hung up");
  }

  private void apply(List<PppAction> actions) {
    for (PppAction a : actions) {
      if (phase != Phase.PPP && phase != Phase.CARRIER_AAA) {
        return;
      }
      if (a instanceof PppAction.SendFrame f) {
        byte[] options = lcpConfigureRequest(f.frame());
        if (options != null) {
          lastSent = options;
        }
        toTerminal.accept(f.frame());
      } else if (a instanceof PppAction.StartTimer st) {
        cancel(st.timer());
        timers.put(st.timer(), LoopTimers.schedule(lac.endpoint.eventLoop(), () -> {
          timers.remove(st.timer());
          if (phase == Phase.PPP) {
            apply(link.timerFired(st.timer()));
          }
        }, st.delayNanos()));
      } else if (a instanceof PppAction.CancelTimer ct) {
        cancel(ct.timer());
      } else if (a instanceof PppAction.Authenticate auth) {
        askCarrier(auth.request());
      } else if (a instanceof PppAction.LinkDown down) {
        end("PPP with the terminal: " + down.reason());
      }
    }
  }

  private void askCarrier(AuthRequest r) {
    phase = Phase.CARRIER_AAA;
    credentials = r;
    lac.aaa.authorize(r, imsi).whenComplete((answer, err) -> lac.onLoop(() -> {
      if (phase != Phase.CARRIER_AAA) {
        return;
      }
      CarrierAnswer a = err != null ? new CarrierAnswer(false, "carrier AAA unreachable: " + err.getMessage(), List.of()) : answer;
      observer.carrierAnswer(a);
      if (!a.accepted()) {
        phase = Phase.PPP;
        apply(link.authResult(new AuthDecision.Reject(a.message())));
        return;
      }
      // the LNS takes the PPP session over from here: our link goes quiet without a word to the terminal
      for (PppTimer t : PppTimer.values()) {
        cancel(t);
      }
      link = null;
      endpoints = a.endpoints();
      phase = Phase.TUNNEL;
      nextEndpoint();
    }));
  }

  private void nextEndpoint() {
    while (endpointIndex < endpoints.size()) {
      TunnelEndpoint e = endpoints.get(endpointIndex++);
      tunnelReported = false;
      tunnel = lac.tunnelFor(e);
      if (tunnel == null) {
        observer.tunnel(false, "cannot open a tunnel to " + e.address());
        continue;
      }
      if (tunnel.state() == org.posnet.vpdn.l2tp.control.ControlConnection.State.ESTABLISHED) {
        tunnelReported = true;
        observer.tunnel(true, "reused " + tunnel);
      }
      IncomingCall call = IncomingCall.of(serial, imsi, lac.config.calledNumber()).withProxy(
          new ProxyLcp(initialReceived == null ? new byte[0] : initialReceived, lastSent, lastReceived),
          new ProxyAuth(ProxyAuth.CHAP, credentials.user(), credentials.challenge(), credentials.chapId(),
              credentials.response()));
      sessionId = lac.placeCall(tunnel, call, this);
      if (sessionId != 0) {
        return;
      }
      observer.session(false, "no room for a session in " + tunnel);
    }
    end("no LNS endpoint left to try");
  }

  // ---------------------------------------------------------------- from the Lac (event loop)

  void tunnelUp() {
    if (!tunnelReported) {
      tunnelReported = true;
      observer.tunnel(true, "opened " + tunnel);
    }
  }

  void sessionUp() {
    phase = Phase.ONLINE;
    observer.session(true, "session " + sessionId + " in " + tunnel + " with proxy LCP and CHAP"
        + (lac.config.hideProxyAvps() ? " (hidden AVPs)" : ""));
  }

  void sessionDown(ResultCode reason) {
    if (phase == Phase.ENDED) {
      return;
    }
    String why = "result " + reason.result() + (reason.hasErrorCode() ? " error " + reason.errorCode() : "")
        + (reason.message().isEmpty() ? "" : " (" + reason.message() + ")");
    sessionId = 0;
    if (phase == Phase.TUNNEL && !tunnelReported) {
      observer.tunnel(false, tunnel + " failed: " + why);
      nextEndpoint(); // fail over to the next LNS the AAA named
      return;
    }
    if (phase == Phase.TUNNEL) {
      observer.session(false, "the LNS refused the call: " + why);
    }
    // tell the terminal its link is gone, as a dropped carrier would
    toTerminal.accept(new CpPacket(LCP_TERMINATE_REQUEST, 0x7f, why.getBytes(StandardCharsets.UTF_8))
        .frame(PppFrame.LCP).encode());
    end("session cleared: " + why);
  }

  void frameFromLns(byte[] frame) {
    if (phase != Phase.ONLINE) {
      return;
    }
    if (!lnsSpoke) {
      lnsSpoke = true;
      observer.lnsSpoke();
    }
    toTerminal.accept(frame);
  }

  private void end(String reason) {
    if (phase == Phase.ENDED) {
      return;
    }
    phase = Phase.ENDED;
    for (PppTimer t : PppTimer.values()) {
      cancel(t);
    }
    lac.forget(this);
    observer.ended(reason);
  }

  private void cancel(PppTimer t) {
    LoopTimers.Timeout f = timers.remove(t);
    if (f != null) {
      f.cancel();
    }
  }

  /** The options of an LCP Configure-Request (what the proxy LCP AVPs carry), else null. */
  private static byte[] lcpConfigureRequest(byte[] frame) {
    try {
      PppFrame f = PppFrame.decode(frame);
      if (f.protocol() != PppFrame.LCP) {
        return null;
      }
      CpPacket p = CpPacket.decode(f.info());
      return p.code() == LCP_CONFIGURE_REQUEST ? p.data() : null;
    } catch (PppDecodeException e) {
      return null;
    }
  }
}
