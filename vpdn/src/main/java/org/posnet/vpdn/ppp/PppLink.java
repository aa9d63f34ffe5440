package org.posnet.vpdn.ppp;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.posnet.common.time.Ticker;

/**
 * One PPP link, either side of it: LCP (RFC 1661), then PAP (RFC 1334) or CHAP-MD5 (RFC 1994),
 * then IPCP (RFC 1332, RFC 1877). The {@link Side#TERMINAL} authenticates itself and is given an
 * address; the {@link Side#LNS} asks for authentication, hands the decision to its AAA through
 * {@link PppAction.Authenticate} and {@link #authResult}, and gives out the address the AAA chose.
 *
 * <p>Pure: every event returns the actions to perform; time comes only from the {@link Ticker}.
 * Malformed input is counted ({@link #malformed()}) and dropped, or answered with Code-Reject or
 * Protocol-Reject where RFC 1661 says so. Not thread-safe: one link per event loop.
 */
public final class PppLink {
  public enum Side {
    TERMINAL,
    LNS
  }

  public enum Phase {
    DEAD,
    ESTABLISH,
    AUTHENTICATE,
    NETWORK,
    TERMINATE
  }

  static final int PROTOCOL_REJECT = 8;
  static final int ECHO_REQUEST = 9;
  static final int ECHO_REPLY = 10;
  static final int DISCARD_REQUEST = 11;

  private final PppConfig config;
  private final Ticker ticker;
  private final RandomGenerator random;
  private final LcpOptions lcpOptions;
  private final IpcpOptions ipcpOptions;
  private final Negotiation lcp;
  private final Negotiation ipcp;
  private final Map<PppTimer, Long> deadlines = new EnumMap<>(PppTimer.class);

  private Phase phase = Phase.DEAD;
  private String closeReason = "LCP terminated";
  private boolean linkDownSent;
  private long malformed;
  private long lastHeard;
  private int echoOutstanding;
  private int echoId;
  // authentication
  private AuthRequest.Method authMethod;
  private int authId;
  private int authTries;
  private byte[] challenge = new byte[0];
  private boolean decisionPending;
  private CpPacket lastAnswer;
  private int lastAnswerProtocol;
  /** LNS: the call was authenticated before PPP reached us (L2TP proxy authentication). */
  private AuthDecision.Accept preauthorized;
  /** LNS, proxy LCP: why the LAC's LCP was renegotiated; null when taken over or never offered. */
  private String proxyLcpRefusal;

  public PppLink(PppConfig config, Ticker ticker, RandomGenerator random) {
    this.config = config;
    this.ticker = ticker;
    this.random = random;
    this.lcpOptions = new LcpOptions(config, random);
    this.ipcpOptions = new IpcpOptions(config.side(), config.localAddress());
    this.lcp = new Negotiation(PppFrame.LCP, PppTimer.LCP_RESTART, lcpOptions, new LcpLayer(), config);
    this.ipcp = new Negotiation(PppFrame.IPCP, PppTimer.IPCP_RESTART, ipcpOptions, new IpcpLayer(), config);
    this.lastHeard = ticker.nanos();
  }

  public Phase phase() {
    return phase;
  }

  /** Frames that did not parse, dropped. */
  public long malformed() {
    return malformed;
  }

  /** The magic number we negotiate with, 0 when the peer refused the option. */
  public long magic() {
    return lcpOptions.magic();
  }

  // ---------------------------------------------------------------- events

  /** The carrier is up (the L2TP session, or the dial-in): start LCP. */
  public List<PppAction> open() {
    List<PppAction> out = new ArrayList<>();
    phase = Phase.ESTABLISH;
    lcp.open(out);
    lcp.up(out);
    return finish(out);
  }

  /**
   * LNS: start a link whose terminal was already authenticated (L2TP proxy authentication verified
   * with the AAA): LCP is renegotiated, and once it is up the authentication phase is skipped and
   * IPCP hands out {@code accept}'s address. The config should ask for no Auth-Protocol
   * ({@code authProtocol} null), or the terminal would wait for a challenge that never comes.
   */
  public List<PppAction> openAuthenticated(AuthDecision.Accept accept) {
    if (config.side() != Side.LNS) {
      throw new IllegalStateException("only the LNS side takes a call authenticated elsewhere");
    }
    preauthorized = accept;
    return open();
  }

