package org.posnet.vpdn.ppp;

import java.util.ArrayList;
import java.util.List;

/**
 * The option negotiation automaton of RFC 1661 §4, shared by LCP and IPCP: ten states, the
 * restart timer and its counter, Max-Configure, Max-Terminate and Max-Failure. The protocol's
 * option rules come in through {@link Options}; its this-layer-up/down/started/finished through
 * {@link Layer}. Codes 1-7 are handled here; the owner handles the rest (Echo, Protocol-Reject).
 */
final class Negotiation {
  enum State {
    INITIAL,
    STARTING,
    CLOSED,
    STOPPED,
    CLOSING,
    STOPPING,
    REQ_SENT,
    ACK_RCVD,
    ACK_SENT,
    OPENED
  }

  static final int CONFIGURE_REQUEST = 1;
  static final int CONFIGURE_ACK = 2;
  static final int CONFIGURE_NAK = 3;
  static final int CONFIGURE_REJECT = 4;
  static final int TERMINATE_REQUEST = 5;
  static final int TERMINATE_ACK = 6;
  static final int CODE_REJECT = 7;

  /** The verdict on a peer's Configure-Request. */
  record Review(int code, List<ConfigOption> options) {
    static Review ack(List<ConfigOption> all) {
      return new Review(CONFIGURE_ACK, all);
    }
  }

  /** A protocol's option rules. */
  interface Options {
    List<ConfigOption> request();

    Review review(List<ConfigOption> theirs);

    void nakked(List<ConfigOption> suggestions);

    void rejected(List<ConfigOption> rejected);

    /** Our request was acknowledged as sent. */
    void acked(List<ConfigOption> ours);

    /** We acknowledged the peer's request. */
    void agreed(List<ConfigOption> theirs);
  }

  interface Layer {
    void up(List<PppAction> out);

    void down(List<PppAction> out);

    void started(List<PppAction> out);

    void finished(List<PppAction> out);
  }

  private final int protocol;
  private final PppTimer timer;
  private final Options options;
  private final Layer layer;
  private final PppConfig config;

  private State state = State.INITIAL;
  private int restartCounter;
  private int failures;
  private int nextId;
  private int requestId = -1;
  private byte[] requestData = new byte[0];
  private boolean timerRunning;

  Negotiation(int protocol, PppTimer timer, Options options, Layer layer, PppConfig config) {
    this.protocol = protocol;
    this.timer = timer;
    this.options = options;
    this.layer = layer;
    this.config = config;
  }

  State state() {
    return state;
  }

  boolean opened() {
    return state == State.OPENED;
  }

  // ------------------------------------------------------------ events from the layer below/above

  void up(List<PppAction> out) {
    switch (state) {
      case INITIAL -> state = State.CLOSED;
      case STARTING -> {
        irc(true);
        scr(out);
        state = State.REQ_SENT;
      }
      default -> { }
    }
    settle(out);
  }

  void down(List<PppAction> out) {
    switch (state) {
      case CLOSED, CLOSING -> state = State.INITIAL;
      case STOPPED -> {
        layer.started(out);
        state = State.STARTING;
      }
      case STOPPING, REQ_SENT, ACK_RCVD, ACK_SENT -> state = State.STARTING;
      case OPENED -> {
        layer.down(out);
        state = State.STARTING;
      }
      default -> { }
    }
    settle(out);
  }

  /**
   * The layer was negotiated elsewhere (L2TP proxy LCP): Opened without a packet sent, and
   * this-layer-up runs as after a Configure-Ack. The caller has put the agreed options in place.
   */
  void assumeOpened(List<PppAction> out) {
    if (state != State.INITIAL) {
      throw new IllegalStateException("only a fresh layer can be taken over, not one in " + state);
    }
    state = State.OPENED;
    layer.up(out);
    settle(out);
  }

  void open(List<PppAction> out) {
    switch (state) {
      case INITIAL -> {
        layer.started(out);
        state = State.STARTING;
      }
      case CLOSED -> {
        irc(true);
        scr(out);
        state = State.REQ_SENT;
      }
      case CLOSING -> state = State.STOPPING;
      default -> { }
    }
    settle(out);
  }

  void close(List<PppAction> out) {
    switch (state) {
      case STARTING -> {
        layer.finished(out);
        state = State.INITIAL;
      }
      case STOPPED -> state = State.CLOSED;
      case STOPPING -> state = State.CLOSING;
      case REQ_SENT, ACK_RCVD, ACK_SENT -> {
        irc(false);
        str(out);
        state = State.CLOSING;
      }
      case OPENED -> {
        layer.down(out);
        irc(false);
        str(out);
        state = State.CLOSING;
      }
      default -> { }
    }
    settle(out);
  }

