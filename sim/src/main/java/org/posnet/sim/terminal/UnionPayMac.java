package org.posnet.sim.terminal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The "UnionPay ECB MAC" of cup-8583.md, written for the terminal apart from the host's HSM so each
 * checks the other: XOR the MAC block in 8-byte blocks, expand to 16 hex chars, encrypt the first 8,
 * XOR the last 8, encrypt again, expand, keep the first 8 chars.
 */
public final class UnionPayMac {
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private UnionPayMac() {
    }

    public static byte[] of(DesKey mak, byte[] macBlock) {
        byte[] x = new byte[8];
        for (int i = 0; i < macBlock.length; i++) {
            x[i & 7] ^= macBlock[i];
        }
        byte[] h = hex(x);
        byte[] e1 = mak.encrypt(Arrays.copyOf(h, 8));
        for (int i = 0; i < 8; i++) {
            e1[i] ^= h[8 + i];
        }
        return Arrays.copyOf(hex(mak.encrypt(e1)), 8);
    }

    private static byte[] hex(byte[] b) {
        byte[] out = new byte[b.length * 2];
        for (int i = 0; i < b.length; i++) {
            out[2 * i] = HEX[(b[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX[b[i] & 0xF];
        }
        return out;
    }
}
