package org.posnet.host.hsm;

/**
 * A refused HSM command. Messages say what was wrong with the request and never carry key or PIN
 * material, because they end up in logs.
 */
public final class HsmException extends Exception {
    private static final long serialVersionUID = 1L;

    private final HsmError error;

    public HsmException(HsmError error, String message) {
        super(error + ": " + message, null, false, false);
        this.error = error;
    }

    public HsmError error() {
        return error;
    }
}
