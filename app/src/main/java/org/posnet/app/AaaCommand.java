package org.posnet.app;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.posnet.aaa.accounting.AcctSession;
import org.posnet.aaa.accounting.JdbiSessionStore;
import org.posnet.aaa.client.RadiusClient;
import org.posnet.aaa.codec.Attr;
import org.posnet.aaa.codec.RadiusAttribute;
import org.posnet.aaa.codec.RadiusCode;
import org.posnet.aaa.codec.RadiusPacket;
import org.posnet.aaa.codec.SharedSecret;
import org.posnet.aaa.policy.Cidr;
import org.posnet.common.config.PosnetConfig;
import org.posnet.common.crypto.MasterKey;
import org.posnet.common.db.Database;
import org.posnet.common.fleet.FleetStore;
import org.posnet.common.fleet.NasClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "aaa", mixinStandardHelpOptions = true, description = "Look at the AAA: sessions, users, clients; disconnect a user.",
    subcommands = {AaaCommand.Sessions.class, AaaCommand.Users.class, AaaCommand.Clients.class, AaaCommand.Disconnect.class})
final class AaaCommand implements Runnable {
  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  @Command(name = "sessions", mixinStandardHelpOptions = true, description = "Accounting sessions, newest first (times in UTC).")
  static final class Sessions implements Callable<Integer> {
    @Mixin ConfigOption config;
    @Option(names = "--user", description = "Only this user (name@domain).") String user;
    @Option(names = "--all", description = "Include stopped and expired sessions.") boolean all;
    @Option(names = "--limit", defaultValue = "100") int limit;

    @Override
    public Integer call() {
      PosnetConfig cfg = config.load();
      try (Database db = Database.open(cfg.database())) {
        List<AcctSession> rows = new JdbiSessionStore(db.jdbi()).find(user, !all, limit);
        System.out.printf("%-8s %-34s %-9s %-16s %-15s %-8s %-20s %-19s %s%n", "STATE", "USER", "TERMINAL", "IMSI", "FRAMED-IP", "NAS", "SESSION-ID", "STARTED", "IN/OUT OCTETS");
        for (AcctSession s : rows) {
          System.out.printf("%-8s %-34s %-9s %-16s %-15s %-8s %-20s %-19s %d/%d%n", s.state(), s.user(), dash(s.terminalId()), dash(s.imsi()),
              s.framedIp() == 0 ? "-" : Cidr.format(s.framedIp()), s.nas(), s.sessionId(), TIME.format(s.startedAt()), s.inputOctets(), s.outputOctets());
        }
        System.out.println(rows.size() + " session(s)");
        return 0;
      }
    }
  }

  @Command(name = "users", mixinStandardHelpOptions = true, description = "Provisioned VPDN users (SIMs) and their terminals.")
  static final class Users implements Callable<Integer> {
    @Mixin ConfigOption config;
    @Option(names = "--limit", defaultValue = "100") int limit;

    @Override
    public Integer call() {
      PosnetConfig cfg = config.load();
      try (Database db = Database.open(cfg.database())) {
        FleetStore fleet = new FleetStore(db, MasterKey.loadOrCreate(cfg.data()));
        System.out.printf("%-34s %-16s %-12s %-9s %-16s %s%n", "USER", "IMSI", "MSISDN", "TERMINAL", "MERCHANT", "MAY-CONNECT");
        int[] n = {0, 0};
        fleet.forEachVpdnUser(u -> {
          n[1]++;
          if (n[0]++ < limit) System.out.printf("%-34s %-16s %-12s %-9s %-16s %s%n", u.user(), dash(u.imsi()), dash(u.msisdn()), u.terminalId(), u.merchantId(), u.mayConnect() ? "yes" : "no (" + u.terminalStatus() + "/" + u.simStatus() + ")");
        });
        System.out.println(n[1] + " user(s)" + (n[1] > limit ? ", first " + limit + " shown" : ""));
        return 0;
      }
    }
  }

