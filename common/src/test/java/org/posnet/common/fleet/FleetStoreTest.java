package org.posnet.common.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.posnet.common.crypto.MasterKey;
import org.posnet.common.db.Database;
import org.posnet.common.db.TestDatabase;

class FleetStoreTest {
  private static final MasterKey LMK = MasterKey.ofBytes(new byte[] {
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
  private static final org.posnet.common.crypto.PanTokens TOKENS = LMK.panTokens();
  private static final List<String> TABLES = List.of("institution", "vpdn_domain", "nas_client", "merchant", "terminal", "sim", "card");

  private static FleetStore store(TestDatabase tdb) {
    return new FleetStore(tdb.open(), LMK);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.posnet.common.db.TestDatabases#all")
  void sample_upsertedTwice_secondRunChangesNothing(TestDatabase tdb) throws Exception {
    FleetStore store = store(tdb);
    ProvisionResult first = store.upsert(FleetParserTest.sample());
    assertThat(first.toString()).isEqualTo("""
        institution: 1 inserted, 0 updated, 0 unchanged
        domains: 2 inserted, 0 updated, 0 unchanged
        nas: 2 inserted, 0 updated, 0 unchanged
        merchants: 2 inserted, 0 updated, 0 unchanged
        terminals: 3 inserted, 0 updated, 0 unchanged
        sims: 3 inserted, 0 updated, 0 unchanged
        cards: 3 inserted, 0 updated, 0 unchanged""");
    ProvisionResult second = store.upsert(FleetParserTest.sample());
    assertThat(second.changed()).isFalse();
    for (String section : ProvisionResult.SECTIONS) {
      assertThat(second.section(section).unchanged()).as(section).isEqualTo(first.section(section).inserted());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.posnet.common.db.TestDatabases#all")
  void reads_returnWhatWasProvisioned(TestDatabase tdb) throws Exception {
    FleetStore store = store(tdb);
    FleetFile file = FleetParserTest.sample().fleet();
    store.upsert(file);
    assertThat(store.vpdnDomains()).containsExactlyElementsOf(file.domains());
    assertThat(store.nasClients()).containsExactlyElementsOf(file.nas());
    assertThat(store.merchants()).containsExactlyElementsOf(file.merchants());
    assertThat(store.institutions()).containsExactly(file.institution());
    assertThat(store.domainNames()).containsExactly("POSBANK.133VPDN.SX", "POSBANK.CMIOT.SX");
    assertThat(store.merchantIds()).containsExactly("898110058120001", "898310054110002");

    List<StoredTerminal> terminals = store.terminals();
    assertThat(terminals).extracting(StoredTerminal::id).containsExactly("10000001", "10000002", "20000001");
    assertThat(terminals.get(2).keyScheme()).isEqualTo(KeyScheme.SM4);
    assertThat(terminals.get(0).tmkUnderLmk()).startsWith("lmk1:");
    assertThat(LMK.open(terminals.get(0).tmkUnderLmk())).isEqualTo("0123456789ABCDEFFEDCBA9876543210");
    assertThat(store.terminal("20000001")).get().extracting(StoredTerminal::merchant).isEqualTo("898310054110002");
    assertThat(store.terminal("99999999")).isEmpty();

    List<StoredCard> cards = store.cards();
    assertThat(cards).extracting(StoredCard::pan).containsExactly(TOKENS.token("6222021234567890128"),
        TOKENS.token("6228480000000000018"), TOKENS.token("6258070000000000029"));
    StoredCard card = store.card("6228480000000000018").orElseThrow();
    assertThat(card.balanceFen()).isEqualTo(12_050);
    assertThat(card.currency()).isEqualTo("156");
    assertThat(card.pinUnderLmk()).startsWith("lmk1:");
    assertThat(LMK.open(card.pinUnderLmk())).isEqualTo("888888");

    VpdnUser user = store.vpdnUser("t20000001@POSBANK.CMIOT.SX").orElseThrow();
    assertThat(user).isEqualTo(new VpdnUser("t20000001@POSBANK.CMIOT.SX", "iot-pass-1", "460040012300001", "1440000000001",
        "20000001", "898310054110002", Status.ACTIVE, Status.ACTIVE));
    assertThat(store.vpdnUser("nobody@POSBANK.CMIOT.SX")).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.posnet.common.db.TestDatabases#all")
  void changedValues_countAsUpdated(TestDatabase tdb) throws Exception {
    FleetStore store = store(tdb);
    FleetFile file = FleetParserTest.sample().fleet();
    store.upsert(file);
    List<Terminal> terminals = new ArrayList<>(file.terminals());
    Terminal t = terminals.get(0);
    Sim s = t.sim();
    terminals.set(0, new Terminal(t.id(), t.merchant(), t.serial(), t.model(), t.keys(),
        new Sim(s.imsi(), s.msisdn(), s.user(), "new-password", Status.SUSPENDED), t.status()));
    List<NasClient> nas = new ArrayList<>(file.nas());
    nas.set(1, new NasClient("lns1", "127.0.0.2", "rotated-secret", NasRole.LNS));
    FleetFile changed = new FleetFile(file.institution(), file.domains(), nas, file.merchants(), terminals, file.cards());

    ProvisionResult r = store.upsert(changed);
    assertThat(r.section("sims")).isEqualTo(new SectionCounts(0, 1, 2));
    assertThat(r.section("nas")).isEqualTo(new SectionCounts(0, 1, 1));
    assertThat(r.section("terminals")).isEqualTo(new SectionCounts(0, 0, 3));
    assertThat(r.section("cards")).isEqualTo(new SectionCounts(0, 0, 3));
    VpdnUser user = store.vpdnUser(s.user()).orElseThrow();
    assertThat(user.password()).isEqualTo("new-password");
    assertThat(user.simStatus()).isEqualTo(Status.SUSPENDED);
    assertThat(user.mayConnect()).isFalse();
    assertThat(store.nasClients().get(1).secret()).isEqualTo("rotated-secret");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.posnet.common.db.TestDatabases#all")
  void severalTerminalsAndCardStatuses_inOneRead_everyOneAskedAnswered(TestDatabase tdb) throws Exception {
    FleetStore store = new FleetStore(tdb.open(), LMK);
    assertThat(store.terminals(List.of())).isEmpty();
    store.upsert(FleetParserTest.sample());
    List<String> ids = new ArrayList<>(store.terminals().stream().map(StoredTerminal::id).toList());
    ids.add("99999999");
    var terminals = store.terminals(ids);
    assertThat(terminals).containsOnlyKeys(ids);
    assertThat(terminals.get("99999999")).isEmpty();
    store.terminals().forEach(t -> assertThat(terminals.get(t.id())).contains(t));

    List<String> pans = new ArrayList<>(FleetParserTest.sample().fleet().cards().stream().map(Card::pan).toList());
    pans.add("6222021234567890136");
    var statuses = store.cardStatuses(pans);
    assertThat(statuses).containsOnlyKeys(pans);
    assertThat(statuses.get("6222021234567890136")).isEmpty();
    for (Card c : FleetParserTest.sample().fleet().cards()) {
      assertThat(statuses.get(c.pan())).contains(c.status());
      StoredCard stored = store.card(c.pan()).orElseThrow();
      assertThat(stored.pan()).isEqualTo(c.pan()); // found by token, given back with the number asked
      assertThat(stored.balanceFen()).isEqualTo(c.balanceFen());
      assertThat(LMK.open(stored.pinUnderLmk())).isEqualTo(c.pin());
    }
    // the list of every card has no numbers to give: its cards carry their tokens
    assertThat(store.cards()).extracting(StoredCard::pan)
        .containsExactlyInAnyOrderElementsOf(FleetParserTest.sample().fleet().cards().stream().map(c -> TOKENS.token(c.pan())).toList());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.posnet.common.db.TestDatabases#all")
  void cardBins_areTheFirstSixDigitsOfEveryCard_sortedAndDistinct(TestDatabase tdb) throws Exception {
    FleetStore store = new FleetStore(tdb.open(), LMK);
    assertThat(store.cardBins()).isEmpty();
    store.upsert(FleetParserTest.sample());
    int[] expected = store.cards().stream().mapToInt(c -> Integer.parseInt(c.pan().substring(0, 6))).sorted().distinct().toArray();
    assertThat(expected).isNotEmpty();
    assertThat(store.cardBins()).containsExactly(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.posnet.common.db.TestDatabases#all")
  void cardStatus_roundTripsAndAReProvisionChangesIt(TestDatabase tdb) throws Exception {
    Database db = tdb.open();
    FleetStore store = new FleetStore(db, LMK);
    store.upsert(FleetParserTest.sample());
    assertThat(store.cards()).extracting(StoredCard::status).containsOnly(CardStatus.ACTIVE);
    assertThat(store.cardStatus("6228480000000000018")).contains(CardStatus.ACTIVE);
    assertThat(store.cardStatus("6222021234567890136")).isEmpty();

    String stop = """
        cards:
          - { pan: "6222021234567890128", expiry: "2812", pin: "123456", balance: "5000.00", kind: debit }
          - { pan: "6228480000000000018", expiry: "2906", pin: "888888", balance: "120.50", kind: debit, status: lost }
          - { pan: "6258070000000000029", expiry: "2701", pin: "2468", balance: "0.00", kind: credit, status: stolen }
        """;
    ProvisionResult r = store.upsert(FleetParser.parse("stop.yaml", stop));
    assertThat(r.section("cards")).isEqualTo(new SectionCounts(0, 2, 1));
    assertThat(store.cardStatus("6222021234567890128")).contains(CardStatus.ACTIVE);
    assertThat(store.cardStatus("6228480000000000018")).contains(CardStatus.LOST);
    assertThat(store.cardStatus("6258070000000000029")).contains(CardStatus.STOLEN);
    StoredCard lost = store.card("6228480000000000018").orElseThrow();
    assertThat(lost.status()).isEqualTo(CardStatus.LOST);
    assertThat(lost.balanceFen()).isEqualTo(12_050);
    assertThat(lost.toString()).contains("status=LOST");
    assertThat(store.cards()).extracting(StoredCard::status)
        .containsExactly(CardStatus.ACTIVE, CardStatus.LOST, CardStatus.STOLEN);
    List<String> raw = db.jdbi().withHandle(h -> h.createQuery("SELECT status FROM card ORDER BY pan_token").mapTo(String.class).list());
    assertThat(raw).containsExactly("active", "lost", "stolen");
    assertThat(store.upsert(FleetParser.parse("stop.yaml", stop)).changed()).isFalse();

    // Blocked, then honoured again: every value goes both ways.
    FleetFile file = FleetParserTest.sample().fleet();
    List<Card> cards = new ArrayList<>(file.cards());
    Card c = cards.get(1);
    cards.set(1, new Card(c.pan(), c.expiry(), c.pin(), c.balanceFen(), c.kind(), CardStatus.BLOCKED));
    store.upsert(new FleetFile(null, null, null, null, null, cards));
    assertThat(store.cardStatus(c.pan())).contains(CardStatus.BLOCKED);
    assertThat(store.upsert(file).section("cards")).isEqualTo(new SectionCounts(0, 1, 2));
    assertThat(store.cards()).extracting(StoredCard::status).containsOnly(CardStatus.ACTIVE);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.posnet.common.db.TestDatabases#all")
  void cardStatus_outsideTheFourValues_isRefusedByTheDatabase(TestDatabase tdb) throws Exception {
    Database db = tdb.open();
    new FleetStore(db, LMK).upsert(FleetParserTest.sample());
    assertThatThrownBy(() -> db.jdbi().useHandle(h -> h.execute(
        "UPDATE card SET status = 'frozen' WHERE pan_token = ?", TOKENS.token("6228480000000000018"))))
        .satisfies(e -> assertThat(e.getMessage().toLowerCase(Locale.ROOT)).contains("card_status_ck"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.posnet.common.db.TestDatabases#all")
  void invalidFile_writesNothingAndListsEveryError(TestDatabase tdb) throws Exception {
    Database db = tdb.open();
    FleetStore store = new FleetStore(db, LMK);
    ParsedFleet invalid = FleetParser.parse(FleetValidatorTest.resource("invalid.yaml"));
    assertThatThrownBy(() -> store.upsert(invalid))
        .isInstanceOf(FleetException.class)
        .hasMessageStartingWith("27 errors in fleet file, nothing written:\ninvalid.yaml:1:22: institution.code:")
        .satisfies(e -> assertThat(((FleetException) e).errors()).hasSize(27));
    assertThat(rowCounts(db)).containsOnly(0);
    assertThat(store.check(invalid)).hasSize(27);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.posnet.common.db.TestDatabases#all")
  void databaseFailureMidWrite_rollsBackEverySection(TestDatabase tdb) throws Exception {
    Database db = tdb.open();
    FleetStore store = new FleetStore(db, LMK);
    FleetFile file = FleetParserTest.sample().fleet();
    List<Terminal> terminals = new ArrayList<>(file.terminals());
    Terminal t = terminals.get(2);
    // Valid to the validator, too long for the column: fails after institution, domains and merchants were written.
    terminals.set(2, new Terminal(t.id(), t.merchant(), "S".repeat(200), t.model(), t.keys(), t.sim(), t.status()));
    FleetFile tooLong = new FleetFile(file.institution(), file.domains(), file.nas(), file.merchants(), terminals, file.cards());
    assertThatThrownBy(() -> store.upsert(tooLong)).isInstanceOf(RuntimeException.class);
    assertThat(rowCounts(db)).containsOnly(0);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.posnet.common.db.TestDatabases#all")
  void rawTables_holdNoClearSecret(TestDatabase tdb) throws Exception {
    Database db = tdb.open();
    new FleetStore(db, LMK).upsert(FleetParserTest.sample());
    String dump = db.jdbi().withHandle(h -> {
      StringBuilder all = new StringBuilder();
      for (String table : TABLES) {
        h.createQuery("SELECT * FROM " + table).mapToMap().forEach(row -> all.append(row.values()).append('\n'));
      }
      return all.toString();
    });
    assertThat(dump).contains("POSBANK.133VPDN.SX").contains("lmk1:");
    for (String secret : List.of("tunnel-secret", "lac-secret", "lns-secret", "s3cret", "iot-pass-1",
        "0123456789ABCDEFFEDCBA9876543210", "11223344556677889900AABBCCDDEEFF0123456789ABCDEF", "00112233445566778899AABBCCDDEEFF",
        "6222020200112233445", "6217000010012345678")) { // the last two: merchants' settlement account numbers
      assertThat(dump).as(secret).doesNotContain(secret);
    }
    List<String> pins = db.jdbi().withHandle(h -> h.createQuery("SELECT pin_sealed FROM card").mapTo(String.class).list());
    assertThat(pins).hasSize(3).allSatisfy(p -> assertThat(p).startsWith("lmk1:").doesNotContain("123456").doesNotContain("888888"));
    // no card number either (PCI DSS 3.5.1): the card table holds tokens, and no run of digits as long as a PAN
    for (Card c : FleetParserTest.sample().fleet().cards()) {
      assertThat(dump).as(c.pan()).doesNotContain(c.pan()).contains(TOKENS.token(c.pan()));
    }
    String cardRows = db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM card").mapToMap().list().toString());
    assertThat(cardRows).doesNotContainPattern("[0-9]{13}");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.posnet.common.db.TestDatabases#all")
  void cardsStoredByAnEarlierVersion_areTokenizedWhenTheFleetOpens_andReadAsBefore(TestDatabase tdb) throws Exception {
    Database db = tdb.open();
    new FleetStore(db, LMK).upsert(FleetParserTest.sample());
    List<Card> cards = FleetParserTest.sample().fleet().cards();
    // what a version before V12 left: the clear number in the key column (two of three; one already a token),
    // and no record of the conversion (V15 finds none in a database written before it)
    for (Card c : cards.subList(0, 2)) {
      db.jdbi().useHandle(h -> h.execute("UPDATE card SET pan_token = ? WHERE pan_token = ?", c.pan(), TOKENS.token(c.pan())));
    }
    db.jdbi().useHandle(h -> h.execute("DELETE FROM fleet_conversion"));
    assertThat(tokenColumn(db))
        .contains(cards.get(0).pan(), cards.get(1).pan());

    FleetStore reopened = new FleetStore(db, LMK);
    assertThat(tokenColumn(db))
        .containsExactlyInAnyOrderElementsOf(cards.stream().map(c -> TOKENS.token(c.pan())).toList());
    for (Card c : cards) {
      assertThat(reopened.card(c.pan())).get().extracting(StoredCard::balanceFen).isEqualTo(c.balanceFen());
    }
    assertThat(reopened.upsert(FleetParserTest.sample()).section("cards")).isEqualTo(new SectionCounts(0, 0, 3));
    // done once, later opens do not scan the table again: a number put back by hand (nothing writes one now) stays
    Card first = cards.get(0);
    db.jdbi().useHandle(h -> h.execute("UPDATE card SET pan_token = ? WHERE pan_token = ?", first.pan(), TOKENS.token(first.pan())));
    new FleetStore(db, LMK);
    assertThat(tokenColumn(db)).hasSize(3).contains(first.pan());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.posnet.common.db.TestDatabases#all")
  void aTerminalsMacAlgorithm_isStored_changesAsUpdated_andTheDatabaseRefusesAnUnknownOne(TestDatabase tdb) throws Exception {
    Database db = tdb.open();
    FleetStore store = new FleetStore(db, LMK);
    FleetFile file = FleetParserTest.sample().fleet();
    store.upsert(file);
    assertThat(store.terminal("10000001").orElseThrow().mac()).isNull();
    List<Terminal> terminals = new ArrayList<>(file.terminals());
    Terminal t = terminals.get(0);
    terminals.set(0, new Terminal(t.id(), t.merchant(), t.serial(), t.model(), new TerminalKeys(t.keys().scheme(), t.keys().tmk(),
        "X9_19"), t.sim(), t.status()));
    FleetFile x919 = new FleetFile(file.institution(), file.domains(), file.nas(), file.merchants(), terminals, file.cards());
    assertThat(store.upsert(x919).section("terminals")).isEqualTo(new SectionCounts(0, 1, 2));
    assertThat(store.terminal("10000001").orElseThrow().mac()).isEqualTo("X9_19");
    assertThat(store.upsert(x919).changed()).isFalse();
    assertThatThrownBy(() -> db.jdbi().useHandle(h -> h.execute("UPDATE terminal SET mac_algorithm = 'CBC' WHERE id = '10000001'")))
        .satisfies(e -> assertThat(e.getMessage().toLowerCase(Locale.ROOT)).contains("terminal_mac_algorithm_ck"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.posnet.common.db.TestDatabases#all")
  void processesOpeningAnOldFleetAtOnce_allStart_andConvertItOnce(TestDatabase tdb) throws Exception {
    Database db = tdb.open();
    FleetFile file = FleetParserTest.sample().fleet();
    new FleetStore(db, LMK).upsert(file);
    for (Card c : file.cards()) {
      db.jdbi().useHandle(h -> h.execute("UPDATE card SET pan_token = ? WHERE pan_token = ?", c.pan(), TOKENS.token(c.pan())));
    }
    db.jdbi().useHandle(h -> h.execute("DELETE FROM fleet_conversion"));
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
    try {
      java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      List<java.util.concurrent.Future<FleetStore>> opens = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        opens.add(pool.submit(() -> {
          go.await();
          return new FleetStore(db, LMK);
        }));
      }
      go.countDown();
      for (java.util.concurrent.Future<FleetStore> f : opens) {
        assertThat(f.get(30, java.util.concurrent.TimeUnit.SECONDS).card(file.cards().get(1).pan())).isPresent();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(tokenColumn(db)).containsExactlyInAnyOrderElementsOf(file.cards().stream().map(c -> TOKENS.token(c.pan())).toList());
    long records = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM fleet_conversion").mapTo(Long.class).one());
    assertThat(records).isEqualTo(2);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.posnet.common.db.TestDatabases#all")
  void settlementNumbersStoredInClearByAnEarlierVersion_areSealedWhenTheFleetOpens(TestDatabase tdb) throws Exception {
    Database db = tdb.open();
    FleetFile file = FleetParserTest.sample().fleet();
    new FleetStore(db, LMK).upsert(file);
    // what a version before V14 left: the number in clear, no sealed one, no record of the conversion
    db.jdbi().useHandle(h -> h.execute("DELETE FROM fleet_conversion"));
    for (Merchant m : file.merchants()) {
      db.jdbi().useHandle(h -> h.execute("UPDATE merchant SET settlement_number = ?, settlement_number_sealed = NULL WHERE id = ?",
          m.settlementAccount() == null ? null : m.settlementAccount().number(), m.id()));
    }
    FleetStore reopened = new FleetStore(db, LMK);
    assertThat(reopened.merchants()).containsExactlyElementsOf(file.merchants());
    List<Map<String, Object>> rows = db.jdbi().withHandle(h -> h.createQuery(
        "SELECT settlement_number, settlement_number_sealed FROM merchant ORDER BY id").mapToMap().list());
    assertThat(rows).hasSize(2).allSatisfy(r -> {
      assertThat(r.get("settlement_number")).isNull();
      assertThat((String) r.get("settlement_number_sealed")).startsWith("lmk1:");
    });
    assertThat(reopened.upsert(file).section("merchants")).isEqualTo(new SectionCounts(0, 0, 2));
    List<String> conversions = db.jdbi().withHandle(h -> h.createQuery("SELECT name FROM fleet_conversion ORDER BY name")
        .mapTo(String.class).list());
    assertThat(conversions).containsExactly("cards_tokenized", "settlement_numbers_sealed");
    assertThat(file.merchants().get(0).settlementAccount().toString()).doesNotContain("6222020200112233445")
        .contains("622202*********3445");
  }

  private static List<String> tokenColumn(Database db) {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT pan_token FROM card").mapTo(String.class).list());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.posnet.common.db.TestDatabases#all")
  void laterFile_mayReferToWhatTheDatabaseHolds(TestDatabase tdb) throws Exception {
    FleetStore store = store(tdb);
    store.upsert(FleetParserTest.sample());
    String more = """
        terminals:
          - id: "10000003"
            merchant: "898110058120001"
            keys: { scheme: SM4, tmk: 00112233445566778899AABBCCDDEEFF }
            sim: { imsi: "460031234500003", msisdn: "13300000003", user: t10000003@POSBANK.133VPDN.SX, password: "p3", status: suspended }
            status: disabled
        """;
    ProvisionResult r = store.upsert(FleetParser.parse("more.yaml", more));
    assertThat(r.section("terminals")).isEqualTo(new SectionCounts(1, 0, 0));
    assertThat(r.section("merchants").total()).isZero();
    assertThat(store.vpdnUser("t10000003@POSBANK.133VPDN.SX").orElseThrow().terminalStatus()).isEqualTo(Status.DISABLED);

    String clash = """
        terminals:
          - id: "10000004"
            merchant: "898110058120001"
            keys: { scheme: SM4, tmk: 00112233445566778899AABBCCDDEEFF }
            sim: { imsi: "460031234500001", msisdn: "13300000004", user: t10000001@POSBANK.133VPDN.SX, password: "p4" }
        """;
    assertThatThrownBy(() -> store.upsert(FleetParser.parse("clash.yaml", clash)))
        .isInstanceOf(FleetException.class)
        .satisfies(e -> assertThat(((FleetException) e).errors()).extracting(FleetError::toString).containsExactly(
            "clash.yaml:5:18: terminals[0].sim.imsi: IMSI 460031234500001 already belongs to terminal 10000001 in the database",
            "clash.yaml:5:66: terminals[0].sim.user: user t10000001@POSBANK.133VPDN.SX already belongs to terminal 10000001 in the database"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.posnet.common.db.TestDatabases#all")
  void forEachVpdnUser_streamsTenThousandUsers(TestDatabase tdb) {
    FleetStore store = store(tdb);
    FleetFile fleet = GeneratedFleet.of(10_000);
    ProvisionResult r = store.upsert(fleet);
    assertThat(r.section("sims").inserted()).isEqualTo(10_000);
    assertThat(r.section("merchants").inserted()).isEqualTo(100);
    AtomicInteger count = new AtomicInteger();
    Set<String> users = new HashSet<>();
    store.forEachVpdnUser(u -> {
      count.incrementAndGet();
      users.add(u.user());
      int i = Integer.parseInt(u.terminalId()) - 30_000_000;
      assertThat(u.password()).isEqualTo("pw-" + i);
      assertThat(u.imsi()).isEqualTo(GeneratedFleet.imsi(i));
      assertThat(u.mayConnect()).isTrue();
    });
    assertThat(count).hasValue(10_000);
    assertThat(users).hasSize(10_000).contains(GeneratedFleet.user(0), GeneratedFleet.user(9_999));
    assertThat(store.upsert(fleet).section("sims")).isEqualTo(new SectionCounts(0, 0, 10_000));
  }

  private static List<Integer> rowCounts(Database db) {
    return db.jdbi().withHandle((Handle h) -> {
      List<Integer> counts = new ArrayList<>();
      for (String table : TABLES) {
        counts.add(h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Integer.class).one());
      }
      return counts;
    });
  }

}
