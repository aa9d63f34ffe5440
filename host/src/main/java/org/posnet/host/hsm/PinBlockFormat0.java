package org.posnet.host.hsm;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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

    /** The longest PIN format 0 carries. */
    static final int MAX_PIN = 12;

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

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
        byte[] digits = new byte[MAX_PIN];
        try {
            int length = extract(clearBlock, 0, clearBlock.length, pan, digits);
            return length < 0 ? null : Arrays.copyOf(digits, length);
        } finally {
            Arrays.fill(digits, (byte) 0);
        }
    }

    /**
     * {@link #extract(byte[], String)} without allocating: the PIN digits of the clear block at
     * {@code off} go to {@code pin[0..n)} ({@link #MAX_PIN} bytes at least) and n is returned, or -1
     * (with nothing left in {@code pin}) when the block is not format 0 for this PAN.
     */
    static int extract(byte[] clearBlock, int off, int blockBytes, String pan, byte[] pin) {
        long panField = panDigits(pan);
        if (panField < 0) {
            return -1;
        }
        // the PIN field as nibbles: 16 in an 8-byte block; 32 in an SM4 block, where the PAN sits in the last 8 bytes
        long left = (long) LONG.get(clearBlock, off);
        long right = 0;
        if (blockBytes == 8) {
            left ^= panField;
        } else {
            right = (long) LONG.get(clearBlock, off + 8) ^ panField;
        }
        int control = (int) (left >>> 60);
        int length = (int) (left >>> 56) & 0xF;
        if (control != 0 || length < 4 || length > MAX_PIN) {
            return -1;
        }
        int nibbles = blockBytes * 2;
        for (int i = 2; i < nibbles; i++) {
            int v = (int) ((i < 16 ? left >>> (60 - 4 * i) : right >>> (60 - 4 * (i - 16))) & 0xF);
            if (i - 2 < length) {
                if (v > 9) {
                    Arrays.fill(pin, 0, length, (byte) 0);
                    return -1;
                }
                pin[i - 2] = (byte) v;
            } else if (v != 0xF) {
                Arrays.fill(pin, 0, length, (byte) 0);
                return -1;
            }
        }
        return length;
    }

    /** {@code 0…0 ‖ 12 PAN digits before the check digit}, or null for a PAN that is not 13..19 digits. */
    private static byte[] panField(String pan, int blockBytes) {
        long digits = panDigits(pan);
        if (digits < 0) {
            return null;
        }
        byte[] field = new byte[blockBytes];
        for (int i = 0; i < 6; i++) {
            field[blockBytes - 1 - i] = (byte) (digits >>> (8 * i));
        }
        return field;
    }

    /** The 12 PAN digits before the check digit as 48 bits of nibbles, or -1 for a PAN that is not 13..19 digits. */
    private static long panDigits(String pan) {
        if (pan == null || pan.length() < 13 || pan.length() > 19) {
            return -1;
        }
        for (int i = 0; i < pan.length(); i++) {
            if (pan.charAt(i) < '0' || pan.charAt(i) > '9') {
                return -1;
            }
        }
        long field = 0;
        for (int i = pan.length() - 13; i < pan.length() - 1; i++) {
            field = field << 4 | (pan.charAt(i) - '0');
        }
        return field;
    }
}
