package org.posnet.vpdn.ppp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiPredicate;
import java.util.function.BooleanSupplier;
import org.posnet.common.time.FakeTicker;

/**
 * A terminal-side and an LNS-side link wired in memory, one FakeTicker, and an AAA that knows one
 * user's password. {@code drop} decides per frame (sender, frame) whether the wire loses it.
 */
final class PppLab {
  static final Inet4Address LNS_ADDRESS = ip("10.64.0.1");
  static final Inet4Address ASSIGNED = ip("10.64.0.23");
  static final Inet4Address DNS1 = ip("10.0.0.53");
  static final Inet4Address DNS2 = ip("10.0.0.54");

  final FakeTicker ticker = new FakeTicker();
  final Side terminal;
  Side lns;
  String aaaPassword = "s3cret";
  BiPredicate<Side, byte[]> drop = (s, f) -> false;
  final List<AuthRequest> authRequests = new ArrayList<>();

  static Inet4Address ip(String s) {
    try {
      return (Inet4Address) InetAddress.getByName(s);
    } catch (Exception e) {
      throw new IllegalArgumentException(s, e);
    }
  }

  PppLab(PppConfig terminalConfig, PppConfig lnsConfig) {
    terminal = new Side(new PppLink(terminalConfig, ticker, new Random(1)));
    lns = new Side(new PppLink(lnsConfig, ticker, new Random(2)));
    terminal.peer = lns;
    lns.peer = terminal;
  }

  final class Side {
    final PppLink link;
    Side peer;
    final ArrayDeque<byte[]> inbox = new ArrayDeque<>();
    final Map<PppTimer, Long> timers = new EnumMap<>(PppTimer.class);
    final List<PppAction> log = new ArrayList<>();
    final List<byte[]> sent = new ArrayList<>();

    Side(PppLink link) {
      this.link = link;
    }

    void apply(List<PppAction> actions) {
      for (PppAction a : actions) {
        if (a instanceof PppAction.SendFrame f) {
          sent.add(f.frame());
          if (!drop.test(this, f.frame())) {
            peer.inbox.add(f.frame());
          }
        } else if (a instanceof PppAction.StartTimer st) {
          timers.put(st.timer(), ticker.nanos() + st.delayNanos());
        } else if (a instanceof PppAction.CancelTimer ct) {
          timers.remove(ct.timer());
        } else if (a instanceof PppAction.Authenticate auth) {
          log.add(a);
          authRequests.add(auth.request());
          apply(link.authResult(aaa(auth.request())));
        } else {
          log.add(a);
        }
      }
    }

    <T extends PppAction> List<T> logged(Class<T> type) {
      return log.stream().filter(type::isInstance).map(type::cast).toList();
    }

    long count(int protocol, int code) {
      return sent.stream().filter(f -> {
        try {
          PppFrame fr = PppFrame.decode(f);
          return fr.protocol() == protocol && CpPacket.decode(fr.info()).code() == code;
        } catch (PppDecodeException e) {
          return false;
        }
      }).count();
    }
  }

  private AuthDecision aaa(AuthRequest r) {
    byte[] secret = aaaPassword.getBytes(StandardCharsets.UTF_8);
    boolean ok = r.method() == AuthRequest.Method.PAP
        ? MessageDigest.isEqual(r.response(), secret)
        : MessageDigest.isEqual(r.response(), Chap.response(r.chapId(), secret, r.challenge()));
    return ok ? new AuthDecision.Accept(ASSIGNED, List.of(DNS1, DNS2)) : new AuthDecision.Reject("bad password");
  }

  /**
   * The terminal's peer changes in mid-call, as when a LAC hands the PPP session to the LNS: the old
   * side's timers and queued frames go with it.
   */
  void handOver(PppLink next) {
    lns.timers.clear();
    lns.inbox.clear();
    lns = new Side(next);
    lns.peer = terminal;
    terminal.peer = lns;
  }

  void start() {
    terminal.apply(terminal.link.open());
    lns.apply(lns.link.open());
  }

  boolean runUntil(BooleanSupplier done, Duration limit) {
    long end = ticker.nanos() + limit.toNanos();
    while (!done.getAsBoolean()) {
      if (!terminal.inbox.isEmpty()) {
        terminal.apply(terminal.link.frameReceived(terminal.inbox.poll()));
        continue;
      }
      if (!lns.inbox.isEmpty()) {
        lns.apply(lns.link.frameReceived(lns.inbox.poll()));
        continue;
      }
      Side owner = null;
      PppTimer timer = null;
      long at = Long.MAX_VALUE;
      for (Side s : List.of(terminal, lns)) {
        for (Map.Entry<PppTimer, Long> e : s.timers.entrySet()) {
          if (e.getValue() < at) {
            at = e.getValue();
            owner = s;
            timer = e.getKey();
          }
        }
      }
      if (owner == null || at > end) {
        return done.getAsBoolean();
      }
      if (at > ticker.nanos()) {
        ticker.advance(Duration.ofNanos(at - ticker.nanos()));
      }
      owner.timers.remove(timer);
      owner.apply(owner.link.timerFired(timer));
    }
    return true;
  }
}
