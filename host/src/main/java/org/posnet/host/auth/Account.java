package org.posnet.host.auth;

/**
 * What the host has done to one on-us card since it was provisioned: the balance change, the open
 * pre-auth holds, the wrong-PIN count. The provisioned balance stays in the fleet's card table; the
 * balance is that plus {@link #deltaFen}. Changed only by {@link HostState#apply}.
 */
public final class Account {
    long deltaFen;
    long heldFen;
    int pinTries;
    /** When {@link #pinTries} was last set (its journal entry's time), epoch milliseconds. */
    long pinTriesAtMillis;

    public long deltaFen() {
        return deltaFen;
    }

    public long heldFen() {
        return heldFen;
    }

    public int pinTries() {
        return pinTries;
    }

    public long pinTriesAtMillis() {
        return pinTriesAtMillis;
    }
}
