package org.posnet.sim.terminal;

/** Field 62 could not be turned into working keys the terminal trusts. */
public final class KeyCheckException extends Exception {
    public KeyCheckException(String message) {
        super(message);
    }
}