  /**
   * LNS: start a call the LAC already authenticated (proxy authentication verified with the AAA) and
   * whose LCP it negotiated (proxy LCP, RFC 2661 §4.4.5). When the LAC's and the terminal's last
   * CONFREQs are acceptable ({@link LcpTakeover}) LCP is taken over as it stands: the terminal gets
   * the authentication answer the LAC withheld (CHAP Success or PAP Ack with the proxy's identifier)
   * and IPCP starts at once, saving LCP's round trips. Otherwise LCP is renegotiated as
   * {@link #openAuthenticated} does; {@link #proxyLcpRefusal()} then says why.
   *
   * @param lastSent options of AVP 27 (the LAC's last CONFREQ), empty when absent
   * @param lastReceived options of AVP 28 (the terminal's last CONFREQ), empty when absent
   * @param proxyAuth the proxy authentication's type (CHAP-MD5 or PAP)
   * @param proxyId the proxy authentication's identifier, echoed in the answer
   */
  public List<PppAction> openWithProxyLcp(AuthDecision.Accept accept, byte[] lastSent, byte[] lastReceived,
      AuthRequest.Method proxyAuth, int proxyId) {
    LcpTakeover.Verdict v = LcpTakeover.review(config, lastSent, lastReceived, proxyAuth);
    if (!v.accepted()) {
      proxyLcpRefusal = v.refusal();
      return openAuthenticated(accept);
    }
    if (config.side() != Side.LNS) {
      throw new IllegalStateException("only the LNS side takes over a LAC's LCP");
    }
    preauthorized = accept;
    List<PppAction> out = new ArrayList<>();
    phase = Phase.ESTABLISH;
    lcpOptions.takeOver(v.ours(), v.theirs());
    // the terminal still waits in its authentication phase: our answer ends it, before IPCP begins
    out.add(proxyAuth == AuthRequest.Method.PAP
        ? send(PppFrame.PAP, Pap.answer(Pap.AUTHENTICATE_ACK, proxyId, "Welcome"))
        : send(PppFrame.CHAP, Chap.result(Chap.SUCCESS, proxyId, "Welcome")));
    lcp.assumeOpened(out);
    return finish(out);
  }

  /** Why the proxy LCP was not taken over, or null (taken over, or no proxy call). */
  public String proxyLcpRefusal() {
    return proxyLcpRefusal;
  }

  public List<PppAction> frameReceived(byte[] bytes) {
    List<PppAction> out = new ArrayList<>();
    lastHeard = ticker.nanos();
    try {
      PppFrame f = PppFrame.decode(bytes);
      switch (f.protocol()) {
        case PppFrame.LCP -> onLcp(CpPacket.decode(f.info()), out);
        case PppFrame.CHAP -> onChap(CpPacket.decode(f.info()), out);
        case PppFrame.PAP -> onPap(CpPacket.decode(f.info()), out);
        case PppFrame.IPCP -> onIpcp(CpPacket.decode(f.info()), out);
        case PppFrame.IPV4 -> {
          if (ipcp.opened()) {
            out.add(new PppAction.DeliverIp(f.info()));
          }
        }
        default -> {
          if (lcp.opened()) {
            byte[] info = f.info();
            byte[] data = new byte[2 + info.length];
            data[0] = (byte) (f.protocol() >>> 8);
            data[1] = (byte) f.protocol();
            System.arraycopy(info, 0, data, 2, info.length);
            lcp.sendOwn(PROTOCOL_REJECT, trim(data), out);
          }
        }
      }
    } catch (PppDecodeException e) {
      malformed++;
    }
    return finish(out);
  }

  /** A Protocol-Reject must fit the peer's MRU. */
  private byte[] trim(byte[] data) {
    int max = Math.max(0, lcpOptions.peerMru - 4);
    return data.length <= max ? data : java.util.Arrays.copyOf(data, max);
  }

  public List<PppAction> timerFired(PppTimer timer) {
    List<PppAction> out = new ArrayList<>();
    Long deadline = deadlines.remove(timer);
    if (deadline == null) {
      return out;
    }
    long now = ticker.nanos();
    if (now < deadline) {
      arm(timer, deadline - now, out);
      return finish(out);
    }
    switch (timer) {
      case LCP_RESTART -> lcp.timeout(out);
      case IPCP_RESTART -> ipcp.timeout(out);
      case AUTH_RESTART -> authTimeout(out);
      case ECHO -> echo(now, out);
      default -> throw new IllegalStateException(timer.name());
    }
    return finish(out);
  }

