package org.posnet.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.posnet.host.HostHarness.MERCHANT;
import static org.posnet.host.HostHarness.PAN;
import static org.posnet.host.HostHarness.PIN;
import static org.posnet.host.HostHarness.TERMINAL;
import static org.posnet.host.HostHarness.TMK;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.posnet.common.db.TestDatabase;
import org.posnet.host.auth.JournalEntry;
import org.posnet.host.journal.FileJournal;
import org.posnet.host.ledger.Account;
import org.posnet.host.ledger.AccountKind;
import org.posnet.host.ledger.LedgerTxn;
import org.posnet.host.ledger.Posting;

/**
 * A data directory written before the journal moved to files (V7) and before the ledger kept legs with
 * each transaction (V8) or stored blocks (V9): its journal rows and transaction and posting rows are
 * carried over on the first start, so the host knows the same sessions and balances and the ledger is the
 * same ledger. Runs on H2 and PostgreSQL.
 */
class UpgradeTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.posnet.common.db.TestDatabases#all")
    void oldJournalRowsAndPostingRows_areCarriedOver_nothingLostOrDoubled(TestDatabase tdb) throws Exception {
        try (tdb; HostHarness harness = new HostHarness(tdb)) {
            try (JposTerminal pos = new JposTerminal(harness.port(), TERMINAL, MERCHANT, TMK)) {
                pos.signOn("003");
                for (long amount : new long[] {120_00, 30_00, 7_50}) {
                    assertThat(pos.send(Trades.sale(pos, PAN, PIN, amount)).getString(39)).isEqualTo("00");
                }
            }
            long balance = harness.balanceFen(PAN);
            harness.host.ledger().flush(); // the ledger posts on its own thread, after the replies
            List<LedgerTxn> ledger = harness.host.ledger().books().transactions();
            assertThat(ledger).hasSize(3);
            harness.host.close();

            // make the data directory look like an older PosNet's: the journal in host_journal, legs in ledger_posting
            List<JournalEntry> entries = new ArrayList<>();
            try (FileJournal journal = new FileJournal(harness.config.journalDir(), 1,
                    org.posnet.host.journal.RecordCipher.openOrCreate(harness.config.journalDir(), harness.masterKey))) {
                journal.replay(entries::add);
            }
            try (Stream<Path> files = Files.list(harness.config.journalDir())) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            harness.db.jdbi().useTransaction(h -> {
                for (JournalEntry e : entries) {
                    h.createUpdate("INSERT INTO host_journal (seq, at, txn_type, reason, response_code, terminal_id, merchant_id,"
                                    + " mti, batch, trace, pan, amount_fen, rrn, auth_code, original_seq, pin_tries, fingerprint, detail)"
                                    + " VALUES (:seq, :at, :type, :reason, :code, :terminal, :merchant, :mti, :batch, :trace, :pan,"
                                    + " :amount, :rrn, :auth, :original, :tries, :fingerprint, :detail)")
                            .bind("seq", e.seq()).bind("at", OffsetDateTime.ofInstant(e.at(), ZoneOffset.UTC))
                            .bind("type", e.type().name()).bind("reason", e.reason().name()).bind("code", e.responseCode())
                            .bind("terminal", e.terminal()).bind("merchant", e.merchant()).bind("mti", e.mti())
                            .bind("batch", e.batch()).bind("trace", e.trace()).bind("pan", e.pan()).bind("amount", e.amountFen())
                            .bind("rrn", e.rrn()).bind("auth", e.authCode()).bind("original", e.originalSeq())
                            .bind("tries", e.pinTries()).bind("fingerprint", e.fingerprint()).bind("detail", e.detail()).execute();
                }
                // the ledger as a pre-V8 version stored it: a row per transaction, a row per leg, no day balances
                h.execute("DELETE FROM ledger_block");
                h.execute("DELETE FROM ledger_balance");
                h.execute("UPDATE ledger_cursor SET cardholders_tokenized = FALSE"); // as V13 finds a database written before it
                for (LedgerTxn t : ledger) {
                    h.execute("INSERT INTO ledger_txn (journal_seq, business_date, txn_type, merchant_id, terminal_id, original_seq,"
                            + " gross_fen, fee_fen, mdr_bps) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", t.journalSeq(), t.businessDate(),
                            t.type().name(), t.merchant(), t.terminal(), t.originalSeq(), t.grossFen(), t.feeFen(), t.mdrBps());
                    int leg = 0;
                    for (Posting p : t.postings()) {
                        // a version before tokens stored the cardholder account by the card's number
                        String ref = p.account().kind() == AccountKind.CARDHOLDER ? PAN : p.account().ref();
                        h.execute("INSERT INTO ledger_posting (journal_seq, leg, account_kind, account_ref, debit_fen, credit_fen)"
                                + " VALUES (?, ?, ?, ?, ?, ?)", t.journalSeq(), ++leg, p.account().kind().name(), ref,
                                p.debitFen(), p.creditFen());
                    }
                }
            });

            harness.start();
            assertThat(harness.balanceFen(PAN)).isEqualTo(balance);
            assertThat(harness.host.ledger().books().transactions()).isEqualTo(ledger);
            assertThat(harness.host.ledger().check().balanced()).isTrue();
            assertThat(harness.host.ledger().store().balance(Account.cardholder(harness.masterKey.panTokens().token(PAN)))).isEqualTo(120_00 + 30_00 + 7_50);
            List<LedgerTxn> stored = new ArrayList<>();
            harness.host.ledger().store().transactions(stored::add); // now in blocks, as a new ledger stores them
            assertThat(stored).isEqualTo(ledger);
            long rowsLeft = harness.db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM ledger_txn").mapTo(Long.class).one());
            assertThat(rowsLeft).isZero();
            // the card number the old rows held is in no ledger table now: blocks and balances hold its token
            String balances = harness.db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM ledger_balance").mapToMap().list().toString());
            assertThat(balances).doesNotContain(PAN).contains(harness.masterKey.panTokens().token(PAN));
            List<byte[]> bodies = harness.db.jdbi().withHandle(h -> h.createQuery("SELECT body FROM ledger_block").mapTo(byte[].class).list());
            assertThat(bodies).isNotEmpty().allSatisfy(b -> assertThat(new String(b, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(PAN));
            harness.host.close();
            List<JournalEntry> carried = new ArrayList<>();
            try (FileJournal journal = new FileJournal(harness.config.journalDir(), 1,
                    org.posnet.host.journal.RecordCipher.openOrCreate(harness.config.journalDir(), harness.masterKey))) {
                journal.replay(carried::add);
            }
            assertThat(carried).usingRecursiveFieldByFieldElementComparator().isEqualTo(entries);
            // copied into the (encrypted) files, the table's rows with their clear card numbers are gone
            long legacyRows = harness.db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM host_journal").mapTo(Long.class).one());
            assertThat(legacyRows).isZero();
            harness.start(); // a second start imports nothing more: the journal is no longer empty
            assertThat(harness.balanceFen(PAN)).isEqualTo(balance);
        }
    }
}
