package org.posnet.app;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.posnet.common.config.ConfigException;
import org.posnet.common.config.PosnetConfig;

/**
 * Where a NAS in this process (the LNS, the lab LAC, {@code posnet dial}) finds the AAA, in order of
 * preference:
 * <ol>
 *   <li>{@code radius.servers}: each {@code host:port} is an authentication port; its accounting port
 *       is the next one up (1812 → 1813, the RFC 2866 pairing every RADIUS server keeps);</li>
 *   <li>else the AAA of this same process, at the ports it really listens on (0 in the config picks);</li>
 *   <li>else {@code bind} with {@code radius.authPort} and {@code radius.acctPort}.</li>
 * </ol>
 */
record AaaEndpoints(List<InetSocketAddress> auth, List<InetSocketAddress> acct, String source) {

  /** @param localAuth the local AAA's authentication port, or -1 when no AAA runs here */
  static AaaEndpoints of(PosnetConfig cfg, int localAuth, int localAcct) {
    List<String> servers = cfg.radius().servers();
    if (!servers.isEmpty()) {
      List<InetSocketAddress> auth = new ArrayList<>();
      List<InetSocketAddress> acct = new ArrayList<>();
      for (String s : servers) {
        int colon = s.lastIndexOf(':');
        String host = s.substring(0, colon);
        int port = Integer.parseInt(s.substring(colon + 1));
        if (port == 65535) {
          throw new ConfigException("radius.servers: " + s + " leaves no room for its accounting port (port + 1); pick another port");
        }
        auth.add(new InetSocketAddress(host, port));
        acct.add(new InetSocketAddress(host, port + 1));
      }
      return new AaaEndpoints(auth, acct, "radius.servers");
    }
    if (localAuth > 0) {
      return single(cfg.bind(), localAuth, localAcct, "the AAA in this process");
    }
    if (cfg.radius().authPort() == 0 || cfg.radius().acctPort() == 0) {
      throw new ConfigException("radius.authPort/acctPort are 0 and no AAA runs in this process: name the AAA in radius.servers (host:authPort; posnet dial also takes --aaa HOST:PORT)");
    }
    return single(cfg.bind(), cfg.radius().authPort(), cfg.radius().acctPort(), "radius.authPort/acctPort at " + cfg.bind());
  }

  private static AaaEndpoints single(String host, int auth, int acct, String source) {
    return new AaaEndpoints(List.of(new InetSocketAddress(host, auth)), List.of(new InetSocketAddress(host, acct)), source);
  }

  @Override
  public String toString() {
    return "auth=" + auth.stream().map(a -> a.getHostString() + ":" + a.getPort()).toList()
        + " acct=" + acct.stream().map(a -> a.getHostString() + ":" + a.getPort()).toList() + " (" + source + ")";
  }
}
