package org.posnet.host.iso;

/**
 * A dialect file that contradicts itself or cannot be read. The message names the file and the field,
 * because an operator will read it once at start and must know what to fix.
 */
public final class InvalidDialectException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidDialectException(String message) {
        super(message);
    }

    public InvalidDialectException(String message, Throwable cause) {
        super(message, cause);
    }
}
