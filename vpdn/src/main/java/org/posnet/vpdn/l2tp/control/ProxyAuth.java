package org.posnet.vpdn.l2tp.control;

import java.util.Arrays;
import java.util.Objects;

/**
 * What the LAC learnt authenticating the terminal (AVPs 29-33). The LNS maps CHAP's id and
 * response to CHAP-Password and the challenge to CHAP-Challenge for its RADIUS request.
 */
public record ProxyAuth(int type, String name, byte[] challenge, int id, byte[] response) {
  public static final int TEXT = 1;
  public static final int CHAP = 2;
  public static final int PAP = 3;
  public static final int NONE = 4;
  public static final int MSCHAP_V1 = 5;

  public ProxyAuth {
    Objects.requireNonNull(name, "name");
    challenge = challenge.clone();
    response = response.clone();
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
    return o instanceof ProxyAuth p && p.type == type && p.name.equals(name) && p.id == id
        && Arrays.equals(p.challenge, challenge) && Arrays.equals(p.response, response);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, name, id) * 31 + Arrays.hashCode(challenge);
  }

  /** The response (a password for PAP) never prints. */
  @Override
  public String toString() {
    return "ProxyAuth{type=" + type + ", name=" + name + ", id=" + id + ", response=****}";
  }
}
