package org.posnet.vpdn.l2tp.control;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.posnet.common.time.Ticker;
import org.posnet.vpdn.l2tp.codec.Avp;
import org.posnet.vpdn.l2tp.codec.AvpType;
import org.posnet.vpdn.l2tp.codec.ControlMessage;
import org.posnet.vpdn.l2tp.codec.L2tpDecodeException;
import org.posnet.vpdn.l2tp.codec.MessageType;
import org.posnet.vpdn.l2tp.codec.ResultCode;
import org.posnet.vpdn.l2tp.codec.TunnelAuth;

/**
 * One L2TPv2 control connection (RFC 2661 §7), in either role, and the incoming-call sessions it
 * carries. Pure: every event method returns the actions the caller performs (send, arm timers,
 * report tunnels and sessions); time is read only from the {@link Ticker}. Not thread-safe: one
 * connection is driven from one event loop.
 *
 * <p>The caller owns the tunnel table: it picks {@code localTunnelId}, routes datagrams by the
 * tunnel id in their header (SCCRQ, with id 0, to a new LNS connection), decodes them with the
 * tunnel secret, and forgets the connection on {@link ControlAction.Released}.
 */
public final class ControlConnection {
  /** Tunnel states of RFC 2661 §7.2, plus the StopCCN hold and the end. */
  public enum State {
    IDLE,
    WAIT_CTL_REPLY,
    WAIT_CTL_CONN,
    ESTABLISHED,
    CLOSING,
    RELEASED
  }

  /** An {@link #openSession} result: the session's local id and what to do now. */
  public record SessionOpen(int localSessionId, List<ControlAction> actions) {}

  private final Role role;
  private final ControlConfig config;
  private final Ticker ticker;
  private final RandomGenerator random;
  private final int localTunnelId;
  private final ReliableDelivery delivery;
  private final Map<Integer, Session> sessions = new LinkedHashMap<>();
  private final Map<ControlTimer, Long> deadlines = new java.util.EnumMap<>(ControlTimer.class);

  private State state = State.IDLE;
  private String peerHostName = "";
  private byte[] ourChallenge;
  private byte[] tieBreaker;
  private long lastHeard;
  private int nextSessionId = 1;

  public ControlConnection(Role role, ControlConfig config, Ticker ticker, RandomGenerator random, int localTunnelId) {
    if (localTunnelId < 1 || localTunnelId > 0xFFFF) {
      throw new IllegalArgumentException("localTunnelId must be 1..65535, was " + localTunnelId);
    }
    this.role = role;
    this.config = config;
    this.ticker = ticker;
    this.random = random;
    this.localTunnelId = localTunnelId;
    this.delivery = new ReliableDelivery(config.receiveWindow(), config.maxRetransmissions(),
        config.firstRetransmit().toNanos(), config.maxRetransmit().toNanos(), config.ackDelay().toNanos());
    this.lastHeard = ticker.nanos();
  }

  public Role role() {
    return role;
  }

  public State state() {
    return state;
  }

  public int localTunnelId() {
    return localTunnelId;
  }

  public int peerTunnelId() {
    return delivery.peerTunnelId();
  }

  public String peerHostName() {
    return peerHostName;
  }

  public int sessionCount() {
    return sessions.size();
  }

  /** The Tie Breaker this LAC sent in its SCCRQ, for the caller to settle crossing SCCRQs. */
  public Optional<byte[]> tieBreaker() {
    return Optional.ofNullable(tieBreaker).map(byte[]::clone);
  }

  // ---------------------------------------------------------------- events

  /** LAC: start the tunnel with SCCRQ. */
  public List<ControlAction> open() {
    requireState(State.IDLE, "open");
    if (role != Role.LAC) {
      throw new IllegalStateException("only the LAC opens a tunnel; the LNS answers SCCRQ");
    }
    List<ControlAction> out = new ArrayList<>();
    ControlMessage.Builder b = ControlMessage.builder(MessageType.SCCRQ);
    identity(b);
    if (config.sendTieBreaker()) {
      tieBreaker = randomBytes(8);
      b.bytes(AvpType.TIE_BREAKER, tieBreaker);
    }
    if (config.secret() != null) {
      ourChallenge = randomBytes(16);
      b.bytes(AvpType.CHALLENGE, ourChallenge);
    }
    send(b.build(), out);
    state = State.WAIT_CTL_REPLY;
    return finish(out);
  }

