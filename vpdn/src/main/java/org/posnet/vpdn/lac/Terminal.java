package org.posnet.vpdn.lac;

import java.net.Inet4Address;
import org.posnet.vpdn.l2tp.transport.LoopTimers;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.posnet.common.time.Ticker;
import org.posnet.vpdn.ppp.PppAction;
import org.posnet.vpdn.ppp.PppConfig;
import org.posnet.vpdn.ppp.PppFrame;
import org.posnet.vpdn.ppp.PppLink;
import org.posnet.vpdn.ppp.PppTimer;

/**
 * A POS terminal dialling in process through a {@link Lac}: its SIM's user, password and IMSI, the
 * terminal side of PPP, and a trace of the six call-flow steps with the time each took. Runs on the
 * LAC's event loop; {@link #dial()} and {@link #hangUp()} may be called from any thread.
 */
public final class Terminal {
  /** What a SIM carries for VPDN: {@code user@domain}, its password and the IMSI. */
  public record Sim(String user, String password, String imsi) {
    public Sim {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(password, "password");
      Objects.requireNonNull(imsi, "imsi");
    }

    @Override
    public String toString() {
      return "Sim[" + user + ", password=****, imsi=" + imsi + "]";
    }
  }

  /** A dial that reached IPCP: the address and DNS the LNS gave, and every step. */
  public record Dialled(Inet4Address address, Inet4Address lnsAddress, List<Inet4Address> dns, List<DialStep> steps) {}

  /** A dial that stopped at {@code failedStep}. */
  public static final class DialFailed extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient DialStep failedStep;

    DialFailed(DialStep failedStep) {
      super(failedStep.step().label() + " failed: " + failedStep.detail(), null, false, false);
      this.failedStep = failedStep;
    }

