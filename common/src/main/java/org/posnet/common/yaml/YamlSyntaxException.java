package org.posnet.common.yaml;

/** The text is not YAML at all (bad indentation, unclosed quote); carries where the parser gave up. */
public final class YamlSyntaxException extends Exception {
  private final Mark mark;
  private final String reason;

  public YamlSyntaxException(Mark mark, String reason) {
    super(mark + ": " + reason);
    this.mark = mark;
    this.reason = reason;
  }

  /** What is wrong, without the position. */
  public String reason() {
    return reason;
  }

  public Mark mark() {
    return mark;
  }
}
