package org.posnet.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.posnet.host.HostHarness.MERCHANT;
import static org.posnet.host.HostHarness.PAN;
import static org.posnet.host.HostHarness.PIN;
import static org.posnet.host.HostHarness.TERMINAL;
import static org.posnet.host.HostHarness.TMK;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.Test;
import org.posnet.common.db.TestDatabases;
import org.slf4j.LoggerFactory;

/**
 * DESIGN.md §5: clear PINs and keys exist only inside the HSM. After a sign-on, a sale, a wrong PIN and a
 * bad MAC, neither the logs, nor any row of the database, nor any event holds the clear PIN, the clear
 * TMK or working keys, the PIN block, or the full PAN (in logs, events and the journal, which is encrypted).
 */
class SecrecyTest {

    @Test
    void clearPinsAndKeys_neverInLogsDatabaseOrEvents() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        // the per-transaction line is DEBUG since db1d793; it must still be scanned for secrets
        Logger txnLog = (Logger) LoggerFactory.getLogger("org.posnet.host.txn");
        ch.qos.logback.classic.Level txnLevel = txnLog.getLevel();
        txnLog.setLevel(ch.qos.logback.classic.Level.DEBUG);
        List<String> secrets = new ArrayList<>();
        try (var tdb = TestDatabases.h2(); HostHarness harness = new HostHarness(tdb);
                JposTerminal pos = new JposTerminal(harness.port(), TERMINAL, MERCHANT, TMK)) {
            pos.signOn("004");
            ISOMsg sale = pos.message("0200");
            sale.set(2, PAN);
            sale.set(3, "000000");
            sale.set(4, "000000001000");
            sale.set(22, "021");
            sale.set(52, pos.pinBlock(PIN, PAN));
            sale.set(60, "22" + pos.batch + "000");
            assertThat(pos.send(sale).getString(39)).isEqualTo("00");
            ISOMsg wrong = (ISOMsg) sale.clone();
            wrong.set(11, pos.nextTrace());
            wrong.set(52, pos.pinBlock("135790", PAN));
            assertThat(pos.send(wrong).getString(39)).isEqualTo("55");
            ISOMsg badMac = (ISOMsg) sale.clone();
            badMac.set(11, pos.nextTrace());
            badMac.set(64, new byte[8]);
            assertThat(pos.exchange(badMac).getString(39)).isEqualTo("A0");

            secrets.addAll(List.of(PIN, "135790", TMK, TerminalCrypto.hex(pos.keys.pik()), TerminalCrypto.hex(pos.keys.mak()),
                    TerminalCrypto.hex(pos.keys.tdk()), TerminalCrypto.hex(pos.pinBlock(PIN, PAN))));
            secrets.replaceAll(s -> s.toUpperCase());

            StringBuilder database = new StringBuilder();
            // the journal files: as text (its strings are UTF-8) and as hex (a raw key's bytes would show there);
            // encrypted, so not even the card number is there
            StringBuilder journal = new StringBuilder();
            try (var files = java.nio.file.Files.list(harness.config.journalDir())) {
                for (java.nio.file.Path f : files.toList()) {
                    byte[] bytes = java.nio.file.Files.readAllBytes(f);
                    journal.append(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1)).append('\n')
                            .append(TerminalCrypto.hex(bytes)).append('\n');
                }
            }
            assertThat(journal.length()).as("the journal has the sales").isGreaterThan(1_000);
            assertThat(journal.toString()).as("journal").doesNotContain(PAN).doesNotContain("SALE").doesNotContain(TERMINAL);
            database.append(journal);
            for (String table : List.of("card", "terminal")) {
                harness.db.jdbi().useHandle(h -> h.createQuery("SELECT * FROM " + table).mapToMap().forEach(row ->
                        row.values().forEach(v -> database.append(v).append('\n'))));
            }
            assertThat(database.toString()).contains(TERMINAL);
            // no table holds the card number either (PCI DSS 3.5.1): the card and the ledger keep its token
            harness.host.ledger().flush();
            StringBuilder everyTable = new StringBuilder();
            harness.db.jdbi().useHandle(h -> {
                List<String> tables = h.createQuery("SELECT table_name FROM information_schema.tables"
                        + " WHERE LOWER(table_schema) = 'public' AND table_type IN ('BASE TABLE', 'TABLE')").mapTo(String.class).list();
                assertThat(tables).as("tables").hasSizeGreaterThan(10);
                for (String table : tables) {
                    h.createQuery("SELECT * FROM " + table).mapToMap().forEach(row -> row.values().forEach(v -> everyTable
                            .append(v instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.ISO_8859_1) : v)
                            .append('\n')));
                }
            });
            assertThat(everyTable.toString()).as("every table").contains(harness.masterKey.panTokens().token(PAN))
                    .doesNotContain(PAN).doesNotContain(HostHarness.SETTLEMENT_ACCOUNT);
            for (String secret : secrets) {
                assertThat(database.toString().toUpperCase()).as("database").doesNotContain(secret);
            }

            StringBuilder logText = new StringBuilder();
            for (ILoggingEvent e : logs.list) {
                logText.append(e.getFormattedMessage()).append('\n');
                if (e.getThrowableProxy() != null) {
                    logText.append(ThrowableProxyUtil.asString(e.getThrowableProxy())).append('\n');
                }
            }
            assertThat(logText.toString()).contains("event=host.txn");
            for (String secret : secrets) {
                assertThat(logText.toString().toUpperCase()).as("logs").doesNotContain(secret);
            }
            assertThat(logText.toString()).doesNotContain(PAN);

            assertThat(harness.published).isNotEmpty();
            for (var event : harness.published) {
                String text = event.payload().toString().toUpperCase();
                for (String secret : secrets) {
                    assertThat(text).as("event " + event.type()).doesNotContain(secret);
                }
                assertThat(text).doesNotContain(PAN);
                assertThat(event.payload()).isInstanceOf(Map.class);
            }
        } finally {
            root.detachAppender(logs);
            txnLog.setLevel(txnLevel);
        }
    }
}