    public DialStep failedStep() {
      return failedStep;
    }
  }

  /** Magic numbers only; one generator for all terminals (building one per dial cost a provider lookup). */
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Lac lac;
  private final Sim sim;
  private final Consumer<DialStep> trace;
  private final Map<PppTimer, LoopTimers.Timeout> timers = new EnumMap<>(PppTimer.class);
  private final List<DialStep> steps = new ArrayList<>();
  private final CompletableFuture<Dialled> dialled = new CompletableFuture<>();
  private final CompletableFuture<String> down = new CompletableFuture<>();
  private PppLink link;
  private LacCall call;
  private long lastStepAt;
  private DialStep.Step next = DialStep.Step.PPP_CHAP;
  private volatile Consumer<byte[]> ipReceiver = packet -> { };

  /** {@code trace} sees each step as it completes (on the LAC's event loop). */
  public Terminal(Lac lac, Sim sim, Consumer<DialStep> trace) {
    this.lac = lac;
    this.sim = sim;
    this.trace = trace;
  }

  /** Dials: completes with the address once IPCP is up, or fails with {@link DialFailed}. */
  public CompletableFuture<Dialled> dial() {
    lac.eventLoop().execute(() -> {
      lastStepAt = System.nanoTime();
      link = new PppLink(PppConfig.terminal(sim.user(), sim.password()), Ticker.system(), RANDOM);
      call = lac.dial(this::fromLac, sim.imsi(), new Observer());
      apply(link.open());
    });
    return dialled;
  }

  /**
   * Hangs up: LCP Terminate with the LNS (bounded by PPP's own timers), then the carrier drops (CDN).
   * Completes with the reason the link went down.
   */
  public CompletableFuture<String> hangUp() {
    lac.eventLoop().execute(() -> {
      if (link != null) {
        apply(link.close("terminal hung up"));
      }
      if (down.isDone() && call != null) {
        call.hangUp();
      }
    });
    return down;
  }

  /** Where IPv4 packets the LNS sends to this terminal go (called on the LAC's event loop); discarded by default. */
  public void receiveIp(Consumer<byte[]> receiver) {
    this.ipReceiver = receiver;
  }

  /** Sends an IPv4 packet over the PPP link (dropped unless IPCP is up). Any thread. */
  public void sendIp(byte[] packet) {
    lac.eventLoop().execute(() -> {
      if (link != null) {
        apply(link.sendIp(packet));
      }
    });
  }

  /**
   * Frames cross the "radio" as tasks on the loop, never as nested calls: a reply handled inside the
   * send that caused it would reach a PPP automaton mid-transition (a CHAP Challenge before our LCP
   * had seen its Configure-Ack) and cost a restart timeout.
   */
  private void fromLac(byte[] frame) {
    lac.eventLoop().execute(() -> {
      if (link != null) {
        apply(link.frameReceived(frame));
      }
    });
  }

  private void apply(List<PppAction> actions) {
    for (PppAction a : actions) {
      if (a instanceof PppAction.SendFrame f) {
        if (next == DialStep.Step.PPP_CHAP && isChapResponse(f.frame())) {
          step(DialStep.Step.PPP_CHAP, true, "LCP up, CHAP response sent as " + sim.user());
        }
        byte[] frame = f.frame();
        lac.eventLoop().execute(() -> call.fromTerminal(frame));
      } else if (a instanceof PppAction.StartTimer st) {
        cancel(st.timer());
        timers.put(st.timer(), LoopTimers.schedule(lac.eventLoop(), () -> {
          timers.remove(st.timer());
          apply(link.timerFired(st.timer()));
        }, st.delayNanos()));
      } else if (a instanceof PppAction.CancelTimer ct) {
        cancel(ct.timer());
      } else if (a instanceof PppAction.NetworkUp up) {
        step(DialStep.Step.IPCP, true, up.localAddress().getHostAddress() + " (LNS " + up.peerAddress().getHostAddress()
            + ", DNS " + hostAddresses(up.dns()) + ")");
        dialled.complete(new Dialled(up.localAddress(), up.peerAddress(), up.dns(), List.copyOf(steps)));
      } else if (a instanceof PppAction.DeliverIp ip) {
        ipReceiver.accept(ip.packet());
      } else if (a instanceof PppAction.LinkDown d) {
        for (PppTimer t : PppTimer.values()) {
          cancel(t);
        }
        fail(next, "PPP down: " + d.reason());
        down.complete(d.reason());
        call.hangUp(); // the carrier drops with the link
      }
    }
  }

  /** "[a, b]" as List.toString prints it, without a stream per call. */
  private static String hostAddresses(List<Inet4Address> addresses) {
    StringBuilder b = new StringBuilder().append('[');
    for (int i = 0; i < addresses.size(); i++) {
      b.append(i == 0 ? "" : ", ").append(addresses.get(i).getHostAddress());
    }
    return b.append(']').toString();
  }

  private static String endpointAddresses(List<TunnelEndpoint> endpoints) {
    StringBuilder b = new StringBuilder().append('[');
    for (int i = 0; i < endpoints.size(); i++) {
      b.append(i == 0 ? "" : ", ").append(endpoints.get(i).address());
    }
    return b.append(']').toString();
  }

  private static boolean isChapResponse(byte[] frame) {
    try {
      PppFrame f = PppFrame.decode(frame);
      return f.protocol() == PppFrame.CHAP && f.info().length > 0 && f.info()[0] == 2;
    } catch (org.posnet.vpdn.ppp.PppDecodeException e) {
      return false;
    }
  }

  private void step(DialStep.Step s, boolean ok, String detail) {
    if (dialled.isDone()) {
      return;
    }
    long now = System.nanoTime();
    DialStep d = new DialStep(s, ok, detail, Duration.ofNanos(now - lastStepAt));
    lastStepAt = now;
    steps.add(d);
    trace.accept(d);
    if (!ok) {
      dialled.completeExceptionally(new DialFailed(d));
    } else if (s.ordinal() + 1 < DialStep.Step.values().length) {
      next = DialStep.Step.values()[s.ordinal() + 1];
    }
  }

  private void fail(DialStep.Step s, String detail) {
    step(s, false, detail);
  }

  private void cancel(PppTimer t) {
    LoopTimers.Timeout f = timers.remove(t);
    if (f != null) {
      f.cancel();
    }
  }

  /** Turns what the LAC reports into trace steps. */
  private final class Observer implements CallObserver {
    @Override
    public void carrierAnswer(CarrierAnswer a) {
      step(DialStep.Step.CARRIER_AAA, a.accepted(), a.accepted()
          ? "Access-Accept, LNS " + endpointAddresses(a.endpoints())
          : "Access-Reject: " + a.message());
    }

    @Override
    public void tunnel(boolean ok, String detail) {
      if (ok) {
        step(DialStep.Step.TUNNEL, true, detail);
      } else {
        trace.accept(new DialStep(DialStep.Step.TUNNEL, false, detail + " (trying the next LNS if any)", Duration.ZERO));
      }
    }

    @Override
    public void session(boolean ok, String detail) {
      step(DialStep.Step.SESSION, ok, detail);
    }

    @Override
    public void lnsSpoke() {
      step(DialStep.Step.BANK_AAA, true, "accepted: the LNS took the proxy authentication and answered the terminal");
    }

    @Override
    public void ended(String reason) {
      if (!dialled.isDone()) {
        fail(next, reason);
      }
    }
  }
}