  /** A control message from the peer, decoded with this tunnel's secret. */
  public List<ControlAction> receive(ControlMessage m) {
    List<ControlAction> out = new ArrayList<>();
    if (state == State.RELEASED) {
      return out;
    }
    lastHeard = ticker.nanos();
    for (ControlMessage delivered : delivery.receive(m, out)) {
      if (state == State.RELEASED) {
        break;
      }
      if (state == State.CLOSING) {
        continue; // acknowledged, otherwise ignored while we hold state
      }
      handle(delivered, out);
    }
    if (state != State.RELEASED) {
      delivery.ackIfOwed(out);
    }
    return finish(out);
  }

  /** A datagram for this tunnel that did not decode: answer as the decoder says. */
  public List<ControlAction> decodeFailed(L2tpDecodeException e) {
    List<ControlAction> out = new ArrayList<>();
    if (state == State.RELEASED || state == State.CLOSING
        || e.disposition() == L2tpDecodeException.Disposition.DROP) {
      return out;
    }
    lastHeard = ticker.nanos();
    if (e.ns() >= 0) {
      delivery.skip(e.ns());
    }
    if (e.disposition() == L2tpDecodeException.Disposition.STOP_CONNECTION) {
      stop(e.toResultCode(), out);
    } else {
      Session s = sessions.get(e.sessionId());
      if (s != null) {
        clearSession(s, e.toResultCode(), out);
      }
      delivery.ackIfOwed(out);
    }
    return finish(out);
  }

  public List<ControlAction> timerFired(ControlTimer timer) {
    List<ControlAction> out = new ArrayList<>();
    Long deadline = deadlines.remove(timer);
    if (deadline == null || state == State.RELEASED) {
      return out;
    }
    long now = ticker.nanos();
    if (now < deadline) {
      // fired early (a coarse wheel timer): wait for the rest
      arm(timer, deadline - now, out);
      return finish(out);
    }
    switch (timer) {
      case RETRANSMIT -> {
        if (delivery.retransmit(out)) {
          // resent, next attempt armed
        } else if (state == State.CLOSING) {
          release(out);
        } else {
          // the peer is gone: no StopCCN, nobody would hear it
          tunnelDown(ResultCode.of(ResultCode.STOPCCN_GENERAL_ERROR, ResultCode.ERROR_NONE,
              "peer did not acknowledge within " + config.fullRetransmissionCycle().toSeconds() + " s"), out);
          release(out);
        }
      }
      case HELLO -> {
        long silence = now - lastHeard;
        long interval = config.helloInterval().toNanos();
        if (state == State.ESTABLISHED && silence >= interval) {
          send(ControlMessage.builder(MessageType.HELLO).build(), out);
          arm(ControlTimer.HELLO, interval, out);
        } else if (state == State.ESTABLISHED) {
          arm(ControlTimer.HELLO, interval - silence, out);
        }
      }
      case HOLD -> release(out);
      case ACK -> delivery.ackTimerFired(out);
      default -> throw new IllegalStateException(timer.name());
    }
    return finish(out);
  }

  /** LAC: place an incoming call; it waits for the tunnel if the tunnel is not up yet. */
  public SessionOpen openSession(IncomingCall call) {
    if (role != Role.LAC) {
      throw new IllegalStateException("only the LAC places incoming calls");
    }
    List<ControlAction> out = new ArrayList<>();
    if (state == State.CLOSING || state == State.RELEASED) {
      throw new IllegalStateException("tunnel " + localTunnelId + " is " + state + "; open another");
    }
    int id = allocateSessionId();
    if (id == 0 || sessions.size() >= config.maxSessions()) {
      return new SessionOpen(0, List.of(new ControlAction.SessionDown(localTunnelId, 0,
          ResultCode.of(ResultCode.CDN_GENERAL_ERROR, ResultCode.ERROR_INSUFFICIENT_RESOURCES, "session limit"))));
    }
    Session s = new Session(id, 0, Session.State.WAIT_TUNNEL, call);
    sessions.put(id, s);
    if (state == State.ESTABLISHED) {
      sendIcrq(s, out);
    }
    return new SessionOpen(id, finish(out));
  }

