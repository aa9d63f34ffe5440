package org.posnet.common.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything {@code posnet.yaml} can say (every key optional, see {@link #defaults()}), after
 * environment overrides such as {@code POSNET_HTTP_PORT=0}. A port of 0 means "pick a free one"; the
 * servers bind and report the real port.
 *
 * @param data directory of the embedded database, the master key ({@code lmk}) and journals
 * @param servers which servers run in this process: aaa, lac, lns, host, tms, risk, supervision, console
 */
public record PosnetConfig(
    Path data,
    DatabaseConfig database,
    String bind,
    List<String> servers,
    RadiusConfig radius,
    L2tpConfig l2tp,
    HostConfig host,
    HttpConfig http) {

  /** Every server name {@code servers} accepts; {@code lac} only runs when named (labs, demo). */
  public static final List<String> SERVER_NAMES =
      List.of("aaa", "lac", "lns", "host", "tms", "risk", "supervision", "console");

  public PosnetConfig {
    servers = List.copyOf(servers);
  }

  public boolean runs(String server) {
    return servers.contains(server);
  }

  public static PosnetConfig defaults() {
    return ConfigReader.read(null, Map.of());
  }

  /**
   * Reads {@code file} (null: built-in defaults only) and applies {@code POSNET_<SECTION>_<KEY>}
   * overrides from {@code env}.
   *
   * @throws ConfigException with a one-line, operator-friendly message
   */
  public static PosnetConfig load(Path fileOrNull, Map<String, String> env) {
    return ConfigReader.read(fileOrNull, env);
  }

  /** As {@link #load} for YAML text already in hand; {@code source} names it in messages. */
  public static PosnetConfig parse(String source, String yaml, Map<String, String> env) {
    return ConfigReader.read(source, yaml, env);
  }

  /** @param url a JDBC url, {@code jdbc:h2:...} or {@code jdbc:postgresql:...} */
  public record DatabaseConfig(String url, String user, String password) {
    @Override
    public String toString() {
      return "DatabaseConfig[url=" + url + ", user=" + user + ", password=" + (password.isEmpty() ? "" : "****") + "]";
    }
  }

  /**
   * @param sessionTimeout seconds a RADIUS session may last (Session-Timeout)
   * @param interimInterval seconds between interim accounting updates (Acct-Interim-Interval)
   * @param sessionExpiryIntervals interim intervals without news after which a session is presumed gone
   * @param dictionaries extra RADIUS dictionary files
   * @param servers upstream RADIUS servers as {@code host:port}, for the client side (the LNS)
   * @param threads event loops (one socket each, SO_REUSEPORT) serving RADIUS; 0 = one per core
   */
  public record RadiusConfig(
      int authPort,
      int acctPort,
      int coaPort,
      boolean requireMessageAuthenticator,
      int sessionTimeout,
      int interimInterval,
      int sessionExpiryIntervals,
      List<String> dictionaries,
      List<String> servers,
      int threads) {
    public RadiusConfig {
      dictionaries = List.copyOf(dictionaries);
      servers = List.copyOf(servers);
    }
  }

  /**
   * @param tun the LNS's TUN device for the terminals' IP traffic; empty turns the data plane off
   */
  public record L2tpConfig(int port, String hostName, String tun) {}

  /**
   * @param links  outbound links to remote issuers by BIN ({@code host.links})
   * @param issuer issuer mode ({@code host.issuer}), or null
   * @param tls    TLS on the terminal port ({@code host.tls}), or null for plain TCP
   * @param windows refund window, pre-auth hold and state retention ({@code host.windows})
   * @param snapshots when the running host writes a state snapshot ({@code host.snapshots})
   * @param mdr merchant discount rates ({@code host.mdr}), or null for PosNet's table
   */
  public record HostConfig(int port, List<HostLink> links, HostIssuer issuer, HostTls tls, HostWindows windows,
      HostSnapshots snapshots, HostMdr mdr) {
    public HostConfig {
      links = links == null ? List.of() : List.copyOf(links);
      windows = windows == null ? HostWindows.defaults() : windows;
      snapshots = snapshots == null ? HostSnapshots.defaults() : snapshots;
    }

    public HostConfig(int port, List<HostLink> links, HostIssuer issuer, HostTls tls, HostWindows windows) {
      this(port, links, issuer, tls, windows, null, null);
    }

    public HostConfig(int port, List<HostLink> links, HostIssuer issuer, HostTls tls) {
      this(port, links, issuer, tls, null);
    }

    public HostConfig(int port, List<HostLink> links, HostIssuer issuer) {
      this(port, links, issuer, null, null);
    }

    public HostConfig(int port) {
      this(port, List.of(), null, null, null);
    }
  }

  /**
   * {@code host.windows}, in days: how long after a sale a refund is taken, how long a pre-auth holds the
   * funds (and can be completed), and how long the host keeps a batch in memory after its first transaction
   * (at least a day longer than both, checked when read).
   */
  public record HostWindows(int refundDays, int preAuthHoldDays, int retentionDays) {
    public static HostWindows defaults() {
      return new HostWindows(30, 30, 40);
    }
  }

  /**
   * {@code host.mdr}: merchant discount rates (商户手续费率) in basis points — {@code default} and per 4-digit MCC;
   * written, it is the whole table (MCCs not listed pay the default).
   */
  public record HostMdr(int defaultBps, java.util.Map<String, Integer> byMcc) {
    public HostMdr {
      byMcc = java.util.Map.copyOf(byMcc);
    }
  }

  /**
   * {@code host.snapshots}: the running host writes a state snapshot once {@code afterEntries} journal entries came
   * since the last one and its local time is between {@code quietFrom} and {@code quietTo} (equal: any time), or
   * at any hour after ten times as many; {@code afterEntries} 0: only at a clean stop.
   */
  public record HostSnapshots(int afterEntries, java.time.LocalTime quietFrom, java.time.LocalTime quietTo) {
    public static HostSnapshots defaults() {
      return new HostSnapshots(1_000_000, java.time.LocalTime.of(2, 0), java.time.LocalTime.of(5, 0));
    }
  }

  /**
   * {@code host.tls}: PEM files for TLS on the terminal port; file names only, never key material.
   *
   * @param certificate the server's certificate chain (leaf first)
   * @param privateKey  its unencrypted PKCS#8 key
   * @param clientCa    CA certificates a terminal's client certificate must chain to, or null for none asked
   */
  public record HostTls(String certificate, String privateKey, String clientCa) {}

  /**
   * One {@code host.links[]} entry. {@code zpk} and {@code zoneMak} name zone keys provisioned from the fleet
   * file's {@code zoneKeys} (sealed in the database); no key is ever written in posnet.yaml.
   *
   * @param zoneMak  null for a link without MACs
   * @param dialect  a link dialect file, or null for the built-in {@code cup-link}
   * @param tls      TLS to the issuer ({@code host.links[].tls}), or null for plain TCP
   */
  public record HostLink(String name, List<String> bins, String host, int port, java.time.Duration timeout, String zpk,
      String zoneMak, String acquirerInstitution, java.time.Duration retryInitial, java.time.Duration retryMax,
      String dialect, LinkTls tls) {
    public HostLink {
      bins = List.copyOf(bins);
    }

    public HostLink(String name, List<String> bins, String host, int port, java.time.Duration timeout, String zpk,
        String zoneMak, String acquirerInstitution, java.time.Duration retryInitial, java.time.Duration retryMax,
        String dialect) {
      this(name, bins, host, port, timeout, zpk, zoneMak, acquirerInstitution, retryInitial, retryMax, dialect, null);
    }
  }

  /**
   * {@code host.links[].tls}: PEM files for TLS to a remote issuer; file names only, never key material.
   *
   * @param ca          CA certificates the issuer's server certificate must chain to (its name must match the link's host)
   * @param certificate our client certificate chain for mutual TLS, or null (then {@code privateKey} is null too)
   * @param privateKey  its unencrypted PKCS#8 key, or null
   */
  public record LinkTls(String ca, String certificate, String privateKey) {}

  /**
   * {@code host.issuer}: this host also answers remote acquirers on {@code port}; keys by name as for links.
   *
   * @param tls TLS on the issuer port ({@code host.issuer.tls}, as {@code host.tls}; {@code clientCa} = the acquirers'
   *            CA), or null for plain TCP
   */
  public record HostIssuer(String bind, int port, String zpk, String zoneMak, String dialect, HostTls tls) {
    public HostIssuer(String bind, int port, String zpk, String zoneMak, String dialect) {
      this(bind, port, zpk, zoneMak, dialect, null);
    }
  }

  public record HttpConfig(int port) {}
}
