package org.posnet.aaa.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the client a datagram came from: exact addresses by hash, CIDR entries by longest prefix.
 * Immutable; a reload builds a new table.
 */
public final class NasTable {
  private final Map<Integer, Nas> exact = new HashMap<>();
  private final List<Nas> networks = new ArrayList<>();

  public NasTable(List<Nas> clients) {
    for (Nas n : clients) {
      if (n.network().prefix() == 32) exact.put(n.network().network(), n);
      else networks.add(n);
    }
    networks.sort(Comparator.comparingInt((Nas n) -> n.network().prefix()).reversed());
  }

  /** The client for this source address, or null. */
  public Nas find(int address) {
    Nas n = exact.get(address);
    if (n != null) return n;
    for (Nas c : networks) {
      if (c.network().contains(address)) return c;
    }
    return null;
  }

  public List<Nas> all() {
    List<Nas> out = new ArrayList<>(exact.values());
    out.addAll(networks);
    out.sort(Comparator.comparing(Nas::name));
    return out;
  }
}