  /** LNS: the AAA's decision on the last {@link PppAction.Authenticate}. */
  public List<PppAction> authResult(AuthDecision decision) {
    List<PppAction> out = new ArrayList<>();
    if (!decisionPending || phase != Phase.AUTHENTICATE) {
      return out; // the link moved on (closed, or a late duplicate answer)
    }
    decisionPending = false;
    boolean chap = authMethod == AuthRequest.Method.CHAP_MD5;
    if (decision instanceof AuthDecision.Accept accept) {
      lastAnswer = chap ? Chap.result(Chap.SUCCESS, authId, "Welcome")
          : Pap.answer(Pap.AUTHENTICATE_ACK, authId, "Welcome");
      sendAnswer(out);
      ipcpOptions.assign(accept.address(), accept.dns());
      network(out);
    } else {
      String message = ((AuthDecision.Reject) decision).message();
      lastAnswer = chap ? Chap.result(Chap.FAILURE, authId, message)
          : Pap.answer(Pap.AUTHENTICATE_NAK, authId, message);
      sendAnswer(out);
      close("authentication rejected: " + message, out);
    }
    return finish(out);
  }

  /** Terminate the link (hang up, or an administrative disconnect). */
  public List<PppAction> close(String reason) {
    List<PppAction> out = new ArrayList<>();
    close(reason, out);
    return finish(out);
  }

  /** The carrier is gone (CDN, tunnel down): no Terminate-Request can reach the peer. */
  public List<PppAction> lowerDown() {
    List<PppAction> out = new ArrayList<>();
    closeReason = "carrier lost";
    lcp.down(out);
    for (PppTimer t : PppTimer.values()) {
      out.add(new PppAction.CancelTimer(t));
    }
    linkDown(out);
    return finish(out);
  }

  /** Wraps an IPv4 packet for the peer; dropped unless IPCP is open. */
  public List<PppAction> sendIp(byte[] packet) {
    List<PppAction> out = new ArrayList<>();
    if (ipcp.opened()) {
      out.add(new PppAction.SendFrame(new PppFrame(PppFrame.IPV4, packet)
          .encode(lcpOptions.peerAcfc, lcpOptions.peerPfc)));
    }
    return out;
  }

  // ---------------------------------------------------------------- LCP extras: echo, rejects

  private void onLcp(CpPacket p, List<PppAction> out) throws PppDecodeException {
    if (lcp.receive(p, out)) {
      return;
    }
    switch (p.code()) {
      case PROTOCOL_REJECT -> {
        byte[] d = p.data();
        if (lcp.opened() && d.length >= 2 && (((d[0] & 0xFF) << 8) | (d[1] & 0xFF)) == PppFrame.IPCP) {
          ipcp.catastrophicReject(out);
        }
      }
      case ECHO_REQUEST -> {
        if (!lcp.opened()) {
          return;
        }
        long theirs = magicOf(p);
        if (lcpOptions.magic() != 0 && theirs == lcpOptions.magic()) {
          close("looped-back link: our own magic number came back", out);
          return;
        }
        byte[] reply = p.data();
        writeMagic(reply, lcpOptions.magic());
        lcp.sendOwn(ECHO_REPLY, p.identifier(), reply, out);
      }
      case ECHO_REPLY -> {
        if (lcp.opened() && lcpOptions.magic() != 0 && magicOf(p) == lcpOptions.magic()) {
          close("looped-back link: our own magic number came back", out);
        } else {
          echoOutstanding = 0;
        }
      }
      case DISCARD_REQUEST -> { }
      default -> lcp.rejectCode(p, out);
    }
  }

  private static long magicOf(CpPacket p) throws PppDecodeException {
    byte[] d = p.data();
    if (d.length < 4) {
      throw new PppDecodeException("echo without magic number");
    }
    return ((long) (d[0] & 0xFF) << 24) | ((d[1] & 0xFF) << 16) | ((d[2] & 0xFF) << 8) | (d[3] & 0xFF);
  }

  private static void writeMagic(byte[] d, long magic) {
    d[0] = (byte) (magic >>> 24);
    d[1] = (byte) (magic >>> 16);
    d[2] = (byte) (magic >>> 8);
    d[3] = (byte) magic;
  }

