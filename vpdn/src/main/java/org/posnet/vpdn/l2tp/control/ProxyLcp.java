package org.posnet.vpdn.l2tp.control;

import java.util.Arrays;

/**
 * The LCP CONFREQs the LAC saw while it ran LCP with the terminal (AVPs 26-28, options only), so
 * the LNS can take over the PPP session without renegotiating. Empty arrays when a AVP was absent.
 */
public record ProxyLcp(byte[] initialReceived, byte[] lastSent, byte[] lastReceived) {
  public ProxyLcp {
    initialReceived = initialReceived.clone();
    lastSent = lastSent.clone();
    lastReceived = lastReceived.clone();
  }

  @Override
  public byte[] initialReceived() {
    return initialReceived.clone();
  }

  @Override
  public byte[] lastSent() {
    return lastSent.clone();
  }

  @Override
  public byte[] lastReceived() {
    return lastReceived.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProxyLcp p && Arrays.equals(p.initialReceived, initialReceived)
        && Arrays.equals(p.lastSent, lastSent) && Arrays.equals(p.lastReceived, lastReceived);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(lastSent) * 31 + Arrays.hashCode(lastReceived);
  }

  @Override
  public String toString() {
    return "ProxyLcp{" + initialReceived.length + "/" + lastSent.length + "/" + lastReceived.length + " bytes}";
  }
}
