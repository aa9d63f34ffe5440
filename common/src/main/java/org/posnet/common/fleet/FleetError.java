package org.posnet.common.fleet;

import org.posnet.common.yaml.Mark;

/**
 * One mistake in a fleet file, printed as {@code fleet.yaml:41:11: terminals[2].sim.imsi: IMSI must
 * be 15 digits, got "46003123"}. List indexes in paths count from 0. Messages never hold a secret.
 */
public record FleetError(Mark mark, String path, String message) implements Comparable<FleetError> {

  @Override
  public int compareTo(FleetError o) {
    int c = Integer.compare(mark.line(), o.mark.line());
    return c != 0 ? c : Integer.compare(mark.column(), o.mark.column());
  }

  @Override
  public String toString() {
    return mark + ": " + path + ": " + message;
  }
}
