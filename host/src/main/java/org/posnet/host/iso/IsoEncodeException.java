package org.posnet.host.iso;

/**
 * A message our own code built does not fit the dialect (too long, wrong characters, undefined field).
 * Unchecked: it is a bug or bad data upstream, not a peer's fault. Names the field, never its value.
 */
public final class IsoEncodeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int field;

    public IsoEncodeException(int field, String reason) {
        super((field == IsoDecodeException.MTI ? "MTI" : field == IsoDecodeException.FRAME ? "frame" : "field " + field)
                + ": " + reason);
        this.field = field;
    }

    public int field() {
        return field;
    }
}
