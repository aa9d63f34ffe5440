package org.posnet.vpdn.ppp;

import java.util.List;

/**
 * Whether the LNS can take over the LCP a LAC already negotiated with the terminal (L2TP proxy LCP,
 * AVPs 27 and 28, RFC 2661 §4.4.5) instead of renegotiating it. Only a plainly compatible link is
 * taken over: anything unusual — a missing or malformed CONFREQ, an option we do not know, an
 * authentication protocol we cannot vouch for, an MRU too small for IPv4, a looped magic number —
 * is left to a fresh negotiation, where the automaton settles it with Naks and Rejects.
 */
final class LcpTakeover {
  /**
   * Smallest terminal MRU taken over: every IPv4 host must accept 576-byte datagrams (RFC 791), so
   * below it the LNS would have to fragment what the bank sends; renegotiation is the place to argue.
   */
  static final int MIN_TERMINAL_MRU = 576;

  /**
   * @param ours the LAC's last sent CONFREQ options, now ours (the terminal acked them)
   * @param theirs the terminal's last CONFREQ options the LAC acked
   * @param refusal why the link is renegotiated instead; null when it can be taken over
   */
  record Verdict(List<ConfigOption> ours, List<ConfigOption> theirs, String refusal) {
    boolean accepted() {
      return refusal == null;
    }

    static Verdict refuse(String why) {
      return new Verdict(List.of(), List.of(), why);
    }
  }

  private LcpTakeover() {
  }

  /**
   * @param lastSent options of the LAC's last CONFREQ to the terminal (AVP 27), empty when absent
   * @param lastReceived options of the terminal's last CONFREQ (AVP 28), empty when absent
   * @param proxyAuth how the LAC authenticated the terminal (L2TP proxy authentication)
   */
  static Verdict review(PppConfig config, byte[] lastSent, byte[] lastReceived, AuthRequest.Method proxyAuth) {
    if (lastSent == null || lastReceived == null || lastSent.length == 0 || lastReceived.length == 0) {
      return Verdict.refuse("no proxy LCP (AVPs 27 and 28)");
    }
    List<ConfigOption> ours;
    List<ConfigOption> theirs;
    try {
      ours = ConfigOption.decodeAll(lastSent);
      theirs = ConfigOption.decodeAll(lastReceived);
    } catch (PppDecodeException e) {
      return Verdict.refuse("malformed proxy LCP: " + e.getMessage());
    }
    String why = reviewOurs(config, ours, proxyAuth);
    if (why == null) {
      why = reviewTheirs(theirs);
    }
    if (why == null && magic(ours) != 0 && magic(ours) == magic(theirs)) {
      why = "same magic number both ways (looped line)";
    }
    return why == null ? new Verdict(ours, theirs, null) : Verdict.refuse(why);
  }

  /** The LAC's options: what the terminal expects of us from now on. */
  private static String reviewOurs(PppConfig config, List<ConfigOption> ours, AuthRequest.Method proxyAuth) {
    AuthRequest.Method agreed = null;
    for (ConfigOption o : ours) {
      switch (o.type()) {
        case LcpOptions.MRU -> {
          if (o.length() != 2 || o.uint16() > config.mru()) {
            return "LAC's MRU " + (o.length() == 2 ? o.uint16() : -1) + " exceeds ours (" + config.mru() + ")";
          }
        }
        case LcpOptions.ACCM, LcpOptions.MAGIC_NUMBER -> {
          if (o.length() != 4) {
            return "malformed option " + o.type() + " in the LAC's CONFREQ";
          }
        }
        case LcpOptions.AUTH_PROTOCOL -> {
          agreed = authMethod(o);
          if (agreed == null) {
            return "unsupported authentication protocol in the LAC's CONFREQ";
          }
        }
        case LcpOptions.PFC, LcpOptions.ACFC -> {
          if (o.length() != 0) {
            return "malformed option " + o.type() + " in the LAC's CONFREQ";
          }
        }
        default -> {
          return "unknown option " + o.type() + " in the LAC's CONFREQ";
        }
      }
    }
    if (agreed != proxyAuth) {
      return "the LAC's CONFREQ asked for " + agreed + " but the proxy authentication is " + proxyAuth;
    }
    return null;
  }

  /** The terminal's options: what we must honour when we send to it. */
  private static String reviewTheirs(List<ConfigOption> theirs) {
    for (ConfigOption o : theirs) {
      switch (o.type()) {
        case LcpOptions.MRU -> {
          if (o.length() != 2 || o.uint16() < MIN_TERMINAL_MRU) {
            return "terminal's MRU " + (o.length() == 2 ? o.uint16() : -1) + " below " + MIN_TERMINAL_MRU;
          }
        }
        case LcpOptions.ACCM -> {
          if (o.length() != 4) {
            return "malformed ACCM in the terminal's CONFREQ";
          }
        }
        case LcpOptions.MAGIC_NUMBER -> {
          if (o.length() != 4 || o.uint32() == 0) {
            return "malformed magic number in the terminal's CONFREQ";
          }
        }
        case LcpOptions.PFC, LcpOptions.ACFC -> {
          if (o.length() != 0) {
            return "malformed option " + o.type() + " in the terminal's CONFREQ";
          }
        }
        // the terminal asking us to authenticate ourselves is something only a negotiation can refuse
        default -> {
          return "option " + o.type() + " in the terminal's CONFREQ needs negotiating";
        }
      }
    }
    return null;
  }

  private static AuthRequest.Method authMethod(ConfigOption o) {
    byte[] v = o.value();
    if (v.length == 3 && (v[0] & 0xFF) == 0xC2 && (v[1] & 0xFF) == 0x23 && v[2] == Chap.MD5) {
      return AuthRequest.Method.CHAP_MD5;
    }
    if (v.length == 2 && (v[0] & 0xFF) == 0xC0 && (v[1] & 0xFF) == 0x23) {
      return AuthRequest.Method.PAP;
    }
    return null; // MS-CHAP (C223 80/81), EAP (C227), …: we cannot vouch for them
  }

  private static long magic(List<ConfigOption> options) {
    for (ConfigOption o : options) {
      if (o.type() == LcpOptions.MAGIC_NUMBER && o.length() == 4) {
        return o.uint32();
      }
    }
    return 0;
  }
}
