package org.posnet.host.iso;

/**
 * The one way decoding fails: malformed bytes of any kind end here, naming the field and the byte
 * offset (from the start of what was handed to the codec). Checked, so the channel must decide what the
 * protocol answers (format error 30, or close); no stack trace, because bad input is routine.
 */
public final class IsoDecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    /** {@link #field()} for the length prefix, TPDU or header. */
    public static final int FRAME = -1;
    /** {@link #field()} for the MTI. */
    public static final int MTI = 0;
    /** {@link #field()} for the primary or secondary bitmap. */
    public static final int BITMAP = 1;

    private final int field;
    private final int offset;

    public IsoDecodeException(int field, int offset, String reason) {
        super(where(field) + " at offset " + offset + ": " + reason, null, false, false);
        this.field = field;
        this.offset = offset;
    }

    private static String where(int field) {
        return switch (field) {
            case FRAME -> "frame";
            case MTI -> "MTI";
            case BITMAP -> "bitmap";
            default -> "field " + field;
        };
    }

    /** The field number, or {@link #FRAME}, {@link #MTI}, {@link #BITMAP}. */
    public int field() {
        return field;
    }

    public int offset() {
        return offset;
    }
}
