package org.posnet.host.auth;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Where the host's facts become durable. Appends are made in seq order (under the state lock) and made
 * durable in that order, so when one entry is durable every earlier one is too: a reply that waited for
 * its own entry never reflects state that a crash could lose.
 */
public interface Journal extends AutoCloseable {

    /** Completes when the entry is durable; completes exceptionally when it cannot be made so. */
    CompletableFuture<Void> append(JournalEntry entry);

    /** Every durable entry in seq order, for the restart. */
    void replay(Consumer<JournalEntry> consumer);

    /**
     * Completes once the entry with this seq (appended earlier) and every one before it are durable;
     * exceptionally when the journal fails first.
     */
    CompletableFuture<Void> durable(long seq);

    /** The durable entry with this seq, read back (to repeat an answer); null when there is none. */
    JournalEntry read(long seq);

    /** True once a write failed: the host then stops answering anything but 96 until restarted. */
    boolean failed();

    @Override
    void close();
}
