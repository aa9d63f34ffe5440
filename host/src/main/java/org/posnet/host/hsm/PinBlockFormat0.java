package org.posnet.host.hsm;

import java.util.Arrays;

/**
 * ISO 9564 format 0 (ANSI X9.8): {@code 0 ‖ PIN length ‖ PIN ‖ F…} XOR {@code 0000 ‖ rightmost 12 PAN
 * digits excluding the check digit}. For 16-byte ciphers (SM4) PosNet extends both fields to 32 nibbles:
 * the PIN field keeps filling with F, the PAN field is left-filled with 0 — so the block is the 8-byte
 * one's natural widening, and the leftmost 16 nibbles of the PIN field are unchanged.
 *
 * <p>PINs travel here as digit arrays (0..9) so they can be wiped after use; never as Strings.
 */
final class PinBlockFormat0 {

    private PinBlockFormat0() {
    }

    /** The clear block, or null when the PAN has too few digits (13 needed: 12 + check digit). */
    static byte[] build(byte[] pinDigits, String pan, int blockBytes) {
        byte[] panField = panField(pan, blockBytes);
        if (panField == null) {
            return null;
        }
        int nibbles = blockBytes * 2;
        byte[] block = new byte[blockBytes];
        for (int i = 0; i < nibbles; i++) {
            int v;
            if (i == 0) {
                v = 0;
            } else if (i == 1) {
                v = pinDigits.length;
            } else if (i - 2 < pinDigits.length) {
                v = pinDigits[i - 2];
            } else {
                v = 0xF;
            }
            block[i >> 1] |= (byte) ((i & 1) == 0 ? v << 4 : v);
        }
        for (int i = 0; i < blockBytes; i++) {
            block[i] ^= panField[i];
        }
        return block;
    }

    /**
     * The PIN digits of a clear block, or null when the block is not format 0 for this PAN: control
     * nibble not 0, length outside 4..12, a non-digit, or filler other than F.
     */
    static byte[] extract(byte[] clearBlock, String pan) {
        byte[] panField = panField(pan, clearBlock.length);
        if (panField == null) {
            return null;
        }
        byte[] pinField = clearBlock.clone();
        try {
            for (int i = 0; i < pinField.length; i++) {
                pinField[i] ^= panField[i];
            }
            int control = (pinField[0] >> 4) & 0xF;
            int length = pinField[0] & 0xF;
            if (control != 0 || length < 4 || length > 12) {
                return null;
            }
            byte[] pin = new byte[length];
            for (int i = 2; i < pinField.length * 2; i++) {
                int v = (i & 1) == 0 ? (pinField[i >> 1] >> 4) & 0xF : pinField[i >> 1] & 0xF;
                if (i - 2 < length) {
                    if (v > 9) {
                        Arrays.fill(pin, (byte) 0);
                        return null;
                    }
                    pin[i - 2] = (byte) v;
                } else if (v != 0xF) {
                    Arrays.fill(pin, (byte) 0);
                    return null;
                }
            }
            return pin;
        } finally {
            Arrays.fill(pinField, (byte) 0);
        }
    }

    /** {@code 0…0 ‖ 12 PAN digits before the check digit}, or null for a PAN that is not 13..19 digits. */
    private static byte[] panField(String pan, int blockBytes) {
        if (pan == null || pan.length() < 13 || pan.length() > 19) {
            return null;
        }
        for (int i = 0; i < pan.length(); i++) {
            if (pan.charAt(i) < '0' || pan.charAt(i) > '9') {
                return null;
            }
        }
        String twelve = pan.substring(pan.length() - 13, pan.length() - 1);
        byte[] field = new byte[blockBytes];
        int start = blockBytes * 2 - 12;
        for (int i = 0; i < 12; i++) {
            int pos = start + i;
            int v = twelve.charAt(i) - '0';
            field[pos >> 1] |= (byte) ((pos & 1) == 0 ? v << 4 : v);
        }
        return field;
    }
}