  @Command(name = "clients", mixinStandardHelpOptions = true, description = "RADIUS clients (NAS) and their roles; secrets are not shown.")
  static final class Clients implements Callable<Integer> {
    @Mixin ConfigOption config;

    @Override
    public Integer call() {
      PosnetConfig cfg = config.load();
      try (Database db = Database.open(cfg.database())) {
        FleetStore fleet = new FleetStore(db, MasterKey.loadOrCreate(cfg.data()));
        System.out.printf("%-16s %-18s %s%n", "NAME", "ADDRESS", "ROLE");
        for (NasClient c : fleet.nasClients()) System.out.printf("%-16s %-18s %s%n", c.name(), c.address(), c.role().name().toLowerCase());
        return 0;
      }
    }
  }

  @Command(name = "disconnect", mixinStandardHelpOptions = true,
      description = "Send a Disconnect-Request (RFC 5176) for the user's live session to the NAS that holds it.")
  static final class Disconnect implements Callable<Integer> {
    @Mixin ConfigOption config;
    @Option(names = "--user", required = true, description = "name@domain") String user;
    @Option(names = "--port", description = "The NAS's dynamic-authorization port (default: radius.coaPort).") Integer port;
    @Option(names = "--timeout", defaultValue = "3", description = "Seconds per try.") int timeout;

    @Override
    public Integer call() throws Exception {
      PosnetConfig cfg = config.load();
      try (Database db = Database.open(cfg.database())) {
        List<AcctSession> live = new JdbiSessionStore(db.jdbi()).find(user, true, 10);
        if (live.isEmpty()) {
          System.err.println("posnet: no live session for " + user + " (see `posnet aaa sessions --user " + user + " --all`)");
          return 1;
        }
        FleetStore fleet = new FleetStore(db, MasterKey.loadOrCreate(cfg.data()));
        int failures = 0;
        for (AcctSession s : live) {
          NasClient nas = fleet.nasClients().stream().filter(c -> c.name().equals(s.nas())).findFirst().orElse(null);
          if (nas == null) {
            System.err.println("posnet: NAS " + s.nas() + " of session " + s.sessionId() + " is no longer provisioned");
            failures++;
            continue;
          }
          InetSocketAddress to = new InetSocketAddress(s.nasAddress(), port != null ? port : cfg.radius().coaPort());
          List<RadiusAttribute> attrs = new ArrayList<>();
          attrs.add(RadiusAttribute.text(Attr.USER_NAME, s.user()));
          attrs.add(RadiusAttribute.text(Attr.ACCT_SESSION_ID, s.sessionId()));
          if (s.framedIp() != 0) attrs.add(RadiusAttribute.ipv4(Attr.FRAMED_IP_ADDRESS, s.framedIp()));
          try (RadiusClient client = new RadiusClient(List.of(new RadiusClient.Server(to, SharedSecret.of(nas.secret()))), new RadiusClient.Options(Duration.ofSeconds(timeout), 2))) {
            RadiusPacket reply = client.send(RadiusCode.DISCONNECT_REQUEST, attrs, null).get(timeout * 4L, TimeUnit.SECONDS);
            if (reply.code() == RadiusCode.DISCONNECT_ACK) {
              System.out.println("Disconnect-ACK from " + s.nas() + " (" + to.getHostString() + ":" + to.getPort() + ") for session " + s.sessionId());
            } else {
              long cause = reply.integer(Attr.ERROR_CAUSE);
              System.out.println(RadiusCode.name(reply.code()) + " from " + s.nas() + " for session " + s.sessionId() + (cause > 0 ? " Error-Cause=" + cause : ""));
              failures++;
            }
          } catch (ExecutionException e) {
            System.err.println("posnet: " + s.nas() + " (" + to.getHostString() + ":" + to.getPort() + ") did not answer: " + e.getCause().getMessage());
            failures++;
          }
        }
        return failures == 0 ? 0 : 1;
      }
    }
  }

  private static String dash(String s) {
    return s == null || s.isEmpty() ? "-" : s;
  }
}
