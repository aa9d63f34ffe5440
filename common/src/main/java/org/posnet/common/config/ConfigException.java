package org.posnet.common.config;

/**
 * A configuration an operator must fix. The message is one line that says where and what, e.g.
 * {@code posnet.yaml:7: unknown key 'radius.authport' (known: authPort, acctPort, ...)}, and never
 * contains a configured secret.
 */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
