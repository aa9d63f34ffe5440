package org.posnet.host.journal;

import java.util.concurrent.CompletableFuture;
import org.posnet.common.db.Database;
import org.posnet.common.db.SqlTimes;
import org.posnet.host.auth.JournalEntry;
import org.posnet.host.auth.Reason;
import org.posnet.host.auth.TxnType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upgrade from the journal kept in the {@code host_journal} table (before V7) to journal files: a host
 * that finds its journal directory empty and rows in that table copies them, in seq order, into the files
 * before it replays, so the history of a data directory written by an older PosNet is kept whole; then the
 * table's rows, copied, are deleted.
 */
public final class LegacyJournalImport {
    private static final Logger log = LoggerFactory.getLogger(LegacyJournalImport.class);

    private LegacyJournalImport() {
    }

    /** Copies the table's rows into an empty journal; returns how many (0 when there was nothing to do). */
    public static long importIfEmpty(Database db, FileJournal journal) {
        if (journal.durableSeq() > 0) {
            return 0;
        }
        long rows = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM host_journal").mapTo(Long.class).one());
        if (rows == 0) {
            return 0;
        }
        CompletableFuture<?>[] last = new CompletableFuture<?>[1];
        db.jdbi().useTransaction(h -> {
            try (var stream = h.createQuery("SELECT seq, at, txn_type, reason, response_code, terminal_id, merchant_id, mti,"
                            + " batch, trace, pan, amount_fen, rrn, auth_code, original_seq, pin_tries, fingerprint, detail"
                            + " FROM host_journal ORDER BY seq")
                    .setFetchSize(2000)
                    .map((rs, ctx) -> new JournalEntry(rs.getLong("seq"), SqlTimes.instant(rs.getObject("at"), "host_journal.at"),
                            TxnType.valueOf(rs.getString("txn_type")), Reason.valueOf(rs.getString("reason")),
                            rs.getString("response_code"), rs.getString("terminal_id"), rs.getString("merchant_id"),
                            rs.getString("mti"), rs.getString("batch"), rs.getString("trace"), rs.getString("pan"),
                            rs.getLong("amount_fen"), rs.getString("rrn"), rs.getString("auth_code"), rs.getLong("original_seq"),
                            rs.getInt("pin_tries"), rs.getString("fingerprint"), rs.getString("detail")))
                    .stream()) {
                stream.forEach(e -> last[0] = journal.append(e));
            }
        });
        last[0].join(); // durable in order: the last one durable means all are
        log.info("event=host.journal.imported rows={} through_seq={} from=host_journal", rows, journal.durableSeq());
        return rows;
    }

    /**
     * Deletes the rows already in the journal files (at or below their durable seq): the table held every card
     * number in clear, and the files hold the same entries encrypted. Also for a data directory whose import an
     * earlier version made and kept the table. Returns how many rows went.
     */
    public static int deleteImported(Database db, FileJournal journal) {
        long through = journal.durableSeq();
        if (through <= 0) {
            return 0;
        }
        int deleted = db.jdbi().withHandle(h -> h.createUpdate("DELETE FROM host_journal WHERE seq <= :through")
                .bind("through", through).execute());
        if (deleted > 0) {
            log.info("event=host.journal.legacy_rows_deleted rows={} through_seq={}", deleted, through);
        }
        return deleted;
    }

}