  void timeout(List<PppAction> out) {
    if (!timerRunning) {
      return;
    }
    timerRunning = false;
    if (restartCounter > 0) {
      switch (state) {
        case CLOSING, STOPPING -> str(out);
        case REQ_SENT, ACK_RCVD -> {
          scr(out);
          state = State.REQ_SENT;
        }
        case ACK_SENT -> scr(out);
        default -> { }
      }
    } else {
      switch (state) {
        case CLOSING -> {
          layer.finished(out);
          state = State.CLOSED;
        }
        case STOPPING, REQ_SENT, ACK_RCVD, ACK_SENT -> {
          layer.finished(out);
          state = State.STOPPED;
        }
        default -> { }
      }
    }
    settle(out);
  }

  // ------------------------------------------------------------ packets

  /** Handles codes 1-7; returns false for any other code, which the owner handles or rejects. */
  boolean receive(CpPacket p, List<PppAction> out) throws PppDecodeException {
    if (state == State.INITIAL || state == State.STARTING) {
      return true; // the lower layer is not up: silently discarded (RFC 1661 §4.2)
    }
    switch (p.code()) {
      case CONFIGURE_REQUEST -> rcr(p, ConfigOption.decodeAll(p.data()), out);
      case CONFIGURE_ACK -> rca(p, out);
      case CONFIGURE_NAK, CONFIGURE_REJECT -> rcn(p, ConfigOption.decodeAll(p.data()), out);
      case TERMINATE_REQUEST -> rtr(p, out);
      case TERMINATE_ACK -> rta(out);
      case CODE_REJECT -> {
        int rejected = p.data().length > 0 ? p.data()[0] & 0xFF : 0;
        rxj(rejected >= CONFIGURE_REQUEST && rejected <= CODE_REJECT, out);
      }
      default -> {
        return false;
      }
    }
    settle(out);
    return true;
  }

  /** Unknown code: Code-Reject carrying the packet (RUC, state unchanged). */
  void rejectCode(CpPacket p, List<PppAction> out) {
    if (state != State.INITIAL && state != State.STARTING) {
      byte[] rejected = p.encode();
      send(CODE_REJECT, nextId(), rejected, out);
    }
  }

  /** RXJ- from outside, e.g. a Protocol-Reject for this protocol. */
  void catastrophicReject(List<PppAction> out) {
    rxj(true, out);
    settle(out);
  }

  private void rcr(CpPacket p, List<ConfigOption> theirs, List<PppAction> out) {
    if (state == State.CLOSING || state == State.STOPPING) {
      return;
    }
    if (state == State.CLOSED) {
      sta(p.identifier(), out);
      return;
    }
    Review review = options.review(theirs);
    boolean good = review.code() == CONFIGURE_ACK;
    switch (state) {
      case STOPPED -> {
        irc(true);
        scr(out);
        answer(p, review, theirs, out);
        state = good ? State.ACK_SENT : State.REQ_SENT;
      }
      case REQ_SENT, ACK_SENT -> {
        answer(p, review, theirs, out);
        state = good ? State.ACK_SENT : State.REQ_SENT;
      }
      case ACK_RCVD -> {
        answer(p, review, theirs, out);
        if (good) {
          state = State.OPENED;
          layer.up(out);
        }
      }
      case OPENED -> {
        layer.down(out);
        scr(out);
        answer(p, review, theirs, out);
        state = good ? State.ACK_SENT : State.REQ_SENT;
      }
      default -> { }
    }
  }

  private void answer(CpPacket p, Review review, List<ConfigOption> theirs, List<PppAction> out) {
    if (review.code() == CONFIGURE_ACK) {
      failures = 0;
      options.agreed(theirs);
      send(CONFIGURE_ACK, p.identifier(), p.data(), out);
      return;
    }
    int code = review.code();
    if (code == CONFIGURE_NAK && ++failures > config.maxFailure()) {
      // not converging: stop suggesting, refuse (RFC 1661 §4.6 Max-Failure)
      code = CONFIGURE_REJECT;
      List<ConfigOption> refused = new ArrayList<>();
      for (ConfigOption o : theirs) {
        for (ConfigOption n : review.options()) {
          if (n.type() == o.type()) {
            refused.add(o);
            break;
          }
        }
      }
      send(code, p.identifier(), ConfigOption.encodeAll(refused), out);
      return;
    }
    send(code, p.identifier(), ConfigOption.encodeAll(review.options()), out);
  }

  private void rca(CpPacket p, List<PppAction> out) {
    if (p.identifier() != requestId || !java.util.Arrays.equals(p.data(), requestData)) {
      return; // not an answer to our latest request: discard (RFC 1661 §5.2)
    }
    switch (state) {
      case CLOSED, STOPPED -> sta(p.identifier(), out);
      case REQ_SENT -> {
        options.acked(currentRequest());
        irc(true);
        state = State.ACK_RCVD;
      }
      case ACK_RCVD -> {
        scr(out);
        state = State.REQ_SENT;
      }
      case ACK_SENT -> {
        options.acked(currentRequest());
        irc(true);
        state = State.OPENED;
        layer.up(out);
      }
      case OPENED -> {
        layer.down(out);
        scr(out);
        state = State.REQ_SENT;
      }
      default -> { }
    }
  }

