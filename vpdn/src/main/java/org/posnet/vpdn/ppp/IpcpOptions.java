package org.posnet.vpdn.ppp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * IPCP option rules (RFC 1332, RFC 1877). The terminal asks for IP-Address 0.0.0.0 and both DNS
 * servers 0.0.0.0 and takes what the LNS suggests in its Configure-Nak; the LNS offers its own
 * address and NAKs the terminal's with the address and DNS servers the AAA assigned.
 */
final class IpcpOptions implements Negotiation.Options {
  static final int IP_ADDRESS = 3;
  static final int PRIMARY_DNS = 129;
  static final int SECONDARY_DNS = 131;
  static final byte[] ZERO = {0, 0, 0, 0};

  private final PppLink.Side side;
  private byte[] address;
  private final byte[][] dns = {ZERO.clone(), ZERO.clone()};
  private final boolean[] askDns = {true, true};
  // LNS: what the terminal must end up with
  private byte[] assigned;
  private List<Inet4Address> assignedDns = List.of();
  byte[] peerAddress = ZERO.clone();

  IpcpOptions(PppLink.Side side, Inet4Address local) {
    this.side = side;
    this.address = local == null ? ZERO.clone() : local.getAddress();
    if (side == PppLink.Side.LNS) {
      askDns[0] = false;
      askDns[1] = false;
    }
  }

  void assign(Inet4Address terminal, List<Inet4Address> dnsServers) {
    assigned = terminal.getAddress();
    assignedDns = List.copyOf(dnsServers);
  }

  Inet4Address address() {
    return inet(address);
  }

  List<Inet4Address> dns() {
    if (side == PppLink.Side.LNS) {
      return assignedDns;
    }
    List<Inet4Address> l = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      if (askDns[i] && !Arrays.equals(dns[i], ZERO)) {
        l.add(inet(dns[i]));
      }
    }
    return l;
  }

  static Inet4Address inet(byte[] a) {
    try {
      return (Inet4Address) InetAddress.getByAddress(a); // no lookup: the address is literal
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IPv4 address", e);
    }
  }

  @Override
  public List<ConfigOption> request() {
    List<ConfigOption> l = new ArrayList<>();
    l.add(new ConfigOption(IP_ADDRESS, address));
    if (askDns[0]) {
      l.add(new ConfigOption(PRIMARY_DNS, dns[0]));
    }
    if (askDns[1]) {
      l.add(new ConfigOption(SECONDARY_DNS, dns[1]));
    }
    return l;
  }

  @Override
  public Negotiation.Review review(List<ConfigOption> theirs) {
    List<ConfigOption> nak = new ArrayList<>();
    List<ConfigOption> reject = new ArrayList<>();
    for (ConfigOption o : theirs) {
      if (o.length() != 4 || (o.type() != IP_ADDRESS && (side == PppLink.Side.TERMINAL
          || (o.type() != PRIMARY_DNS && o.type() != SECONDARY_DNS)))) {
        reject.add(o);
        continue;
      }
      if (side == PppLink.Side.TERMINAL) {
        if (Arrays.equals(o.value(), ZERO)) {
          reject.add(o); // the LNS must say who it is
        }
        continue;
      }
      if (o.type() == IP_ADDRESS) {
        if (!Arrays.equals(o.value(), assigned)) {
          nak.add(new ConfigOption(IP_ADDRESS, assigned));
        }
      } else {
        int i = o.type() == PRIMARY_DNS ? 0 : 1;
        if (assignedDns.size() <= i) {
          reject.add(o);
        } else if (!Arrays.equals(o.value(), assignedDns.get(i).getAddress())) {
          nak.add(new ConfigOption(o.type(), assignedDns.get(i).getAddress()));
        }
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

  @Override
  public void nakked(List<ConfigOption> suggestions) {
    if (side != PppLink.Side.TERMINAL) {
      return; // the LNS's own address is not negotiable
    }
    for (ConfigOption o : suggestions) {
      if (o.length() != 4) {
        continue;
      }
      switch (o.type()) {
        case IP_ADDRESS -> address = o.value();
        case PRIMARY_DNS -> dns[0] = o.value();
        case SECONDARY_DNS -> dns[1] = o.value();
        default -> { }
      }
    }
  }

  @Override
  public void rejected(List<ConfigOption> rejected) {
    for (ConfigOption o : rejected) {
      if (o.type() == PRIMARY_DNS) {
        askDns[0] = false;
      } else if (o.type() == SECONDARY_DNS) {
        askDns[1] = false;
      }
    }
  }

  @Override
  public void acked(List<ConfigOption> ours) {}

  @Override
  public void agreed(List<ConfigOption> theirs) {
    for (ConfigOption o : theirs) {
      if (o.type() == IP_ADDRESS) {
        peerAddress = o.value();
      }
    }
  }
}