  /** Hang up one call with CDN. */
  public List<ControlAction> closeSession(int localSessionId, ResultCode reason) {
    List<ControlAction> out = new ArrayList<>();
    Session s = sessions.get(localSessionId);
    if (s != null && state != State.CLOSING && state != State.RELEASED) {
      clearSession(s, reason, out);
    }
    return finish(out);
  }

  /** Close the tunnel with StopCCN (graceful shutdown, or an operator's request). */
  public List<ControlAction> close(ResultCode reason) {
    List<ControlAction> out = new ArrayList<>();
    switch (state) {
      case IDLE -> {
        tunnelDown(reason, out);
        release(out);
      }
      case WAIT_CTL_REPLY, WAIT_CTL_CONN, ESTABLISHED -> stop(reason, out);
      default -> { }
    }
    return finish(out);
  }

  /** LAC: our SCCRQ crossed the peer's and lost the tie break; drop ours without a word. */
  public List<ControlAction> loseTieBreak() {
    List<ControlAction> out = new ArrayList<>();
    if (state != State.RELEASED) {
      tunnelDown(ResultCode.of(ResultCode.STOPCCN_ALREADY_EXISTS, ResultCode.ERROR_NONE, "lost tie break"), out);
      release(out);
    }
    return finish(out);
  }

  // ---------------------------------------------------------------- message handling

  private void handle(ControlMessage m, List<ControlAction> out) {
    Optional<MessageType> type = m.type();
    if (type.isEmpty()) {
      if (m.typeMandatory()) {
        stop(ResultCode.of(ResultCode.STOPCCN_GENERAL_ERROR, ResultCode.ERROR_UNKNOWN_MANDATORY_AVP,
            "unknown mandatory message type " + m.messageType()), out);
      }
      return;
    }
    MessageType t = type.get();
    Optional<Avp> unknown = m.unknownMandatory();
    if (unknown.isPresent()) {
      ResultCode rc = ResultCode.of(t.sessionScoped() ? ResultCode.CDN_GENERAL_ERROR : ResultCode.STOPCCN_GENERAL_ERROR,
          ResultCode.ERROR_UNKNOWN_MANDATORY_AVP,
          "unknown mandatory AVP " + unknown.get().vendorId() + ":" + unknown.get().type());
      if (!t.sessionScoped()) {
        stop(rc, out);
      } else if (sessions.containsKey(m.sessionId())) {
        clearSession(sessions.get(m.sessionId()), rc, out);
      } else if (t == MessageType.ICRQ) {
        refuseCall(m.uint16(AvpType.ASSIGNED_SESSION_ID).orElse(0), rc, out);
      }
      return;
    }
    switch (t) {
      case SCCRQ -> onSccrq(m, out);
      case SCCRP -> onSccrp(m, out);
      case SCCCN -> onScccn(m, out);
      case STOPCCN -> onStopccn(m, out);
      case ICRQ -> onIcrq(m, out);
      case ICRP -> onIcrp(m, out);
      case ICCN -> onIccn(m, out);
      case CDN -> onCdn(m, out);
      case OCRQ -> refuseCall(m.uint16(AvpType.ASSIGNED_SESSION_ID).orElse(0),
          ResultCode.of(5, ResultCode.ERROR_NONE, "outgoing calls not supported"), out);
      default -> { } // HELLO, WEN, SLI, OCRP, OCCN: the ack is all they need
    }
  }

