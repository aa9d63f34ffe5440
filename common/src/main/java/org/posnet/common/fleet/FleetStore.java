package org.posnet.common.fleet;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;
import org.posnet.common.crypto.MasterKey;
import org.posnet.common.crypto.PanTokens;
import org.posnet.common.db.Database;

/**
 * The fleet in the database: provisioning (an idempotent upsert of a whole fleet file in one
 * transaction) and the reads the AAA, LNS, host and TMS need. Secrets are sealed with the
 * {@link MasterKey} on the way in and opened on the way out, except TMKs and PINs, which leave
 * sealed for the host's HSM.
 */
public final class FleetStore {
  /** Rows the driver fetches per round trip when streaming a million users. */
  static final int FETCH_SIZE = 2000;

  private static final String VPDN_USER_SELECT =
      "SELECT s.vpdn_user, s.password_sealed, s.imsi, s.msisdn, s.terminal_id, t.merchant_id, t.status AS terminal_status,"
          + " s.status AS sim_status FROM sim s JOIN terminal t ON t.id = s.terminal_id";

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(FleetStore.class);
  private final Database db;
  private final MasterKey lmk;
  private final PanTokens tokens;

  public FleetStore(Database db, MasterKey lmk) {
    this.db = db;
    this.lmk = lmk;
    this.tokens = lmk.panTokens();
    convertOnce("cards_tokenized", "cards", this::tokenizeCards);
    convertOnce("settlement_numbers_sealed", "merchants", this::sealSettlementNumbers);
  }

  /**
   * Converts stored rows an older version wrote, where SQL cannot (it needs the LMK): in one transaction, unless
   * V15's {@code fleet_conversion} says {@code name} is done, then records it so no later open scans again. A
   * process that loses a write race with another doing the same (H2 reports a concurrent update) runs it once
   * more and finds the rows converted; the conversions are idempotent.
   */
  private void convertOnce(String name, String what, org.jdbi.v3.core.HandleCallback<Integer, RuntimeException> conversion) {
    org.jdbi.v3.core.HandleCallback<Integer, RuntimeException> unlessDone = h -> converted(h, name) ? 0 : conversion.withHandle(h);
    int n;
    try {
      n = db.jdbi().inTransaction(unlessDone);
    } catch (RuntimeException lostRace) {
      n = db.jdbi().inTransaction(unlessDone);
    }
    markConverted(name);
    if (n > 0) {
      log.info("event=fleet.{} {}={}", name, what, n);
    }
  }

  /** Seals the merchants' settlement account numbers a version before V14 stored in clear; returns how many. */
  private int sealSettlementNumbers(Handle h) {
    List<Map.Entry<String, String>> clear = h.createQuery("SELECT id, settlement_number FROM merchant WHERE settlement_number IS NOT NULL")
        .map((rs, ctx) -> Map.entry(rs.getString("id"), rs.getString("settlement_number")))
        .list();
    if (!clear.isEmpty()) {
      org.jdbi.v3.core.statement.PreparedBatch update = h.prepareBatch("UPDATE merchant SET settlement_number_sealed = :sealed,"
          + " settlement_number = NULL WHERE id = :id AND settlement_number = :number");
      for (Map.Entry<String, String> m : clear) {
        update.bind("sealed", lmk.seal(m.getValue())).bind("id", m.getKey()).bind("number", m.getValue()).add();
      }
      update.execute();
    }
    return clear.size();
  }

  /**
   * Replaces the card numbers a version before V12 stored with their tokens; returns how many. Every process that
   * opens the fleet does it before it reads a card, so none looks a card up by token in a table that still holds
   * numbers; two doing it at once agree (the same token).
   */
  private int tokenizeCards(Handle h) {
    List<String> clear = h.createQuery("SELECT pan_token FROM card WHERE pan_token NOT LIKE :token")
        .bind("token", "%" + PanTokens.MARK + "%")
        .mapTo(String.class)
        .list();
    if (!clear.isEmpty()) {
      org.jdbi.v3.core.statement.PreparedBatch update = h.prepareBatch("UPDATE card SET pan_token = :token WHERE pan_token = :pan");
      for (String pan : clear) {
        update.bind("token", tokens.token(pan)).bind("pan", pan).add();
      }
      update.execute();
    }
    return clear.size();
  }

  /** Whether the conversion {@code name} is done: then its scan is not needed again. */
  private static boolean converted(Handle h, String name) {
    return h.createQuery("SELECT COUNT(*) FROM fleet_conversion WHERE name = :name").bind("name", name)
        .mapTo(Integer.class).one() > 0;
  }

