package org.posnet.host.journal;

import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.posnet.common.db.Database;
import org.posnet.common.db.DatabaseVendor;
import org.posnet.host.auth.Journal;
import org.posnet.host.auth.JournalEntry;
import org.posnet.host.auth.Reason;
import org.posnet.host.auth.TxnType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal as the {@code host_journal} table, written with group commit: one writer thread takes
 * whatever entries are waiting (up to {@code maxBatch}), inserts them as one JDBC batch in one
 * transaction, commits, and only then completes their futures. Many replies share one commit (one WAL
 * fsync on PostgreSQL), so durability costs a commit per batch, not per sale. Entries are inserted in
 * the order they were appended, so a durable entry implies every earlier one is durable.
 *
 * <p>A failed commit fails its batch and every later append: the in-memory state already holds those
 * entries, so the host must stop (answer 96) until a restart rebuilds state from what is durable.
 */
public final class DatabaseJournal implements Journal {
    private static final Logger log = LoggerFactory.getLogger(DatabaseJournal.class);
    private static final String COLUMNS = "seq, at, txn_type, reason, response_code, terminal_id, merchant_id, mti, batch,"
            + " trace, pan, amount_fen, rrn, auth_code, original_seq, pin_tries, fingerprint, detail";

    private record Pending(JournalEntry entry, CompletableFuture<Void> durable) {
    }

    private final Database db;
    private final int maxBatch;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean failed;
    private volatile boolean closed;
    private volatile long commits;
    private volatile long written;
    private volatile Consumer<List<JournalEntry>> onDurable = entries -> { };

    public DatabaseJournal(Database db, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be positive");
        }
        this.db = db;
        this.maxBatch = maxBatch;
        if (db.vendor() == DatabaseVendor.H2) {
            // H2 (MVStore) otherwise writes a commit to its file up to WRITE_DELAY (500 ms) later: a kill -9 in
            // that window loses journal rows whose approvals already left. 0 = written at commit (to the OS).
            try {
                db.jdbi().useHandle(h -> h.execute("SET WRITE_DELAY 0"));
            } catch (RuntimeException e) {
                log.warn("event=host.journal.write_delay_not_set error=\"{}\" advice=\"open the H2 database as its admin user,"
                        + " or approvals made just before a crash may be lost\"", e.toString());
            }
        }
        this.writer = new Thread(this::writeLoop, "host-journal-writer");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public CompletableFuture<Void> append(JournalEntry entry) {
        CompletableFuture<Void> durable = new CompletableFuture<>();
        if (failed || closed) {
            durable.completeExceptionally(new IllegalStateException(closed ? "journal closed" : "journal failed earlier"));
            return durable;
        }
        queue.add(new Pending(entry, durable));
        return durable;
    }

    /**
     * Called on the writer thread with each group of entries just committed, in seq order, just before their
     * replies are released; it must only hand them on (the ledger queues them), not work. Set before appending.
     */
    public void onDurable(Consumer<List<JournalEntry>> listener) {
        this.onDurable = listener;
    }

    @Override
    public boolean failed() {
        return failed;
    }

    /** Commits made so far (each carries one or more entries). */
    public long commits() {
        return commits;
    }

    public long written() {
        return written;
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (!closed || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                batch.clear();
            }
        }
        Pending left;
        while ((left = queue.poll()) != null) {
            left.durable.completeExceptionally(new IllegalStateException("journal closed"));
        }
    }

    private void write(List<Pending> batch) {
        if (failed) {
            batch.forEach(p -> p.durable.completeExceptionally(new IllegalStateException("journal failed earlier")));
            return;
        }
        try {
            db.jdbi().useTransaction(h -> {
                PreparedBatch insert = h.prepareBatch("INSERT INTO host_journal (" + COLUMNS + ") VALUES (:seq, :at, :type,"
                        + " :reason, :code, :terminal, :merchant, :mti, :batch, :trace, :pan, :amount, :rrn, :authCode,"
                        + " :originalSeq, :pinTries, :fingerprint, :detail)");
                for (Pending p : batch) {
                    JournalEntry e = p.entry;
                    insert.bind("seq", e.seq())
                            .bind("at", OffsetDateTime.ofInstant(e.at(), ZoneOffset.UTC))
                            .bind("type", e.type().name())
                            .bind("reason", e.reason().name())
                            .bind("code", e.responseCode())
                            .bind("terminal", e.terminal())
                            .bind("merchant", e.merchant())
                            .bind("mti", e.mti())
                            .bind("batch", e.batch())
                            .bind("trace", e.trace())
                            .bind("pan", e.pan())
                            .bind("amount", e.amountFen())
                            .bind("rrn", e.rrn())
                            .bind("authCode", e.authCode())
                            .bind("originalSeq", e.originalSeq())
                            .bind("pinTries", e.pinTries())
                            .bind("fingerprint", e.fingerprint())
                            .bind("detail", e.detail())
                            .add();
                }
                insert.execute();
            });
            commits++;
            written += batch.size();
        } catch (RuntimeException e) {
            fail(batch, e);
            return;
        }
        try {
            // before the replies are released: whatever a terminal has seen approved is already queued for
            // the ledger, so a cutover made after that approval includes it
            onDurable.accept(batch.stream().map(Pending::entry).toList());
        } catch (RuntimeException e) {
            log.error("event=host.journal.listener_failed first_seq={} error=\"{}\"", batch.get(0).entry.seq(), e.toString());
        }
        batch.forEach(p -> p.durable.complete(null));
    }

    private void fail(List<Pending> batch, RuntimeException e) {
        failed = true;
        log.error("event=host.journal.write_failed entries={} first_seq={} error=\"{}\" advice=\"host answers 96 until"
                + " restarted; check the database\"", batch.size(), batch.get(0).entry.seq(), e.toString());
        batch.forEach(p -> p.durable.completeExceptionally(e));
    }

    @Override
    public void replay(Consumer<JournalEntry> consumer) {
        db.jdbi().useTransaction(h -> {
            try (var rows = h.createQuery("SELECT " + COLUMNS + " FROM host_journal ORDER BY seq")
                    .setFetchSize(2000)
                    .map((rs, ctx) -> new JournalEntry(rs.getLong("seq"), readInstant(rs.getObject("at")),
                            TxnType.valueOf(rs.getString("txn_type")), Reason.valueOf(rs.getString("reason")),
                            rs.getString("response_code"), rs.getString("terminal_id"), rs.getString("merchant_id"),
                            rs.getString("mti"), rs.getString("batch"), rs.getString("trace"), rs.getString("pan"),
                            rs.getLong("amount_fen"), rs.getString("rrn"), rs.getString("auth_code"), rs.getLong("original_seq"),
                            rs.getInt("pin_tries"), rs.getString("fingerprint"), rs.getString("detail")))
                    .stream()) {
                rows.forEach(consumer);
            }
        });
    }

    private static java.time.Instant readInstant(Object value) {
        if (value instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (value instanceof Timestamp ts) {
            return ts.toInstant();
        }
        if (value instanceof java.time.Instant i) {
            return i;
        }
        throw new IllegalStateException("unexpected type for host_journal.at: " + value.getClass().getName());
    }

    /** Writes what is queued, then stops the writer. */
    @Override
    public void close() {
        closed = true;
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