  private void onSccrq(ControlMessage m, List<ControlAction> out) {
    if (role != Role.LNS || state != State.IDLE) {
      return;
    }
    learnPeer(m);
    if (!protocolVersionOk(m)) {
      stop(ResultCode.of(ResultCode.STOPCCN_BAD_PROTOCOL_VERSION, ResultCode.ERROR_NONE, "need version 1.0"), out);
      return;
    }
    ControlMessage.Builder b = ControlMessage.builder(MessageType.SCCRP);
    identity(b);
    Optional<byte[]> theirChallenge = m.bytes(AvpType.CHALLENGE);
    if (theirChallenge.isPresent()) {
      if (config.secret() == null) {
        stop(authFailed("challenged but no tunnel secret configured"), out);
        return;
      }
      b.bytes(AvpType.CHALLENGE_RESPONSE, TunnelAuth.response(MessageType.SCCRP, config.secret(), theirChallenge.get()));
    }
    if (config.secret() != null) {
      ourChallenge = randomBytes(16);
      b.bytes(AvpType.CHALLENGE, ourChallenge);
    }
    send(b.build(), out);
    state = State.WAIT_CTL_CONN;
  }

  private void onSccrp(ControlMessage m, List<ControlAction> out) {
    if (state != State.WAIT_CTL_REPLY) {
      return;
    }
    learnPeer(m);
    if (!protocolVersionOk(m)) {
      stop(ResultCode.of(ResultCode.STOPCCN_BAD_PROTOCOL_VERSION, ResultCode.ERROR_NONE, "need version 1.0"), out);
      return;
    }
    if (ourChallenge != null && !responseOk(m, MessageType.SCCRP)) {
      stop(authFailed("challenge response from " + peerHostName + " does not match"), out);
      return;
    }
    ControlMessage.Builder b = ControlMessage.builder(MessageType.SCCCN);
    Optional<byte[]> theirChallenge = m.bytes(AvpType.CHALLENGE);
    if (theirChallenge.isPresent()) {
      if (config.secret() == null) {
        stop(authFailed("challenged but no tunnel secret configured"), out);
        return;
      }
      b.bytes(AvpType.CHALLENGE_RESPONSE, TunnelAuth.response(MessageType.SCCCN, config.secret(), theirChallenge.get()));
    }
    send(b.build(), out);
    established(out);
    for (Session s : sessions.values()) {
      if (s.state == Session.State.WAIT_TUNNEL) {
        sendIcrq(s, out);
      }
    }
  }

  private void onScccn(ControlMessage m, List<ControlAction> out) {
    if (state != State.WAIT_CTL_CONN) {
      return;
    }
    if (ourChallenge != null && !responseOk(m, MessageType.SCCCN)) {
      stop(authFailed("challenge response from " + peerHostName + " does not match"), out);
      return;
    }
    established(out);
  }

  private void onStopccn(ControlMessage m, List<ControlAction> out) {
    if (delivery.peerTunnelId() == 0) {
      delivery.peer(m.uint16(AvpType.ASSIGNED_TUNNEL_ID).orElse(0), 4);
    }
    ResultCode rc = m.resultCode().orElse(ResultCode.of(ResultCode.STOPCCN_GENERAL_CLEAR));
    delivery.abandon();
    disarm(ControlTimer.RETRANSMIT, out);
    tunnelDown(rc, out);
    hold(out);
  }

  private void onIcrq(ControlMessage m, List<ControlAction> out) {
    int peerSession = m.uint16(AvpType.ASSIGNED_SESSION_ID).orElse(0);
    if (role != Role.LNS || state != State.ESTABLISHED || peerSession == 0) {
      return;
    }
    for (Session s : sessions.values()) {
      if (s.peerId == peerSession) {
        return; // a second ICRQ for a call we already answered
      }
    }
    int id = allocateSessionId();
    if (id == 0 || sessions.size() >= config.maxSessions()) {
      refuseCall(peerSession, ResultCode.of(ResultCode.CDN_GENERAL_ERROR, ResultCode.ERROR_INSUFFICIENT_RESOURCES,
          "session limit " + config.maxSessions() + " reached"), out);
      return;
    }
    IncomingCall call = new IncomingCall(m.uint32(AvpType.CALL_SERIAL_NUMBER).orElse(0),
        m.text(AvpType.CALLING_NUMBER).orElse(""), m.text(AvpType.CALLED_NUMBER).orElse(""),
        m.uint32(AvpType.BEARER_TYPE).orElse(0), 0, 0, 0, false, Optional.empty(), Optional.empty());
    Session s = new Session(id, peerSession, Session.State.WAIT_CONNECT, call);
    sessions.put(id, s);
    send(ControlMessage.builder(MessageType.ICRP).sessionId(peerSession)
        .uint16(AvpType.ASSIGNED_SESSION_ID, id).build(), out);
  }

