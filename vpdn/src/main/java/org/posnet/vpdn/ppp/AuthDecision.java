package org.posnet.vpdn.ppp;

import java.net.Inet4Address;
import java.util.List;
import java.util.Objects;

/** The AAA's answer to an {@link AuthRequest}: accept with the terminal's address, or reject. */
public sealed interface AuthDecision {
  record Accept(Inet4Address address, List<Inet4Address> dns) implements AuthDecision {
    public Accept {
      Objects.requireNonNull(address, "address");
      dns = List.copyOf(dns);
    }
  }

  record Reject(String message) implements AuthDecision {
    public Reject {
      Objects.requireNonNull(message, "message");
    }
  }
}
