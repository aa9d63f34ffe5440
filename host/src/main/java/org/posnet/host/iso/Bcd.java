package org.posnet.host.iso;

/** Nibble packing shared by the codec and the header; strings use upper-case hex for non-digit nibbles. */
final class Bcd {

    private static final char[] NIBBLE = "0123456789ABCDEF".toCharArray();

    private Bcd() {
    }

    static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Nibble value of a character, or -1 when it is not an upper-case hex digit. */
    static int nibble(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    static char character(int nibble) {
        return NIBBLE[nibble & 0xF];
    }

    /** Packs already-validated nibble characters, placing the filler per {@code padding}. */
    static byte[] pack(String s, Padding padding) {
        int n = s.length();
        byte[] out = new byte[(n + 1) / 2];
        boolean odd = (n & 1) == 1;
        int shift = odd && padding.side() == Padding.Side.LEFT ? 1 : 0;
        if (odd) {
            if (padding.side() == Padding.Side.LEFT) {
                out[0] = (byte) (padding.nibble() << 4);
            } else {
                out[out.length - 1] = (byte) padding.nibble();
            }
        }
        for (int i = 0; i < n; i++) {
            int pos = i + shift;
            int v = nibble(s.charAt(i));
            out[pos >> 1] |= (byte) ((pos & 1) == 0 ? v << 4 : v);
        }
        return out;
    }

    /** Packs exactly two digits per byte, for the MTI, header and BCD length prefixes. */
    static byte[] packDigits(int value, int digits) {
        byte[] out = new byte[(digits + 1) / 2];
        for (int i = out.length - 1; i >= 0; i--) {
            int lo = value % 10;
            value /= 10;
            int hi = value % 10;
            value /= 10;
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
    }
}