  private void echo(long now, List<PppAction> out) {
    if (!lcp.opened()) {
      return;
    }
    long interval = config.echoInterval().toNanos();
    if (echoOutstanding >= config.echoFailures()) {
      close("keepalive: " + echoOutstanding + " echo requests unanswered", out);
      return;
    }
    if (echoOutstanding == 0 && now - lastHeard < interval) {
      arm(PppTimer.ECHO, interval - (now - lastHeard), out); // the peer spoke lately: no need to ask
      return;
    }
    byte[] data = new byte[4];
    writeMagic(data, lcpOptions.magic());
    echoId = (echoId + 1) & 0xFF;
    lcp.sendOwn(ECHO_REQUEST, echoId, data, out);
    echoOutstanding++;
    arm(PppTimer.ECHO, interval, out);
  }

  // ---------------------------------------------------------------- authentication

  private void startAuthentication(List<PppAction> out) {
    phase = Phase.AUTHENTICATE;
    authTries = config.maxConfigure();
    decisionPending = false;
    lastAnswer = null;
    if (config.side() == Side.LNS && preauthorized != null) {
      ipcpOptions.assign(preauthorized.address(), preauthorized.dns());
      network(out);
    } else if (config.side() == Side.LNS) {
      authMethod = lcpOptions.authAcked;
      if (authMethod == null) {
        close("terminal refused to authenticate", out);
      } else if (authMethod == AuthRequest.Method.CHAP_MD5) {
        authId = (authId + 1) & 0xFF;
        challenge = new byte[16];
        random.nextBytes(challenge);
        sendChallenge(out);
      } else {
        arm(PppTimer.AUTH_RESTART, config.restart().toNanos() * config.maxConfigure(), out);
      }
    } else {
      authMethod = lcpOptions.authAgreed;
      if (authMethod == null) {
        network(out);
      } else if (authMethod == AuthRequest.Method.PAP) {
        authId = (authId + 1) & 0xFF;
        sendPapRequest(out);
      }
      // CHAP: wait for the challenge
    }
  }

  private void sendChallenge(List<PppAction> out) {
    out.add(send(PppFrame.CHAP, Chap.packet(Chap.CHALLENGE, authId, challenge, config.name())));
    arm(PppTimer.AUTH_RESTART, config.restart().toNanos(), out);
  }

  private void sendPapRequest(List<PppAction> out) {
    out.add(send(PppFrame.PAP, Pap.request(authId, config.user(), config.password())));
    arm(PppTimer.AUTH_RESTART, config.restart().toNanos(), out);
  }

  private void authTimeout(List<PppAction> out) {
    if (phase != Phase.AUTHENTICATE || decisionPending) {
      return;
    }
    if (--authTries <= 0 || (config.side() == Side.LNS && authMethod == AuthRequest.Method.PAP)) {
      close("authentication timed out", out);
    } else if (config.side() == Side.LNS) {
      sendChallenge(out);
    } else {
      sendPapRequest(out);
    }
  }

  private void onChap(CpPacket p, List<PppAction> out) throws PppDecodeException {
    if (authMethod != AuthRequest.Method.CHAP_MD5 || (phase != Phase.AUTHENTICATE && phase != Phase.NETWORK)) {
      return;
    }
    if (config.side() == Side.LNS) {
      if (p.code() != Chap.RESPONSE || p.identifier() != authId) {
        return;
      }
      Chap.Value v = Chap.parse(p);
      if (lastAnswer != null) {
        sendAnswer(out); // our Success/Failure was lost: say it again
      } else if (!decisionPending) {
        decisionPending = true;
        out.add(new PppAction.CancelTimer(PppTimer.AUTH_RESTART));
        out.add(new PppAction.Authenticate(
            new AuthRequest(AuthRequest.Method.CHAP_MD5, v.name(), authId, challenge, v.value())));
      }
      return;
    }
    switch (p.code()) {
      case Chap.CHALLENGE -> {
        Chap.Value v = Chap.parse(p);
        byte[] response = Chap.response(p.identifier(), config.password(), v.value());
        out.add(send(PppFrame.CHAP, Chap.packet(Chap.RESPONSE, p.identifier(), response, config.user())));
      }
      case Chap.SUCCESS -> {
        if (phase == Phase.AUTHENTICATE) {
          network(out);
        }
      }
      case Chap.FAILURE -> close("CHAP failure from the LNS", out);
      default -> { }
    }
  }

