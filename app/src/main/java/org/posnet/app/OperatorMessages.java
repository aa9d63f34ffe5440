package org.posnet.app;

import org.posnet.common.config.ConfigException;

/** Turns a failure into the one line an operator reads: what went wrong and what to do. */
final class OperatorMessages {
  private OperatorMessages() {}

  static String of(Throwable e) {
    if (e instanceof ConfigException) return e.getMessage();
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    if (root instanceof java.net.BindException) return "cannot listen: " + root.getMessage() + " (is another posnet running? pick other ports in posnet.yaml or set 0)";
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m + (root != e && root.getMessage() != null && !m.contains(root.getMessage()) ? " (" + root.getMessage() + ")" : "");
  }
}
