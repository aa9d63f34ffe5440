package org.posnet.vpdn.ppp;

import java.util.Arrays;
import java.util.Objects;

/**
 * What the authenticator asks its AAA to decide: a PAP user and password, or a CHAP user with the
 * identifier, challenge and response (RFC 2865 §5.3 maps these to CHAP-Password/CHAP-Challenge).
 */
public record AuthRequest(Method method, String user, int chapId, byte[] challenge, byte[] response) {
  public enum Method {
    PAP,
    CHAP_MD5
  }

  public AuthRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(user, "user");
    challenge = challenge.clone();
    response = response.clone();
  }

  /** For PAP, {@code response} holds the password. */
  public static AuthRequest pap(String user, byte[] password) {
    return new AuthRequest(Method.PAP, user, 0, new byte[0], password);
  }

  @Override
  public byte[] challenge() {
    return challenge.clone();
  }

  @Override
  public byte[] response() {
    return response.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AuthRequest a && a.method == method && a.user.equals(user) && a.chapId == chapId
        && Arrays.equals(a.challenge, challenge) && Arrays.equals(a.response, response);
  }

  @Override
  public int hashCode() {
    return Objects.hash(method, user, chapId);
  }

  /** The response (a clear password for PAP) never prints. */
  @Override
  public String toString() {
    return "AuthRequest{" + method + ", user=" + user + ", id=" + chapId + ", response=****}";
  }
}