  private void onIcrp(ControlMessage m, List<ControlAction> out) {
    Session s = sessions.get(m.sessionId());
    if (s == null || s.state != Session.State.WAIT_REPLY) {
      return;
    }
    s.peerId = m.uint16(AvpType.ASSIGNED_SESSION_ID).orElse(0);
    send(iccn(s), out);
    s.state = Session.State.ESTABLISHED;
    out.add(new ControlAction.SessionUp(localTunnelId, s.localId, s.peerId, s.call));
  }

  private void onIccn(ControlMessage m, List<ControlAction> out) {
    Session s = sessions.get(m.sessionId());
    if (s == null || s.state != Session.State.WAIT_CONNECT) {
      return;
    }
    Optional<ProxyLcp> lcp = Optional.empty();
    if (m.has(AvpType.INITIAL_RECEIVED_LCP_CONFREQ) || m.has(AvpType.LAST_SENT_LCP_CONFREQ)
        || m.has(AvpType.LAST_RECEIVED_LCP_CONFREQ)) {
      lcp = Optional.of(new ProxyLcp(m.bytes(AvpType.INITIAL_RECEIVED_LCP_CONFREQ).orElse(new byte[0]),
          m.bytes(AvpType.LAST_SENT_LCP_CONFREQ).orElse(new byte[0]),
          m.bytes(AvpType.LAST_RECEIVED_LCP_CONFREQ).orElse(new byte[0])));
    }
    Optional<ProxyAuth> auth = Optional.empty();
    if (m.has(AvpType.PROXY_AUTHEN_TYPE)) {
      auth = Optional.of(new ProxyAuth(m.uint16(AvpType.PROXY_AUTHEN_TYPE).getAsInt(),
          m.text(AvpType.PROXY_AUTHEN_NAME).orElse(""), m.bytes(AvpType.PROXY_AUTHEN_CHALLENGE).orElse(new byte[0]),
          m.uint16(AvpType.PROXY_AUTHEN_ID).orElse(0) & 0xFF, m.bytes(AvpType.PROXY_AUTHEN_RESPONSE).orElse(new byte[0])));
    }
    IncomingCall c = s.call;
    s.call = new IncomingCall(c.callSerialNumber(), c.callingNumber(), c.calledNumber(), c.bearerType(),
        m.uint32(AvpType.TX_CONNECT_SPEED).orElse(0), m.uint32(AvpType.RX_CONNECT_SPEED).orElse(0),
        m.uint32(AvpType.FRAMING_TYPE).orElse(0), m.has(AvpType.SEQUENCING_REQUIRED), lcp, auth);
    s.state = Session.State.ESTABLISHED;
    out.add(new ControlAction.SessionUp(localTunnelId, s.localId, s.peerId, s.call));
  }

  private void onCdn(ControlMessage m, List<ControlAction> out) {
    Session s = sessions.remove(m.sessionId());
    if (s != null) {
      out.add(new ControlAction.SessionDown(localTunnelId, s.localId,
          m.resultCode().orElse(ResultCode.of(ResultCode.CDN_GENERAL_ERROR))));
    }
  }

  // ---------------------------------------------------------------- building blocks

  private void identity(ControlMessage.Builder b) {
    b.add(Avp.protocolVersion())
        .text(AvpType.HOST_NAME, config.hostName())
        .uint32(AvpType.FRAMING_CAPABILITIES, 3)
        .uint32(AvpType.BEARER_CAPABILITIES, 3)
        .uint16(AvpType.ASSIGNED_TUNNEL_ID, localTunnelId)
        .uint16(AvpType.RECEIVE_WINDOW_SIZE, config.receiveWindow());
  }

  private void learnPeer(ControlMessage m) {
    peerHostName = m.text(AvpType.HOST_NAME).orElse("");
    delivery.peer(m.uint16(AvpType.ASSIGNED_TUNNEL_ID).orElse(0), m.uint16(AvpType.RECEIVE_WINDOW_SIZE).orElse(4));
  }