  /**
   * Records a conversion as done, after the transaction that did it: on its own, so that two processes finishing
   * it at once do not fail on the second row — the one that loses finds it there.
   */
  private void markConverted(String name) {
    try {
      db.jdbi().useTransaction(h -> {
        if (!converted(h, name)) {
          h.createUpdate("INSERT INTO fleet_conversion (name) VALUES (:name)").bind("name", name).execute();
        }
      });
    } catch (RuntimeException e) {
      boolean done = db.jdbi().withHandle(h -> converted(h, name));
      if (!done) {
        throw e;
      }
    }
  }

  /** Validates (without positions) and writes a fleet built in code. */
  public ProvisionResult upsert(FleetFile fleet) {
    return upsert(ParsedFleet.of(fleet));
  }

  /**
   * Validates the file against itself and the database, then inserts what is new and updates what
   * changed, all in one transaction.
   *
   * @throws FleetException listing every error; nothing is written
   */
  public ProvisionResult upsert(ParsedFleet parsed) {
    return db.jdbi().inTransaction(h -> {
      List<FleetError> errors = new FleetValidator(knownNames(h, parsed.fleet())).validate(parsed);
      if (!errors.isEmpty()) {
        throw new FleetException(errors);
      }
      return write(h, parsed.fleet());
    });
  }

  /** Every error the file has against the current database, without writing (a dry run). */
  public List<FleetError> check(ParsedFleet parsed) {
    return db.jdbi().withHandle(h -> new FleetValidator(knownNames(h, parsed.fleet())).validate(parsed));
  }

  private ProvisionResult write(Handle h, FleetFile fleet) {
    Map<String, SectionCounts> counts = new LinkedHashMap<>();
    List<Institution> institutions = fleet.institution() == null ? List.of() : List.of(fleet.institution());
    counts.put("institution", Upsert.run(h, new InstitutionTable(), institutions));
    counts.put("domains", Upsert.run(h, new DomainTable(lmk), fleet.domains()));
    counts.put("nas", Upsert.run(h, new NasTable(lmk), fleet.nas()));
    counts.put("merchants", Upsert.run(h, new MerchantTable(lmk), fleet.merchants()));
    counts.put("terminals", Upsert.run(h, new TerminalTable(lmk), fleet.terminals().stream().map(Terminal::withoutSim).toList()));
    List<SimTable.Row> sims = fleet.terminals().stream()
        .filter(t -> t.sim() != null)
        .map(t -> new SimTable.Row(t.id(), t.sim()))
        .toList();
    counts.put("sims", Upsert.run(h, new SimTable(lmk), sims));
    counts.put("cards", Upsert.run(h, new CardTable(lmk), fleet.cards()));
    if (!fleet.zoneKeys().isEmpty()) {
      // only hosts with issuer links have zone keys: other fleets keep the provision output they always had
      counts.put("zoneKeys", Upsert.run(h, new ZoneKeyTable(lmk), fleet.zoneKeys()));
    }
    return new ProvisionResult(counts);
  }

  /** What the file may refer to or collide with, looked up only for the names the file uses. */
  private KnownNames knownNames(Handle h, FleetFile fleet) {
    Map<String, String> pools = new HashMap<>();
    h.createQuery("SELECT name, pool FROM vpdn_domain")
        .map((rs, ctx) -> Map.entry(rs.getString("name"), rs.getString("pool")))
        .forEach(e -> pools.put(e.getKey(), e.getValue()));
    Map<String, String> nasOwners = new HashMap<>();
    h.createQuery("SELECT address, name FROM nas_client")
        .map((rs, ctx) -> Map.entry(rs.getString("address"), rs.getString("name")))
        .forEach(e -> nasOwners.put(e.getKey(), e.getValue()));
    Set<String> referenced = new LinkedHashSet<>();
    fleet.terminals().forEach(t -> referenced.add(t.merchant()));
    referenced.remove(null);
    fleet.merchants().forEach(m -> referenced.remove(m.id()));
    Set<String> merchants = new LinkedHashSet<>(lookup(h, "SELECT id AS k, id AS v FROM merchant WHERE id IN (<keys>)",
        referenced).keySet());
    List<Sim> sims = fleet.terminals().stream().map(Terminal::sim).filter(s -> s != null).toList();
    Map<String, String> imsiOwners = lookup(h, "SELECT imsi AS k, terminal_id AS v FROM sim WHERE imsi IN (<keys>)",
        keys(sims, Sim::imsi));
    Map<String, String> userOwners = lookup(h, "SELECT vpdn_user AS k, terminal_id AS v FROM sim WHERE vpdn_user IN (<keys>)",
        keys(sims, Sim::user));
    return new KnownNames(pools.keySet(), merchants, pools, imsiOwners, userOwners, nasOwners);
  }

  private static <T> Set<String> keys(List<T> items, Function<T, String> key) {
    Set<String> out = new LinkedHashSet<>();
    for (T item : items) {
      String k = key.apply(item);
      if (k != null) {
        out.add(k);
      }
    }
    return out;
  }

