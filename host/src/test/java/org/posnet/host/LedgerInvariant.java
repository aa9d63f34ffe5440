package org.posnet.host;

import static org.assertj.core.api.Assertions.assertThat;

import org.posnet.host.ledger.BalanceCheck;

/**
 * The ledger's invariant, which every test that moves money calls when it ends: debits = credits overall
 * and per transaction, in the stored ledger and in memory alike, and the two agree.
 */
final class LedgerInvariant {
    private LedgerInvariant() {
    }

    static BalanceCheck assertBalanced(HostService host) {
        BalanceCheck stored = host.ledger().check();
        BalanceCheck memory = host.ledger().books().check();
        assertThat(stored.balanced()).as("stored %s", stored).isTrue();
        assertThat(memory.balanced()).as("in memory %s", memory).isTrue();
        assertThat(memory.transactions()).as("transactions in memory vs stored").isEqualTo(stored.transactions());
        assertThat(memory.debitFen()).as("debits in memory vs stored").isEqualTo(stored.debitFen());
        return stored;
    }
}
