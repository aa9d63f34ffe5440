package org.posnet.host.hsm;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.engines.DESEngine;
import org.bouncycastle.crypto.macs.CBCBlockCipherMac;
import org.bouncycastle.crypto.macs.ISO9797Alg3Mac;
import org.bouncycastle.crypto.params.KeyParameter;

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
        byte[] compute(OpenKey mak, byte[] data) throws HsmException {
            if (!mak.scheme.isDesFamily()) {
                throw new HsmException(HsmError.KEY_SCHEME, "UnionPay ECB MAC needs a DES or 3DES MAK; use SM4_UNIONPAY for SM4");
            }
            return unionPay(mak, data);
        }
    },

    /** ANSI X9.9: single-DES CBC, zero IV, zero padding. A double-length MAK contributes its left half. */
    X9_9 {
        @Override
        byte[] compute(OpenKey mak, byte[] data) throws HsmException {
            if (!mak.scheme.isDesFamily()) {
                throw new HsmException(HsmError.KEY_SCHEME, "X9.9 needs a DES or 3DES MAK");
            }
            byte[] clear = mak.clearCopy();
            byte[] left = Arrays.copyOf(clear, 8);
            Arrays.fill(clear, (byte) 0);
            try {
                CBCBlockCipherMac mac = new CBCBlockCipherMac(new DESEngine(), 64);
                mac.init(new KeyParameter(left));
                return finish(mac, data);
            } finally {
                Arrays.fill(left, (byte) 0);
            }
        }

        private byte[] finish(CBCBlockCipherMac mac, byte[] data) {
            mac.update(data, 0, data.length);
            byte[] out = new byte[8];
            mac.doFinal(out, 0);
            return out;
        }
    },

    /**
     * ANSI X9.19 = ISO 9797-1 MAC algorithm 3 ("retail MAC"): DES CBC with K1, then the last block
     * decrypted with K2 and encrypted with K1. Zero padding. Needs a double- or triple-length MAK.
     */
    X9_19 {
        @Override
        byte[] compute(OpenKey mak, byte[] data) throws HsmException {
            if (mak.scheme != KeyScheme.TDES_2KEY && mak.scheme != KeyScheme.TDES_3KEY) {
                throw new HsmException(HsmError.KEY_SCHEME, "X9.19 needs a double- or triple-length 3DES MAK");
            }
            byte[] clear = mak.clearCopy();
            try {
                ISO9797Alg3Mac mac = new ISO9797Alg3Mac(new DESEngine());
                mac.init(new KeyParameter(clear));
                mac.update(data, 0, data.length);
                byte[] out = new byte[8];
                mac.doFinal(out, 0);
                return out;
            } finally {
                Arrays.fill(clear, (byte) 0);
            }
        }
    },

    /**
     * The UnionPay ECB scheme with SM4: 16-byte pieces, 32 hex characters, SM4 encryptions of 16 bytes;
     * the MAC is the first 8 hex characters of the final result, as ASCII bytes.
     */
    SM4_UNIONPAY {
        @Override
        byte[] compute(OpenKey mak, byte[] data) throws HsmException {
            if (mak.scheme != KeyScheme.SM4) {
                throw new HsmException(HsmError.KEY_SCHEME, "the SM4 MAC needs an SM4 MAK");
            }
            return unionPay(mak, data);
        }
    };

    abstract byte[] compute(OpenKey mak, byte[] data) throws HsmException;

    private static byte[] unionPay(OpenKey mak, byte[] data) {
        int block = mak.scheme.blockBytes();
        byte[] folded = new byte[block];
        for (int i = 0; i < data.length; i++) {
            folded[i % block] ^= data[i];
        }
        byte[] hex = upperHex(folded);
        byte[] first = mak.encrypt(Arrays.copyOfRange(hex, 0, block));
        for (int i = 0; i < block; i++) {
            first[i] ^= hex[block + i];
        }
        byte[] second = mak.encrypt(first);
        return Arrays.copyOf(upperHex(second), 8);
    }

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private static byte[] upperHex(byte[] b) {
        byte[] out = new byte[b.length * 2];
        for (int i = 0; i < b.length; i++) {
            out[2 * i] = HEX[(b[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX[b[i] & 0xF];
        }
        return out;
    }
}
