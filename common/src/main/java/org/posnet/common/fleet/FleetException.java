package org.posnet.common.fleet;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A fleet file was refused; nothing was written. The message lists every error, one per line, so
 * an operator fixes them all in one round.
 */
public final class FleetException extends RuntimeException {
  private final List<FleetError> errors;

  public FleetException(List<FleetError> errors) {
    super(errors.size() + " error" + (errors.size() == 1 ? "" : "s") + " in fleet file, nothing written:\n"
        + errors.stream().map(FleetError::toString).collect(Collectors.joining("\n")));
    this.errors = List.copyOf(errors);
  }

  public List<FleetError> errors() {
    return errors;
  }
}
