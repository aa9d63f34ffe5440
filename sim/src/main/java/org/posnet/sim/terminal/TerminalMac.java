package org.posnet.sim.terminal;

/** The MAC algorithms a 3DES terminal may be provisioned with (fleet file {@code keys.mac}); the host's names. */
public enum TerminalMac {
    UNIONPAY_ECB, X9_9, X9_19;

    /** The fleet file's value; absent, UnionPay ECB (the host's default {@code policy.mac}). */
    public static TerminalMac parse(String name) {
        return name == null ? UNIONPAY_ECB : valueOf(name);
    }
}
