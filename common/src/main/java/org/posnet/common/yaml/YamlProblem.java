package org.posnet.common.yaml;

/**
 * One thing wrong in a YAML document: where, at which path ({@code terminals[2].sim.imsi}), and what.
 * Readers collect these rather than throwing, so an operator sees every mistake in one run.
 */
public record YamlProblem(Mark mark, String path, Kind kind, String message) {

  public enum Kind {
    /** A key the schema does not know; {@link #message} lists the known ones. */
    UNKNOWN_KEY,
    /** A value of the wrong shape or type, or one that breaks a rule. */
    INVALID
  }
}
