package org.posnet.common.fleet;

/** What provisioning did to one section of the fleet. */
public record SectionCounts(int inserted, int updated, int unchanged) {
  public int total() {
    return inserted + updated + unchanged;
  }

  SectionCounts plus(SectionCounts o) {
    return new SectionCounts(inserted + o.inserted, updated + o.updated, unchanged + o.unchanged);
  }

  @Override
  public String toString() {
    return inserted + " inserted, " + updated + " updated, " + unchanged + " unchanged";
  }
}
