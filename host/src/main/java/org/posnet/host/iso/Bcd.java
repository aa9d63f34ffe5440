package org.posnet.host.iso;

/** Nibble helpers shared by the codec, the message and the header; strings use upper-case hex for non-digit nibbles. */
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
}
