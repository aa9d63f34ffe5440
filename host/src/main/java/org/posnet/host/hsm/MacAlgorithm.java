package org.posnet.host.hsm;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * How field 64 is computed, chosen per terminal. Every algorithm yields 8 bytes. The input is the MAC
 * block (MTI through field 63; see {@code IsoCodec.macBlock}).
 */
public enum MacAlgorithm {

    /**
     * UnionPay "ECB MAC", the default: XOR the block in 8-byte pieces (last one zero-padded), expand the
     * 8 bytes to 16 upper-case hex characters, encrypt the first 8 characters with the MAK, XOR with the
     * last 8, encrypt again, expand to hex; the MAC is the first 8 characters as ASCII bytes. DES for a
     * single-length MAK, 3DES for a double-length one.
     */
    UNIONPAY_ECB {
        @Override
        void compute(OpenKey mak, byte[] data, byte[] work) throws HsmException {
            if (!mak.scheme.isDesFamily()) {
                throw new HsmException(HsmError.KEY_SCHEME, "UnionPay ECB MAC needs a DES or 3DES MAK; use SM4_UNIONPAY for SM4");
            }
            long folded = fold(data, 0, 8);
            LONG.set(work, 0, hex(folded >>> 32));
            mak.encryptBlock(work, 0);
            LONG.set(work, 0, (long) LONG.get(work, 0) ^ hex(folded));
            mak.encryptBlock(work, 0);
            LONG.set(work, 0, hex((long) LONG.get(work, 0) >>> 32));
        }
    },

    /** ANSI X9.9: single-DES CBC, zero IV, zero padding. A double-length MAK contributes its left half. */
    X9_9 {
        @Override
        void compute(OpenKey mak, byte[] data, byte[] work) throws HsmException {
            if (!mak.scheme.isDesFamily()) {
                throw new HsmException(HsmError.KEY_SCHEME, "X9.9 needs a DES or 3DES MAK");
            }
            long chain = 0;
            int at = 0;
            do {
                LONG.set(work, 0, chain ^ piece(data, at));
                mak.encryptLeftBlock(work, 0);
                chain = (long) LONG.get(work, 0);
                at += 8;
            } while (at < data.length);
        }
    },

    /**
     * ANSI X9.19 = ISO 9797-1 MAC algorithm 3 ("retail MAC"): DES CBC with K1, then the last block
     * decrypted with K2 and encrypted with K1. Zero padding. Needs a double- or triple-length MAK.
     */
    X9_19 {
        @Override
        void compute(OpenKey mak, byte[] data, byte[] work) throws HsmException {
            if (mak.scheme != KeyScheme.TDES_2KEY && mak.scheme != KeyScheme.TDES_3KEY) {
                throw new HsmException(HsmError.KEY_SCHEME, "X9.19 needs a double- or triple-length 3DES MAK");
            }
            long chain = 0;
            for (int at = 0;; at += 8) {
                LONG.set(work, 0, chain ^ piece(data, at));
                if (at + 8 >= data.length) {
                    // the last block: K1 then K2 decrypt then K3 (= K1 for a double-length key) is one 3DES encryption
                    mak.encryptBlock(work, 0);
                    return;
                }
                mak.encryptLeftBlock(work, 0);
                chain = (long) LONG.get(work, 0);
            }
        }
    },

    /**
     * The UnionPay ECB scheme with SM4: 16-byte pieces, 32 hex characters, SM4 encryptions of 16 bytes;
     * the MAC is the first 8 hex characters of the final result, as ASCII bytes.
     */
    SM4_UNIONPAY {
        @Override
        void compute(OpenKey mak, byte[] data, byte[] work) throws HsmException {
            if (mak.scheme != KeyScheme.SM4) {
                throw new HsmException(HsmError.KEY_SCHEME, "the SM4 MAC needs an SM4 MAK");
            }
            long left = fold(data, 0, 16);
            long right = fold(data, 8, 16);
            LONG.set(work, 0, hex(left >>> 32));
            LONG.set(work, 8, hex(left));
            mak.encryptBlock(work, 0);
            LONG.set(work, 0, (long) LONG.get(work, 0) ^ hex(right >>> 32));
            LONG.set(work, 8, (long) LONG.get(work, 8) ^ hex(right));
            mak.encryptBlock(work, 0);
            LONG.set(work, 0, hex((long) LONG.get(work, 0) >>> 32));
        }
    };

    /** Bytes of a work buffer {@link #compute} needs: one block of the widest cipher (SM4). */
    static final int WORK_BYTES = 16;

    /**
     * Computes the MAC of {@code data} into {@code work[0..8)}; {@code work} has {@link #WORK_BYTES} and
     * is scratch beyond the MAC.
     */
    abstract void compute(OpenKey mak, byte[] data, byte[] work) throws HsmException;

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /**
     * The UnionPay XOR of 8-byte pieces (the last zero-padded) taken every {@code stride} bytes from
     * {@code from}: with stride 8 the whole 8-byte fold, with stride 16 one half of the 16-byte fold.
     */
    private static long fold(byte[] data, int from, int stride) {
        long folded = 0;
        int at = from;
        for (; at + 8 <= data.length; at += stride) {
            folded ^= (long) LONG.get(data, at);
        }
        return folded ^ piece(data, at);
    }

    /** The 8 bytes at {@code at} as a big-endian long, zero-padded past the end of {@code data}. */
    private static long piece(byte[] data, int at) {
        if (at + 8 <= data.length) {
            return (long) LONG.get(data, at);
        }
        long v = 0;
        for (int i = at; i < data.length; i++) {
            v |= (data[i] & 0xFFL) << (56 - 8 * (i - at));
        }
        return v;
    }

    /** The low 4 bytes of {@code v} as 8 upper-case hex characters (ASCII), as a big-endian long. */
    static long hex(long v) {
        long n = v & 0xFFFFFFFFL;
        // one nibble per byte, most significant first
        n = (n | (n << 16)) & 0x0000FFFF0000FFFFL;
        n = (n | (n << 8)) & 0x00FF00FF00FF00FFL;
        n = (n | (n << 4)) & 0x0F0F0F0F0F0F0F0FL;
        // '0' + n, plus 7 more where n >= 10 (n + 6 carries into bit 4) to land on 'A'
        long letters = ((n + 0x0606060606060606L) >>> 4) & 0x0101010101010101L;
        return n + 0x3030303030303030L + letters * 7;
    }
}