  private static boolean protocolVersionOk(ControlMessage m) {
    byte[] v = m.bytes(AvpType.PROTOCOL_VERSION).orElse(new byte[] {1, 0});
    return v[0] == 1 && v[1] == 0;
  }

  private boolean responseOk(ControlMessage m, MessageType carriedIn) {
    Optional<byte[]> response = m.bytes(AvpType.CHALLENGE_RESPONSE);
    return response.isPresent() && TunnelAuth.verify(carriedIn, config.secret(), ourChallenge, response.get());
  }

  private static ResultCode authFailed(String why) {
    return ResultCode.of(ResultCode.STOPCCN_GENERAL_ERROR, ResultCode.ERROR_VENDOR, why);
  }

  private void established(List<ControlAction> out) {
    state = State.ESTABLISHED;
    out.add(new ControlAction.TunnelUp(localTunnelId, delivery.peerTunnelId(), peerHostName));
    arm(ControlTimer.HELLO, config.helloInterval().toNanos(), out);
  }

  private void sendIcrq(Session s, List<ControlAction> out) {
    IncomingCall c = s.call;
    ControlMessage.Builder b = ControlMessage.builder(MessageType.ICRQ)
        .uint16(AvpType.ASSIGNED_SESSION_ID, s.localId)
        .uint32(AvpType.CALL_SERIAL_NUMBER, c.callSerialNumber())
        .uint32(AvpType.BEARER_TYPE, c.bearerType());
    if (!c.callingNumber().isEmpty()) {
      b.text(AvpType.CALLING_NUMBER, c.callingNumber());
    }
    if (!c.calledNumber().isEmpty()) {
      b.text(AvpType.CALLED_NUMBER, c.calledNumber());
    }
    send(b.build(), out);
    s.state = Session.State.WAIT_REPLY;
  }

  private ControlMessage iccn(Session s) {
    IncomingCall c = s.call;
    ControlMessage.Builder b = ControlMessage.builder(MessageType.ICCN).sessionId(s.peerId)
        .uint32(AvpType.TX_CONNECT_SPEED, c.txConnectSpeed())
        .uint32(AvpType.FRAMING_TYPE, c.framingType());
    if (c.rxConnectSpeed() > 0) {
      b.add(Avp.uint32(AvpType.RX_CONNECT_SPEED, c.rxConnectSpeed()));
    }
    if (c.sequencingRequired()) {
      b.add(Avp.empty(AvpType.SEQUENCING_REQUIRED));
    }
    boolean hide = config.hideProxyAvps() && (c.proxyLcp().isPresent() || c.proxyAuth().isPresent());
    if (hide) {
      b.bytes(AvpType.RANDOM_VECTOR, randomBytes(16));
    }
    c.proxyLcp().ifPresent(lcp -> {
      b.add(Avp.of(AvpType.INITIAL_RECEIVED_LCP_CONFREQ, lcp.initialReceived()).withHidden(hide));
      b.add(Avp.of(AvpType.LAST_SENT_LCP_CONFREQ, lcp.lastSent()).withHidden(hide));
      b.add(Avp.of(AvpType.LAST_RECEIVED_LCP_CONFREQ, lcp.lastReceived()).withHidden(hide));
    });
    c.proxyAuth().ifPresent(a -> {
      b.add(Avp.uint16(AvpType.PROXY_AUTHEN_TYPE, a.type()).withHidden(hide));
      b.add(Avp.text(AvpType.PROXY_AUTHEN_NAME, a.name()).withHidden(hide));
      if (a.challenge().length > 0) {
        b.add(Avp.of(AvpType.PROXY_AUTHEN_CHALLENGE, a.challenge()).withHidden(hide));
      }
      b.add(Avp.uint16(AvpType.PROXY_AUTHEN_ID, a.id()).withHidden(hide));
      b.add(Avp.of(AvpType.PROXY_AUTHEN_RESPONSE, a.response()).withHidden(hide));
    });
    return b.build();
  }

