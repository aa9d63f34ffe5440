package org.posnet.host.ledger;

import java.util.List;

/**
 * The store's package-private side for tests outside the package, which simulate what cannot be done
 * through the host: a crash between a journal commit and the ledger's save, or an operator rebuilding the
 * ledger from the journal.
 */
public final class LedgerStoreAccess {
    private LedgerStoreAccess() {
    }

    /** Forgets every stored posting and sets the cursor to 0 (cutovers kept). */
    public static void clear(LedgerStore store) {
        store.clear();
    }

    /** Stores transactions and moves the cursor, as the poster does. */
    public static void save(LedgerStore store, List<LedgerTxn> txns, long throughSeq) {
        store.save(txns, throughSeq);
    }
}
