package org.posnet.common.fleet;

/**
 * Where a merchant trades, for relocation (移机) checks.
 *
 * @param radiusM how far from this point, in metres, a terminal may be before it counts as moved
 */
public record Geo(double lat, double lon, int radiusM) {
  public static final int DEFAULT_RADIUS_M = 500;
}
