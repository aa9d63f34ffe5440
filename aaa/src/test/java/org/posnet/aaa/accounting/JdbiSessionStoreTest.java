package org.posnet.aaa.accounting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.posnet.common.db.Database;
import org.posnet.common.db.TestDatabase;

/** The accounting store on H2 and PostgreSQL alike. */
class JdbiSessionStoreTest {
  private static final Instant T0 = Instant.parse("2026-11-26T08:00:00Z");

  private static AcctSession session(String id, AcctSession.State state, Instant updated, long in) {
    return new AcctSession("lns1", "127.0.0.2", id, "t10000001@POSBANK.133VPDN.SX", "10000001", "460031234500001", "460031234500001",
        0x0a400009, "bsid:BS-1", state, T0, updated, state == AcctSession.State.ACTIVE ? null : updated, in, 2, 60, 0);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.posnet.common.db.TestDatabases#all")
  void upsert_byNasAndSessionId_keepsTheLatestState_andFindsByUserAndState(TestDatabase tdb) throws Exception {
    try (Database db = tdb.open()) {
      JdbiSessionStore store = new JdbiSessionStore(db.jdbi());
      store.save(List.of(session("S1", AcctSession.State.ACTIVE, T0, 1), session("S2", AcctSession.State.ACTIVE, T0, 1)));
      // S1 updated twice in one batch (interim then stop), S3 new: one transaction.
      store.save(List.of(session("S1", AcctSession.State.ACTIVE, T0.plusSeconds(300), 5), session("S1", AcctSession.State.STOPPED, T0.plusSeconds(400), 9),
          session("S3", AcctSession.State.ACTIVE, T0.plusSeconds(500), 1)));
      assertThat(store.active()).extracting(AcctSession::sessionId).containsExactlyInAnyOrder("S2", "S3");
      List<AcctSession> all = store.find("t10000001@POSBANK.133VPDN.SX", false, 10);
      assertThat(all).extracting(AcctSession::sessionId).containsExactly("S3", "S1", "S2");
      AcctSession s1 = all.get(1);
      assertThat(s1.state()).isEqualTo(AcctSession.State.STOPPED);
      assertThat(s1.inputOctets()).isEqualTo(9);
      assertThat(s1.framedIp()).isEqualTo(0x0a400009);
      assertThat(s1.stoppedAt().truncatedTo(ChronoUnit.SECONDS)).isEqualTo(T0.plusSeconds(400));
      assertThat(s1.location()).isEqualTo("bsid:BS-1");
      assertThat(store.find(null, true, 1)).hasSize(1);
      assertThat(store.find("other@X", false, 10)).isEmpty();
    }
  }
}
