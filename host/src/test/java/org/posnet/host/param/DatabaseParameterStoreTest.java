package org.posnet.host.param;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.posnet.common.crypto.MasterKey;
import org.posnet.common.db.Database;
import org.posnet.common.db.TestDatabase;
import org.posnet.common.fleet.FleetParser;
import org.posnet.common.fleet.FleetStore;

/** The parameter store on H2 and PostgreSQL: versions, the version a terminal holds, status reports. */
class DatabaseParameterStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-26T02:00:00Z");

    private static Database fleet(TestDatabase tdb) {
        Database db = tdb.open();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        new FleetStore(db, MasterKey.ofBytes(key)).upsert(FleetParser.parse("fleet.yaml", """
                merchants:
                  - { id: "898110058120001", name: 川味小馆, mcc: "5812" }
                terminals:
                  - { id: "10000001", merchant: "898110058120001", keys: { scheme: 3DES, tmk: 0123456789ABCDEFFEDCBA9876543210 } }
                  - { id: "10000002", merchant: "898110058120001", keys: { scheme: 3DES, tmk: 0123456789ABCDEFFEDCBA9876543210 } }
                """));
        return db;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.posnet.common.db.TestDatabases#all")
    void updates_numberVersions_andTheSetReadsBackAsStored(TestDatabase tdb) {
        try (tdb; Database db = fleet(tdb)) {
            ParameterStore store = new DatabaseParameterStore(db);
            assertThat(store.stored("10000001")).isEmpty();

            ParameterSet first = store.update("10000001", ParameterDownloadTest.FULL, T0);
            ParameterSet second = store.update("10000001", ParameterSet.defaults("", List.of("10.1.1.1:5800")), T0.plusSeconds(60));

            assertThat(first.version()).isEqualTo(1);
            assertThat(second.version()).isEqualTo(2);
            assertThat(store.stored("10000001")).contains(second);
            assertThat(store.stored("10000001").orElseThrow().merchantName()).isEmpty(); // the fleet's name then applies
            assertThat(store.update("10000002", ParameterDownloadTest.FULL, T0)).isEqualTo(ParameterDownloadTest.FULL.withVersion(1));
            assertThat(store.stored("10000002")).contains(ParameterDownloadTest.FULL.withVersion(1));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.posnet.common.db.TestDatabases#all")
    void versionsOfSeveralTerminals_inOneRead_equalEachTerminalsOwn(TestDatabase tdb) {
        try (tdb; Database db = fleet(tdb)) {
            ParameterStore store = new DatabaseParameterStore(db);
            store.update("10000001", ParameterDownloadTest.FULL, T0);
            store.update("10000001", ParameterDownloadTest.FULL, T0.plusSeconds(1));
            store.terminalHolds("10000001", 1, T0.plusSeconds(2));
            List<String> ids = List.of("10000001", "10000002", "99999999");

            Map<String, ParameterStore.Versions> bulk = store.versions(ids);
            assertThat(bulk).containsOnlyKeys(ids);
            assertThat(bulk.get("10000001")).isEqualTo(new ParameterStore.Versions(2, 1));
            assertThat(bulk.get("10000002")).isEqualTo(new ParameterStore.Versions(0, -1));
            ids.forEach(id -> assertThat(bulk.get(id)).as(id).isEqualTo(store.versions(id)));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.posnet.common.db.TestDatabases#all")
    void whatATerminalHolds_andItsLastReport_areKept(TestDatabase tdb) throws Exception {
        try (tdb; Database db = fleet(tdb)) {
            ParameterStore store = new DatabaseParameterStore(db);
            assertThat(store.terminalVersion("10000001")).isEmpty();
            assertThat(store.lastReport("10000001")).isEmpty();

            store.terminalHolds("10000001", 3, T0);
            assertThat(store.terminalVersion("10000001")).hasValue(3);
            assertThat(store.lastReport("10000001")).isEmpty();

            StatusReport report = StatusReport.parse("10000001", "898110058120001", T0.plusSeconds(5),
                    Tlv.encode(List.of(Tlv.ascii(1, "4"), Tlv.ascii(34, "80"), Tlv.ascii(36, "460-03-1-2"))));
            store.reported(report);
            assertThat(store.terminalVersion("10000001")).hasValue(4);
            assertThat(store.lastReport("10000001")).contains(report);

            // a report that does not name a version leaves the held version alone
            store.reported(new StatusReport("10000001", "898110058120001", T0.plusSeconds(9), Map.of("battery", "79")));
            assertThat(store.terminalVersion("10000001")).hasValue(4);
            assertThat(store.lastReport("10000001").orElseThrow().items()).isEqualTo(Map.of("battery", "79"));
        }
    }
}
