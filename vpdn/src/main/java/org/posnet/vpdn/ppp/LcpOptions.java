package org.posnet.vpdn.ppp;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * LCP option rules (RFC 1661 §6) for either side. The LNS asks the terminal to authenticate
 * (Auth-Protocol) and refuses to authenticate itself; the terminal accepts CHAP-MD5 or PAP and
 * asks for PFC and ACFC. Both use a Magic-Number and take the peer's MRU, ACCM, PFC and ACFC.
 */
final class LcpOptions implements Negotiation.Options {
  static final int MRU = 1;
  static final int ACCM = 2;
  static final int AUTH_PROTOCOL = 3;
  static final int MAGIC_NUMBER = 5;
  static final int PFC = 7;
  static final int ACFC = 8;

  private final PppConfig config;
  private final RandomGenerator random;
  private int mru;
  private long magic;
  private AuthRequest.Method authToRequest;
  private boolean askCompression;
  private boolean askMagic = true;
  private boolean askMru;

  // outcome
  long peerMagic;
  int peerMru = 1500;
  /** The peer can receive compressed frames (it asked for PFC/ACFC and we agreed). */
  boolean peerPfc;
  boolean peerAcfc;
  /** Terminal: the authentication the LNS asked for and we agreed to; null for none. */
  AuthRequest.Method authAgreed;
  /** LNS: the authentication the terminal agreed to; null until acked. */
  AuthRequest.Method authAcked;
  /** LNS: the terminal refused every authentication protocol. */
  boolean authRefused;

  LcpOptions(PppConfig config, RandomGenerator random) {
    this.config = config;
    this.random = random;
    this.mru = config.mru();
    this.askMru = config.mru() != 1500;
    this.magic = newMagic();
    this.authToRequest = config.side() == PppLink.Side.LNS ? config.authProtocol() : null;
    this.askCompression = config.side() == PppLink.Side.TERMINAL;
  }

  long magic() {
    return askMagic ? magic : 0;
  }

  private long newMagic() {
    long m;
    do {
      m = random.nextInt() & 0xFFFFFFFFL;
    } while (m == 0);
    return m;
  }

  static ConfigOption authOption(AuthRequest.Method m) {
    return m == AuthRequest.Method.PAP ? ConfigOption.uint16(AUTH_PROTOCOL, PppFrame.PAP)
        : new ConfigOption(AUTH_PROTOCOL, new byte[] {(byte) 0xC2, 0x23, Chap.MD5});
  }

  @Override
  public List<ConfigOption> request() {
    List<ConfigOption> l = new ArrayList<>();
    if (askMru) {
      l.add(ConfigOption.uint16(MRU, mru));
    }
    if (authToRequest != null) {
      l.add(authOption(authToRequest));
    }
    if (askMagic) {
      l.add(ConfigOption.uint32(MAGIC_NUMBER, magic));
    }
    if (askCompression) {
      l.add(new ConfigOption(PFC, new byte[0]));
      l.add(new ConfigOption(ACFC, new byte[0]));
    }
    return l;
  }

  @Override
  public Negotiation.Review review(List<ConfigOption> theirs) {
    List<ConfigOption> nak = new ArrayList<>();
    List<ConfigOption> reject = new ArrayList<>();
    for (ConfigOption o : theirs) {
      switch (o.type()) {
        case MRU -> {
          if (o.length() != 2) {
            reject.add(o);
          } else if (o.uint16() < 64) {
            nak.add(ConfigOption.uint16(MRU, 1500));
          }
        }
        case ACCM -> {
          if (o.length() != 4) {
            reject.add(o);
          }
        }
        case AUTH_PROTOCOL -> reviewAuth(o, nak, reject);
        case MAGIC_NUMBER -> {
          if (o.length() != 4) {
            reject.add(o);
          } else if (askMagic && o.uint32() == magic) {
            // same magic both ways: a looped-back line, or a coincidence; a new number tells apart
            magic = newMagic();
            nak.add(ConfigOption.uint32(MAGIC_NUMBER, newMagic()));
          }
        }
        case PFC, ACFC -> {
          if (o.length() != 0) {
            reject.add(o);
          }
        }
        default -> reject.add(o);
      }
    }
    if (!reject.isEmpty()) {
      return new Negotiation.Review(Negotiation.CONFIGURE_REJECT, reject);
    }
    if (!nak.isEmpty()) {
      return new Negotiation.Review(Negotiation.CONFIGURE_NAK, nak);
    }
    return Negotiation.Review.ack(theirs);
  }

