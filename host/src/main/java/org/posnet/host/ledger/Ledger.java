package org.posnet.host.ledger;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.posnet.common.crypto.PanTokens;
import org.posnet.common.db.Database;
import org.posnet.host.auth.JournalEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's double-entry ledger, derived from the durable journal. On start it loads what was stored
 * and posts every journal entry above the stored cursor ({@link #replay}); live, it is handed each group
 * of entries the journal made durable ({@link #post}). Either way an entry is posted once: the books skip
 * seqs they have, the store's key refuses a second copy. Operators close days with {@link #cutover} and
 * check the invariant with {@link #check}; settlement and reserve figures read the stored books
 * ({@link SettlementReport}, {@link SettlementFile}, {@link ReserveFigures}).
 */
public final class Ledger implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Ledger.class);
    private static final int REPLAY_CHUNK = 5_000;

    private final Books books;
    private final LedgerStore store;
    private final Clock clock;
    private final List<LedgerTxn> replayed = new ArrayList<>();
    private String replayStopped;
    private LedgerPoster poster;

    private Ledger(Books books, LedgerStore store, Clock clock) {
        this.books = books;
        this.store = store;
        this.clock = clock;
    }

    /**
     * The stored books, ready to {@link #replay} the journal; business days in {@code zone}; cardholder accounts
     * by their cards' {@code tokens} (those an older version stored by number are tokenized here, once).
     */
    public static Ledger load(Database db, MdrTable mdr, MerchantDirectory merchants, ZoneId zone, PanTokens tokens,
            Clock clock) {
        Books books = new Books(mdr, merchants, zone, tokens);
        LedgerStore store = new LedgerStore(db);
        store.upgrade();
        store.tokenizeCardholders(tokens);
        store.loadInto(books);
        books.olderTxnsFrom(store::txn);
        return new Ledger(books, store, clock);
    }

    /** Before {@link #start}: one journal entry as replayed on start (those already posted are skipped). */
    public void replay(JournalEntry e) {
        if (replayStopped != null) {
            return;
        }
        LedgerTxn t;
        try {
            t = books.post(e);
        } catch (RuntimeException ex) {
            // as live (LedgerPoster#post): a bug in posting must not keep the host from authorizing
            replayStopped = "ledger stopped before journal seq " + e.seq() + ": " + ex;
            log.error("event=host.ledger.stopped seq={} error=\"{}\"", e.seq(), ex.toString());
            return;
        }
        if (t != null) {
            replayed.add(t);
            if (replayed.size() >= REPLAY_CHUNK) {
                store.save(replayed, t.journalSeq());
                replayed.clear();
            }
        }
    }

    /** Stores what the replay posted and starts taking live entries. */
    public void start() {
        long before = store.cursor();
        store.save(replayed, books.lastSeq());
        log.info("event=host.ledger_replayed posted_from_seq={} through_seq={} closed_through={}", before, books.lastSeq(),
                books.lastCutover() == null ? "-" : books.lastCutover().businessDate());
        replayed.clear();
        poster = new LedgerPoster(books, store, replayStopped);
    }

    /** Entries the journal made durable, in seq order (the journal's listener). */
    public void post(List<JournalEntry> durable) {
        poster.post(durable);
    }

    /**
     * 日切: closes {@code date} (and any open day before it). Everything the ledger was handed before this
     * call belongs to the closed day or earlier; anything later goes to the next open day. Returns when
     * the cutover is stored. Refused (IllegalStateException) for a day already closed.
     */
    public Cutover cutover(LocalDate date) {
        Cutover c = onPoster(() -> {
            Cutover made = books.cutover(date, clock.instant());
            store.saveCutover(made);
            books.addCutover(made);
            return made;
        });
        BalanceCheck check = store.check();
        log.info("event=host.ledger.cutover business_date={} through_seq={} balanced={}", c.businessDate(), c.throughSeq(),
                check.balanced());
        if (!check.balanced()) {
            log.error("event=host.ledger.unbalanced {}", check);
        }
        return c;
    }

    /**
     * Waits until everything handed to the ledger so far is posted and stored.
     *
     * @throws IllegalStateException when the ledger stopped posting (see {@code host.ledger.stopped})
     */
    public void flush() {
        onPoster(() -> Boolean.TRUE);
    }

    /** The invariant over the stored ledger, after a flush: what operators and tests run. */
    public BalanceCheck check() {
        flush();
        BalanceCheck stored = store.check();
        if (!stored.balanced()) {
            log.error("event=host.ledger.unbalanced {}", stored);
        }
        return stored;
    }

    public Books books() {
        return books;
    }

    public LedgerStore store() {
        return store;
    }

    private <T> T onPoster(java.util.function.Supplier<T> work) {
        try {
            return poster.submit(work).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** Posts and stores what is queued, then stops. */
    @Override
    public void close() {
        if (poster != null) {
            poster.close();
        }
    }
}