  private void onPap(CpPacket p, List<PppAction> out) throws PppDecodeException {
    if (authMethod != AuthRequest.Method.PAP || (phase != Phase.AUTHENTICATE && phase != Phase.NETWORK)) {
      return;
    }
    if (config.side() == Side.LNS) {
      if (p.code() != Pap.AUTHENTICATE_REQUEST) {
        return;
      }
      Pap.Credentials c = Pap.parse(p);
      if (lastAnswer != null) {
        lastAnswer = new CpPacket(lastAnswer.code(), p.identifier(), lastAnswer.data());
        sendAnswer(out);
      } else if (!decisionPending) {
        decisionPending = true;
        authId = p.identifier();
        out.add(new PppAction.CancelTimer(PppTimer.AUTH_RESTART));
        out.add(new PppAction.Authenticate(AuthRequest.pap(c.peerId(), c.password())));
      }
      return;
    }
    if (p.identifier() != authId || phase != Phase.AUTHENTICATE) {
      return;
    }
    if (p.code() == Pap.AUTHENTICATE_ACK) {
      out.add(new PppAction.CancelTimer(PppTimer.AUTH_RESTART));
      network(out);
    } else if (p.code() == Pap.AUTHENTICATE_NAK) {
      close("PAP rejected by the LNS", out);
    }
  }

  private void sendAnswer(List<PppAction> out) {
    out.add(send(authMethod == AuthRequest.Method.CHAP_MD5 ? PppFrame.CHAP : PppFrame.PAP, lastAnswer));
  }

  // ---------------------------------------------------------------- phases

  private void network(List<PppAction> out) {
    phase = Phase.NETWORK;
    out.add(new PppAction.CancelTimer(PppTimer.AUTH_RESTART));
    ipcp.open(out);
    ipcp.up(out);
  }

  private void onIpcp(CpPacket p, List<PppAction> out) throws PppDecodeException {
    if (phase != Phase.NETWORK) {
      return; // IPCP before authentication ends is discarded (RFC 1661 §3.5)
    }
    if (!ipcp.receive(p, out)) {
      ipcp.rejectCode(p, out);
    }
  }

  private void close(String reason, List<PppAction> out) {
    if (phase == Phase.DEAD || phase == Phase.TERMINATE) {
      return;
    }
    closeReason = reason;
    phase = Phase.TERMINATE;
    lcp.close(out);
  }

  private void linkDown(List<PppAction> out) {
    phase = Phase.DEAD;
    if (!linkDownSent) {
      linkDownSent = true;
      out.add(new PppAction.LinkDown(closeReason));
    }
  }

  private PppAction.SendFrame send(int protocol, CpPacket p) {
    return new PppAction.SendFrame(p.frame(protocol).encode(lcpOptions.peerAcfc, lcpOptions.peerPfc));
  }

  private void arm(PppTimer t, long delay, List<PppAction> out) {
    out.add(new PppAction.StartTimer(t, delay));
  }

  private List<PppAction> finish(List<PppAction> out) {
    long now = ticker.nanos();
    for (PppAction a : out) {
      if (a instanceof PppAction.StartTimer st) {
        deadlines.put(st.timer(), now + st.delayNanos());
      } else if (a instanceof PppAction.CancelTimer ct) {
        deadlines.remove(ct.timer());
      }
    }
    return out;
  }

  private final class LcpLayer implements Negotiation.Layer {
    @Override
    public void up(List<PppAction> out) {
      echoOutstanding = 0;
      arm(PppTimer.ECHO, config.echoInterval().toNanos(), out);
      startAuthentication(out);
    }

    @Override
    public void down(List<PppAction> out) {
      ipcp.down(out);
      out.add(new PppAction.CancelTimer(PppTimer.AUTH_RESTART));
      out.add(new PppAction.CancelTimer(PppTimer.ECHO));
      if (phase != Phase.TERMINATE && phase != Phase.DEAD) {
        phase = Phase.ESTABLISH;
      }
    }

    @Override
    public void started(List<PppAction> out) {}

    @Override
    public void finished(List<PppAction> out) {
      linkDown(out);
    }
  }

  private final class IpcpLayer implements Negotiation.Layer {
    @Override
    public void up(List<PppAction> out) {
      if (config.side() == Side.LNS) {
        out.add(new PppAction.NetworkUp(config.localAddress(), IpcpOptions.inet(ipcpOptions.peerAddress),
            ipcpOptions.dns()));
      } else {
        out.add(new PppAction.NetworkUp(ipcpOptions.address(), IpcpOptions.inet(ipcpOptions.peerAddress),
            ipcpOptions.dns()));
      }
    }

    @Override
    public void down(List<PppAction> out) {}

    @Override
    public void started(List<PppAction> out) {}

    @Override
    public void finished(List<PppAction> out) {
      if (phase == Phase.NETWORK) {
        close("IPCP did not converge", out);
      }
    }
  }
}