  /** CDN for a call we never took (no local session): Assigned Session ID 0. */
  private void refuseCall(int peerSession, ResultCode rc, List<ControlAction> out) {
    if (peerSession == 0) {
      return;
    }
    send(ControlMessage.builder(MessageType.CDN).sessionId(peerSession)
        .add(Avp.resultCode(rc)).uint16(AvpType.ASSIGNED_SESSION_ID, 0).build(), out);
  }

  private void clearSession(Session s, ResultCode rc, List<ControlAction> out) {
    sessions.remove(s.localId);
    if (s.peerId != 0 && state == State.ESTABLISHED) {
      send(ControlMessage.builder(MessageType.CDN).sessionId(s.peerId)
          .add(Avp.resultCode(rc)).uint16(AvpType.ASSIGNED_SESSION_ID, s.localId).build(), out);
    }
    out.add(new ControlAction.SessionDown(localTunnelId, s.localId, rc));
  }

  /** StopCCN, then hold state for one retransmission cycle to see it acknowledged. */
  private void stop(ResultCode rc, List<ControlAction> out) {
    ControlMessage stop = ControlMessage.builder(MessageType.STOPCCN)
        .uint16(AvpType.ASSIGNED_TUNNEL_ID, localTunnelId).add(Avp.resultCode(rc)).build();
    delivery.sendNow(stop, out);
    tunnelDown(rc, out);
    hold(out);
  }

  private void hold(List<ControlAction> out) {
    state = State.CLOSING;
    disarm(ControlTimer.HELLO, out);
    arm(ControlTimer.HOLD, config.fullRetransmissionCycle().toNanos(), out);
  }

  private void tunnelDown(ResultCode rc, List<ControlAction> out) {
    for (Session s : new ArrayList<>(sessions.values())) {
      out.add(new ControlAction.SessionDown(localTunnelId, s.localId, rc));
    }
    sessions.clear();
    out.add(new ControlAction.TunnelDown(localTunnelId, rc));
  }

  private void release(List<ControlAction> out) {
    state = State.RELEASED;
    delivery.abandon();
    for (ControlTimer t : ControlTimer.values()) {
      disarm(t, out);
    }
    out.add(new ControlAction.Released(localTunnelId));
  }

  private void send(ControlMessage body, List<ControlAction> out) {
    delivery.send(body, out);
  }

  /**
   * Notes the timers the actions arm and cancel, so a firing that was cancelled or re-armed
   * meanwhile is recognised as stale; every event returns through here.
   */
  private List<ControlAction> finish(List<ControlAction> out) {
    long now = ticker.nanos();
    for (ControlAction a : out) {
      if (a instanceof ControlAction.StartTimer st) {
        deadlines.put(st.timer(), now + st.delayNanos());
      } else if (a instanceof ControlAction.CancelTimer ct) {
        deadlines.remove(ct.timer());
      }
    }
    return out;
  }

  private static void arm(ControlTimer t, long delay, List<ControlAction> out) {
    out.add(new ControlAction.StartTimer(t, delay));
  }

  private static void disarm(ControlTimer t, List<ControlAction> out) {
    out.add(new ControlAction.CancelTimer(t));
  }

  private int allocateSessionId() {
    for (int i = 0; i < 0xFFFF; i++) {
      int id = nextSessionId;
      nextSessionId = nextSessionId == 0xFFFF ? 1 : nextSessionId + 1;
      if (!sessions.containsKey(id)) {
        return id;
      }
    }
    return 0;
  }

  private byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private void requireState(State expected, String event) {
    if (state != expected) {
      throw new IllegalStateException(event + " in state " + state + ", expected " + expected);
    }
  }

  /** Local ids of the sessions this connection carries (any state), a view. */
  public java.util.Set<Integer> sessionIds() {
    return Collections.unmodifiableSet(sessions.keySet());
  }

  /** Sessions by local id, for diagnostics. */
  public Map<Integer, Integer> sessionPeers() {
    Map<Integer, Integer> m = new LinkedHashMap<>();
    sessions.forEach((k, v) -> m.put(k, v.peerId));
    return Collections.unmodifiableMap(m);
  }
}
