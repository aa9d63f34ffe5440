package org.posnet.common.fleet;

import java.util.Map;
import java.util.Set;

/**
 * What the database already holds that a fleet file may refer to or collide with. A file may add
 * terminals to a merchant provisioned last week, so references are checked against the file and
 * this. The store fills the owner maps only for the IMSIs, users and addresses the file names.
 *
 * @param domainPools pool CIDR of every domain in the database, by domain name
 * @param imsiOwners terminal id holding each IMSI in the database
 * @param userOwners terminal id holding each VPDN user in the database
 * @param nasAddressOwners NAS name holding each address in the database
 */
public record KnownNames(
    Set<String> domains,
    Set<String> merchants,
    Map<String, String> domainPools,
    Map<String, String> imsiOwners,
    Map<String, String> userOwners,
    Map<String, String> nasAddressOwners) {

  public KnownNames {
    domains = Set.copyOf(domains);
    merchants = Set.copyOf(merchants);
    domainPools = Map.copyOf(domainPools);
    imsiOwners = Map.copyOf(imsiOwners);
    userOwners = Map.copyOf(userOwners);
    nasAddressOwners = Map.copyOf(nasAddressOwners);
  }

  /** An empty database. */
  public static KnownNames none() {
    return new KnownNames(Set.of(), Set.of(), Map.of(), Map.of(), Map.of(), Map.of());
  }
}
