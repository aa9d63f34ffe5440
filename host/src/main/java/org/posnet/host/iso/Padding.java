package org.posnet.host.iso;

/**
 * Where the filler nibble of an odd digit count goes and what it is. UnionPay left-aligns and pads on
 * the right with 0 (field 22 {@code 021} → {@code 02 10}); some banks pad with F, or right-align.
 */
public record Padding(Side side, int nibble) {

    public enum Side { LEFT, RIGHT }

    public static final Padding RIGHT_0 = new Padding(Side.RIGHT, 0x0);

    public Padding {
        if (side == null) {
            throw new IllegalArgumentException("padding side is required");
        }
        if (nibble != 0x0 && nibble != 0xF) {
            throw new IllegalArgumentException("padding nibble must be 0 or F");
        }
    }

    /** Parses the dialect-file spelling: {@code right-0}, {@code right-F}, {@code left-0}, {@code left-F}. */
    static Padding parse(String text) {
        if (text == null) {
            return null;
        }
        return switch (text.trim().toUpperCase(java.util.Locale.ROOT)) {
            case "RIGHT-0" -> RIGHT_0;
            case "RIGHT-F" -> new Padding(Side.RIGHT, 0xF);
            case "LEFT-0" -> new Padding(Side.LEFT, 0x0);
            case "LEFT-F" -> new Padding(Side.LEFT, 0xF);
            default -> null;
        };
    }

    @Override
    public String toString() {
        return side.name().toLowerCase(java.util.Locale.ROOT) + "-" + Integer.toHexString(nibble).toUpperCase(java.util.Locale.ROOT);
    }
}
