package org.posnet.common.fleet;

import java.util.List;

/**
 * A fleet file (DESIGN.md §3): what {@code posnet provision} upserts. Every section is optional, so
 * a file may add ten terminals to a fleet already in the database.
 *
 * @param institution may be null
 */
public record FleetFile(
    Institution institution,
    List<VpdnDomain> domains,
    List<NasClient> nas,
    List<Merchant> merchants,
    List<Terminal> terminals,
    List<Card> cards,
    List<ZoneKey> zoneKeys) {

  /** A fleet without zone keys (they matter only to hosts with issuer links). */
  public FleetFile(Institution institution, List<VpdnDomain> domains, List<NasClient> nas, List<Merchant> merchants,
      List<Terminal> terminals, List<Card> cards) {
    this(institution, domains, nas, merchants, terminals, cards, List.of());
  }

  public FleetFile {
    zoneKeys = zoneKeys == null ? List.of() : List.copyOf(zoneKeys);
    domains = domains == null ? List.of() : List.copyOf(domains);
    nas = nas == null ? List.of() : List.copyOf(nas);
    merchants = merchants == null ? List.of() : List.copyOf(merchants);
    terminals = terminals == null ? List.of() : List.copyOf(terminals);
    cards = cards == null ? List.of() : List.copyOf(cards);
  }
}
