package org.posnet.host.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.posnet.host.auth.JournalEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts durable journal entries on its own thread, so the journal's group commit (and so every reply)
 * never waits for the ledger. Work is taken in arrival order: batches of entries and operator tasks such
 * as a cutover, which therefore see exactly the entries that came before them. The journal does not wake the
 * thread for each group it hands over: the thread looks every {@link #PAUSE_NANOS} and takes everything that
 * came (a task wakes it at once), so a busy second costs a few wake-ups, not one per group. Postings are stored in
 * large group commits (at most every {@link #SAVE_INTERVAL_NANOS} or {@link #SAVE_ENTRIES}); a failed
 * store keeps them and tries again (the journal stays the truth, and a
 * restart re-posts from the stored cursor anyway).
 */
final class LedgerPoster implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LedgerPoster.class);

    private record Task<T>(Supplier<T> work, CompletableFuture<T> done) {
    }

    /** Postings stored once this many are waiting, or once this long has passed since the last store. */
    private static final int SAVE_ENTRIES = 20_000;
    private static final long SAVE_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    /** How long the thread sleeps once the queue is empty: nothing but a task waits for a posting, and a task wakes it. */
    private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final Books books;
    private final LedgerStore store;
    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    private final List<LedgerTxn> unsaved = new ArrayList<>();
    private final Thread thread;
    private long lastSave = System.nanoTime();
    private volatile boolean closed;
    private volatile String stopped;
    private long savedThrough;

    LedgerPoster(Books books, LedgerStore store, String stoppedInReplay) {
        this.stopped = stoppedInReplay;
        this.books = books;
        this.store = store;
        this.savedThrough = books.lastSeq();
        this.thread = new Thread(this::run, "host-ledger-poster");
        thread.setDaemon(true);
        thread.start();
    }

    /** Entries the journal just made durable, in seq order. */
    void post(List<JournalEntry> durable) {
        if (!closed) {
            queue.add(List.copyOf(durable));
        }
    }

    /** Runs on the poster thread after everything queued before it is posted and stored. */
    <T> CompletableFuture<T> submit(Supplier<T> work) {
        CompletableFuture<T> done = new CompletableFuture<>();
        if (closed) {
            done.completeExceptionally(new IllegalStateException("ledger closed"));
        } else {
            queue.add(new Task<>(work, done));
            LockSupport.unpark(thread);
        }
        return done;
    }

    private void run() {
        boolean quiet = false;
        while (!closed || !queue.isEmpty()) {
            Object item = queue.poll();
            if (item == null) {
                if (quiet && (!unsaved.isEmpty() || books.lastSeq() != savedThrough)) {
                    save(); // a whole pause without entries: store what is pending (or retry after a failed store)
                }
                quiet = true;
                LockSupport.parkNanos(this, PAUSE_NANOS);
                if (Thread.interrupted()) {
                    break;
                }
                continue;
            }
            quiet = false;
            if (item instanceof Task<?> task) {
                runTask(task);
            } else {
                List<?> entries = (List<?>) item;
                for (int i = 0, n = entries.size(); i < n && stopped == null; i++) {
                    post((JournalEntry) entries.get(i));
                }
            }
            // Stored in large groups: each commit rewrites the tables' touched pages, so storing every
            // journal group (a few entries under load) costs many times the rows themselves. Nothing
            // waits for this store: the journal is the record, and a restart re-posts above the cursor.
            if (unsaved.size() >= SAVE_ENTRIES || System.nanoTime() - lastSave >= SAVE_INTERVAL_NANOS) {
                save();
            }
        }
        save();
    }

    /**
     * A posting the rules cannot make is a bug, not a reason to stop authorizing: the ledger stops at that
     * seq (so nothing after it is posted out of order), says so, and a fixed build re-posts from there.
     */
    private void post(JournalEntry e) {
        try {
            LedgerTxn t = books.post(e);
            if (t != null) {
                unsaved.add(t);
            }
        } catch (RuntimeException ex) {
            stopped = "ledger stopped before journal seq " + e.seq() + ": " + ex;
            log.error("event=host.ledger.stopped seq={} error=\"{}\" advice=\"authorization goes on; fix and restart:"
                    + " the ledger re-posts from its cursor\"", e.seq(), ex.toString());
        }
    }

    private <T> void runTask(Task<T> task) {
        try {
            if (stopped != null) {
                throw new IllegalStateException(stopped);
            }
            if (!save()) {
                throw new IllegalStateException("ledger postings could not be stored; see host.ledger.store_failed");
            }
            task.done().complete(task.work().get());
        } catch (RuntimeException e) {
            task.done().completeExceptionally(e);
        }
    }

    private boolean save() {
        lastSave = System.nanoTime();
        long through = books.lastSeq();
        if (unsaved.isEmpty() && through == savedThrough) {
            return true;
        }
        try {
            store.save(unsaved, through);
            unsaved.clear();
            savedThrough = through;
            return true;
        } catch (RuntimeException e) {
            log.error("event=host.ledger.store_failed pending={} through_seq={} error=\"{}\" advice=\"retried; the journal"
                    + " keeps the facts and a restart re-posts from the stored cursor\"", unsaved.size(), through, e.toString());
            return false;
        }
    }

    /** Posts and stores what is queued, then stops. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