  private List<ConfigOption> currentRequest() {
    try {
      return ConfigOption.decodeAll(requestData);
    } catch (PppDecodeException e) {
      throw new IllegalStateException("our own request does not parse", e);
    }
  }

  private void rcn(CpPacket p, List<ConfigOption> opts, List<PppAction> out) {
    if (p.identifier() != requestId) {
      return;
    }
    if (p.code() == CONFIGURE_NAK) {
      options.nakked(opts);
    } else {
      options.rejected(opts);
    }
    switch (state) {
      case CLOSED, STOPPED -> sta(p.identifier(), out);
      case REQ_SENT -> {
        irc(true);
        scr(out);
      }
      case ACK_RCVD -> {
        scr(out);
        state = State.REQ_SENT;
      }
      case ACK_SENT -> {
        irc(true);
        scr(out);
      }
      case OPENED -> {
        layer.down(out);
        scr(out);
        state = State.REQ_SENT;
      }
      default -> { }
    }
  }

  private void rtr(CpPacket p, List<PppAction> out) {
    switch (state) {
      case CLOSED, STOPPED, CLOSING, STOPPING -> sta(p.identifier(), out);
      case REQ_SENT, ACK_RCVD, ACK_SENT -> {
        sta(p.identifier(), out);
        state = State.REQ_SENT;
      }
      case OPENED -> {
        layer.down(out);
        restartCounter = 0;
        startTimer(out);
        sta(p.identifier(), out);
        state = State.STOPPING;
      }
      default -> { }
    }
  }

  private void rta(List<PppAction> out) {
    switch (state) {
      case CLOSING -> {
        layer.finished(out);
        state = State.CLOSED;
      }
      case STOPPING -> {
        layer.finished(out);
        state = State.STOPPED;
      }
      case ACK_RCVD -> state = State.REQ_SENT;
      case OPENED -> {
        layer.down(out);
        scr(out);
        state = State.REQ_SENT;
      }
      default -> { }
    }
  }

  private void rxj(boolean catastrophic, List<PppAction> out) {
    if (!catastrophic) {
      if (state == State.ACK_RCVD) {
        state = State.REQ_SENT;
      }
      return;
    }
    switch (state) {
      case CLOSED, CLOSING -> {
        layer.finished(out);
        state = State.CLOSED;
      }
      case STOPPED, STOPPING, REQ_SENT, ACK_RCVD, ACK_SENT -> {
        layer.finished(out);
        state = State.STOPPED;
      }
      case OPENED -> {
        layer.down(out);
        irc(false);
        str(out);
        state = State.STOPPING;
      }
      default -> { }
    }
  }

  // ------------------------------------------------------------ actions of RFC 1661 §4.4

  private void irc(boolean configure) {
    restartCounter = configure ? config.maxConfigure() : config.maxTerminate();
  }

  private void scr(List<PppAction> out) {
    requestId = nextId();
    requestData = ConfigOption.encodeAll(options.request());
    restartCounter--;
    send(CONFIGURE_REQUEST, requestId, requestData, out);
    startTimer(out);
  }

  private void str(List<PppAction> out) {
    restartCounter--;
    send(TERMINATE_REQUEST, nextId(), new byte[0], out);
    startTimer(out);
  }

  private void sta(int id, List<PppAction> out) {
    send(TERMINATE_ACK, id, new byte[0], out);
  }

  private void send(int code, int id, byte[] data, List<PppAction> out) {
    out.add(new PppAction.SendFrame(new CpPacket(code, id, data).frame(protocol).encode()));
  }

  private int nextId() {
    nextId = (nextId + 1) & 0xFF;
    return nextId;
  }

  private void startTimer(List<PppAction> out) {
    timerRunning = true;
    out.add(new PppAction.StartTimer(timer, config.restart().toNanos()));
  }

  /** The restart timer runs only in the states that wait for an answer (RFC 1661 §4.1). */
  private void settle(List<PppAction> out) {
    boolean waits = state == State.CLOSING || state == State.STOPPING || state == State.REQ_SENT
        || state == State.ACK_RCVD || state == State.ACK_SENT;
    if (!waits && timerRunning) {
      timerRunning = false;
      out.add(new PppAction.CancelTimer(timer));
    }
  }

  /** Sends a packet of an owner-handled code (Echo, Discard, Protocol-Reject) with a fresh id. */
  void sendOwn(int code, byte[] data, List<PppAction> out) {
    send(code, nextId(), data, out);
  }

  void sendOwn(int code, int id, byte[] data, List<PppAction> out) {
    send(code, id, data, out);
  }
}
