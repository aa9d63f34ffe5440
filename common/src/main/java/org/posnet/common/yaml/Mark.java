package org.posnet.common.yaml;

/**
 * Where a value came from: a file position (1-based line and column) or, with line 0, a named
 * source such as an environment variable. Operators fix what an error points at, so every value
 * keeps its mark.
 */
public record Mark(String source, int line, int column) {

  public static Mark of(String source) {
    return new Mark(source, 0, 0);
  }

  public boolean inFile() {
    return line > 0;
  }

  /** {@code posnet.yaml:7}, or the bare source name for values that came from outside a file. */
  public String toLine() {
    return inFile() ? source + ":" + line : source;
  }

  /** {@code fleet.yaml:41:11}. */
  @Override
  public String toString() {
    return inFile() ? source + ":" + line + ":" + column : source;
  }
}