  /** Runs a two-column (k, v) query over {@code keys} in chunks that fit an IN list. */
  private static Map<String, String> lookup(Handle h, String sql, Set<String> keys) {
    Map<String, String> out = new HashMap<>();
    String table = sql.substring(sql.indexOf(" FROM ") + 6, sql.indexOf(" WHERE "));
    long stored = keys.isEmpty() ? 0 : h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one();
    if (stored == 0) {
      return out; // nothing stored yet: nothing to collide with
    }
    if (stored <= keys.size()) {
      // Re-provisioning most of the fleet: one pass over the table beats a thousand IN lists.
      h.createQuery(sql.substring(0, sql.indexOf(" WHERE ")))
          .setFetchSize(FETCH_SIZE)
          .map((rs, ctx) -> Map.entry(rs.getString("k"), rs.getString("v")))
          .forEach(e -> {
            if (keys.contains(e.getKey())) {
              out.put(e.getKey(), e.getValue());
            }
          });
      return out;
    }
    List<String> all = new ArrayList<>(keys);
    for (int from = 0; from < all.size(); from += Upsert.CHUNK) {
      h.createQuery(sql)
          .bindList("keys", all.subList(from, Math.min(all.size(), from + Upsert.CHUNK)))
          .map((rs, ctx) -> Map.entry(rs.getString("k"), rs.getString("v")))
          .forEach(e -> out.put(e.getKey(), e.getValue()));
    }
    return out;
  }

  // ---- reads -------------------------------------------------------------------------------

