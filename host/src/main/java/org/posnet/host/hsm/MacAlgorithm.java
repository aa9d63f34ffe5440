package org.posnet.host.hsm;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
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
        byte[] compute(KeyScheme scheme, byte[] mak, byte[] data) throws HsmException {
            if (!scheme.isDesFamily()) {
                throw new HsmException(HsmError.KEY_SCHEME, "UnionPay ECB MAC needs a DES or 3DES MAK; use SM4_UNIONPAY for SM4");
            }
            return unionPay(scheme, mak, data);
        }
    },

    /** ANSI X9.9: single-DES CBC, zero IV, zero padding. A double-length MAK contributes its left half. */
    X9_9 {
        @Override
        byte[] compute(KeyScheme scheme, byte[] mak, byte[] data) throws HsmException {
            if (!scheme.isDesFamily()) {
                throw new HsmException(HsmError.KEY_SCHEME, "X9.9 needs a DES or 3DES MAK");
            }
            byte[] left = Arrays.copyOf(mak, 8);
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
        byte[] compute(KeyScheme scheme, byte[] mak, byte[] data) throws HsmException {
            if (scheme != KeyScheme.TDES_2KEY && scheme != KeyScheme.TDES_3KEY) {
                throw new HsmException(HsmError.KEY_SCHEME, "X9.19 needs a double- or triple-length 3DES MAK");
            }
            ISO9797Alg3Mac mac = new ISO9797Alg3Mac(new DESEngine());
            mac.init(new KeyParameter(mak));
            mac.update(data, 0, data.length);
            byte[] out = new byte[8];
            mac.doFinal(out, 0);
            return out;
        }
    },

    /**
     * The UnionPay ECB scheme with SM4: 16-byte pieces, 32 hex characters, SM4 encryptions of 16 bytes;
     * the MAC is the first 8 hex characters of the final result, as ASCII bytes.
     */
    SM4_UNIONPAY {
        @Override
        byte[] compute(KeyScheme scheme, byte[] mak, byte[] data) throws HsmException {
            if (scheme != KeyScheme.SM4) {
                throw new HsmException(HsmError.KEY_SCHEME, "the SM4 MAC needs an SM4 MAK");
            }
            return unionPay(scheme, mak, data);
        }
    };

    abstract byte[] compute(KeyScheme scheme, byte[] mak, byte[] data) throws HsmException;

    private static byte[] unionPay(KeyScheme scheme, byte[] mak, byte[] data) {
        int block = scheme.blockBytes();
        byte[] folded = new byte[block];
        for (int i = 0; i < data.length; i++) {
            folded[i % block] ^= data[i];
        }
        byte[] hex = upperHex(folded);
        byte[] first = EcbCipher.encrypt(scheme, mak, Arrays.copyOfRange(hex, 0, block));
        for (int i = 0; i < block; i++) {
            first[i] ^= hex[block + i];
        }
        byte[] second = EcbCipher.encrypt(scheme, mak, first);
        return Arrays.copyOf(upperHex(second), 8);
    }

    private static byte[] upperHex(byte[] b) {
        return HexFormat.of().withUpperCase().formatHex(b).getBytes(StandardCharsets.US_ASCII);
    }
}