  private void reviewAuth(ConfigOption o, List<ConfigOption> nak, List<ConfigOption> reject) {
    if (config.side() == PppLink.Side.LNS) {
      reject.add(o); // the bank side never proves itself to a terminal
      return;
    }
    byte[] v = o.value();
    boolean chapMd5 = v.length == 3 && (v[0] & 0xFF) == 0xC2 && (v[1] & 0xFF) == 0x23 && v[2] == Chap.MD5;
    boolean pap = v.length == 2 && (v[0] & 0xFF) == 0xC0 && (v[1] & 0xFF) == 0x23;
    if (!chapMd5 && !pap) {
      nak.add(authOption(AuthRequest.Method.CHAP_MD5));
    }
  }

  @Override
  public void nakked(List<ConfigOption> suggestions) {
    for (ConfigOption o : suggestions) {
      switch (o.type()) {
        case MRU -> {
          if (o.length() == 2 && o.uint16() >= 64) {
            mru = o.uint16();
            askMru = true;
          }
        }
        case MAGIC_NUMBER -> magic = newMagic();
        case AUTH_PROTOCOL -> {
          byte[] v = o.value();
          if (authToRequest != null && v.length == 2 && (v[0] & 0xFF) == 0xC0 && (v[1] & 0xFF) == 0x23) {
            authToRequest = AuthRequest.Method.PAP;
          } else if (authToRequest != null && v.length == 3 && (v[0] & 0xFF) == 0xC2 && v[2] == Chap.MD5) {
            authToRequest = AuthRequest.Method.CHAP_MD5;
          }
        }
        default -> { }
      }
    }
  }

  @Override
  public void rejected(List<ConfigOption> rejected) {
    for (ConfigOption o : rejected) {
      switch (o.type()) {
        case MRU -> askMru = false;
        case MAGIC_NUMBER -> askMagic = false;
        case PFC, ACFC -> askCompression = false;
        case AUTH_PROTOCOL -> authRefused = true;
        default -> { }
      }
    }
  }

  @Override
  public void acked(List<ConfigOption> ours) {
    for (ConfigOption o : ours) {
      if (o.type() == AUTH_PROTOCOL) {
        authAcked = authToRequest;
      }
    }
  }

  /**
   * LNS, proxy LCP: the link is already open between the LAC and the terminal; the LAC's options
   * become ours (its magic number and MRU are what the terminal knows us by) and the terminal's
   * stand as agreed. No Auth-Protocol is asked for again: the proxy authentication settled it.
   */
  void takeOver(List<ConfigOption> ours, List<ConfigOption> theirs) {
    askMru = false;
    askMagic = false;
    askCompression = false;
    authToRequest = null;
    for (ConfigOption o : ours) {
      if (o.type() == MRU) {
        mru = o.uint16();
        askMru = true;
      } else if (o.type() == MAGIC_NUMBER) {
        magic = o.uint32();
        askMagic = true;
      }
    }
    agreed(theirs);
  }

  @Override
  public void agreed(List<ConfigOption> theirs) {
    authAgreed = null;
    peerPfc = false;
    peerAcfc = false;
    for (ConfigOption o : theirs) {
      switch (o.type()) {
        case MRU -> peerMru = o.uint16();
        case MAGIC_NUMBER -> peerMagic = o.uint32();
        case PFC -> peerPfc = true;
        case ACFC -> peerAcfc = true;
        case AUTH_PROTOCOL -> authAgreed = o.length() == 2 ? AuthRequest.Method.PAP : AuthRequest.Method.CHAP_MD5;
        default -> { }
      }
    }
  }
}