  /** RADIUS clients, secrets opened. */
  public List<NasClient> nasClients() {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT " + NasTable.COLUMNS + " FROM nas_client ORDER BY name")
        .map((rs, ctx) -> NasTable.read(rs, lmk))
        .list());
  }

  /** VPDN domains, tunnel passwords opened. */
  public List<VpdnDomain> vpdnDomains() {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT " + DomainTable.COLUMNS + " FROM vpdn_domain ORDER BY name")
        .map((rs, ctx) -> DomainTable.read(rs, lmk))
        .list());
  }

  public Set<String> domainNames() {
    return db.jdbi().withHandle(h -> new LinkedHashSet<>(h.createQuery("SELECT name FROM vpdn_domain ORDER BY name")
        .mapTo(String.class).list()));
  }

  public Set<String> merchantIds() {
    return db.jdbi().withHandle(h -> new LinkedHashSet<>(h.createQuery("SELECT id FROM merchant ORDER BY id")
        .mapTo(String.class).list()));
  }

  /**
   * Streams every VPDN user (passwords opened) without holding them all: the query runs in a
   * read transaction with a fetch size, which is what makes PostgreSQL use a cursor. The consumer
   * runs while the connection is held, so it should only copy the user into its own structure.
   */
  public void forEachVpdnUser(Consumer<VpdnUser> consumer) {
    db.jdbi().useTransaction(h -> {
      try (var users = h.createQuery(VPDN_USER_SELECT).setFetchSize(FETCH_SIZE).map((rs, ctx) -> readUser(rs)).stream()) {
        users.forEach(consumer);
      }
    });
  }

  public Optional<VpdnUser> vpdnUser(String user) {
    return db.jdbi().withHandle(h -> h.createQuery(VPDN_USER_SELECT + " WHERE s.vpdn_user = :user")
        .bind("user", user)
        .map((rs, ctx) -> readUser(rs))
        .findOne());
  }

  private VpdnUser readUser(ResultSet rs) throws SQLException {
    return new VpdnUser(rs.getString("vpdn_user"), lmk.open(rs.getString("password_sealed")), rs.getString("imsi"),
        rs.getString("msisdn"), rs.getString("terminal_id"), rs.getString("merchant_id"),
        Status.parse(rs.getString("terminal_status")), Status.parse(rs.getString("sim_status")));
  }

  public List<Institution> institutions() {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT code, name FROM institution ORDER BY code")
        .map((rs, ctx) -> new Institution(rs.getString("code"), rs.getString("name")))
        .list());
  }

  public List<Merchant> merchants() {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT " + MerchantTable.COLUMNS + " FROM merchant ORDER BY id")
        .map((rs, ctx) -> MerchantTable.read(rs, lmk))
        .list());
  }

  public Optional<Merchant> merchant(String id) {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT " + MerchantTable.COLUMNS + " FROM merchant WHERE id = :id")
        .bind("id", id)
        .map((rs, ctx) -> MerchantTable.read(rs, lmk))
        .findOne());
  }

  /** Every terminal, TMK sealed. For a large fleet prefer {@link #terminal(String)}. */
  public List<StoredTerminal> terminals() {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT " + TerminalTable.COLUMNS + " FROM terminal ORDER BY id")
        .map(FleetStore::readTerminal)
        .list());
  }

  public Optional<StoredTerminal> terminal(String id) {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT " + TerminalTable.COLUMNS + " FROM terminal WHERE id = :id")
        .bind("id", id)
        .map(FleetStore::readTerminal)
        .findOne());
  }

  /** Several terminals in one query: every id asked is a key of the answer, empty when not provisioned. */
  public Map<String, Optional<StoredTerminal>> terminals(java.util.Collection<String> ids) {
    Map<String, Optional<StoredTerminal>> found = new HashMap<>();
    ids.forEach(id -> found.put(id, Optional.empty()));
    if (!ids.isEmpty()) {
      db.jdbi().useHandle(h -> h.createQuery("SELECT " + TerminalTable.COLUMNS + " FROM terminal WHERE id IN (<ids>)")
          .bindList("ids", List.copyOf(ids))
          .map(FleetStore::readTerminal)
          .forEach(t -> found.put(t.id(), Optional.of(t))));
    }
    return found;
  }

  private static StoredTerminal readTerminal(ResultSet rs, StatementContext ctx) throws SQLException {
    return new StoredTerminal(rs.getString("id"), rs.getString("merchant_id"), rs.getString("serial"),
        rs.getString("model"), KeyScheme.parse(rs.getString("key_scheme")), rs.getString("tmk_sealed"),
        Status.parse(rs.getString("status")), rs.getString("mac_algorithm"));
  }

  /** A provisioned zone key by name, still sealed. */
  public Optional<StoredZoneKey> zoneKey(String name) {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT " + ZoneKeyTable.COLUMNS + " FROM zone_key WHERE name = :name")
        .bind("name", name)
        .map((rs, ctx) -> new StoredZoneKey(rs.getString("name"), rs.getString("scheme"), rs.getString("key_sealed"),
            rs.getString("check_value")))
        .findOne());
  }

  /** Every card account, PIN sealed, by token: {@link StoredCard#pan} is the card's token (no number is stored). */
  public List<StoredCard> cards() {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT " + CardTable.COLUMNS + " FROM card ORDER BY pan_token")
        .map((rs, ctx) -> readCard(rs, rs.getString("pan_token")))
        .list());
  }

  /** The card {@code pan}, found by its token. */
  public Optional<StoredCard> card(String pan) {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT " + CardTable.COLUMNS + " FROM card WHERE pan_token = :token")
        .bind("token", tokens.token(pan))
        .map((rs, ctx) -> readCard(rs, pan))
        .findOne());
  }

  /**
   * The first six digits of every provisioned card, sorted and distinct: a card number starting otherwise is
   * no card of the on-us issuer, and a host can tell so without asking for it. A token starts with them.
   */
  public int[] cardBins() {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT DISTINCT SUBSTRING(pan_token, 1, 6) FROM card")
        .mapTo(String.class)
        .list())
        .stream()
        .filter(b -> b.length() == 6 && b.chars().allMatch(Character::isDigit))
        .mapToInt(Integer::parseInt)
        .sorted()
        .distinct()
        .toArray();
  }

  /**
   * The card's status alone (a light read, for a host that keeps the rest of the card for its life);
   * empty when the card is not provisioned.
   */
  public Optional<CardStatus> cardStatus(String pan) {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT status FROM card WHERE pan_token = :token")
        .bind("token", tokens.token(pan))
        .mapTo(String.class)
        .findOne()
        .map(CardStatus::parse));
  }

  /** Several cards' statuses in one query: every number asked is a key of the answer, empty when not provisioned. */
  public Map<String, Optional<CardStatus>> cardStatuses(java.util.Collection<String> pans) {
    Map<String, Optional<CardStatus>> found = new HashMap<>();
    Map<String, String> byToken = new HashMap<>();
    pans.forEach(pan -> {
      found.put(pan, Optional.empty());
      byToken.put(tokens.token(pan), pan);
    });
    if (!pans.isEmpty()) {
      db.jdbi().useHandle(h -> h.createQuery("SELECT pan_token, status FROM card WHERE pan_token IN (<tokens>)")
          .bindList("tokens", List.copyOf(byToken.keySet()))
          .map((rs, ctx) -> Map.entry(rs.getString("pan_token"), CardStatus.parse(rs.getString("status"))))
          .forEach(e -> found.put(byToken.get(e.getKey()), Optional.ofNullable(e.getValue()))));
    }
    return found;
  }

  private static StoredCard readCard(ResultSet rs, String pan) throws SQLException {
    return new StoredCard(pan, rs.getString("expiry"), rs.getString("pin_sealed"),
        rs.getLong("balance_fen"), rs.getString("currency"), CardKind.parse(rs.getString("kind")),
        CardStatus.parse(rs.getString("status")));
  }
}
