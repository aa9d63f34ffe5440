package org.posnet.host.hsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.posnet.host.hsm.Reference.hex;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Random;
import org.bouncycastle.crypto.engines.DESEngine;
import org.bouncycastle.crypto.macs.ISO9797Alg3Mac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

/**
 * The MAC algorithms work on longs and a scratch buffer; every length from empty to several blocks
 * (whole, and with every possible tail) and every key length is checked against {@link Reference}'s
 * step-by-step JCE/BouncyCastle computations.
 */
class MacAlgorithmTest {

    private final Hsm hsm = new SoftwareHsm(new AesKeyWrapper(), new SecureRandom());
    private final Random random = new Random(8583);

    @Test
    void unionPayEcb_everyLength_desAndBothTripleDesLengths() throws Exception {
        for (KeyScheme scheme : new KeyScheme[] {KeyScheme.DES, KeyScheme.TDES_2KEY, KeyScheme.TDES_3KEY}) {
            byte[] key = bytes(scheme.keyBytes());
            KeyUnderLmk mak = hsm.importKey(KeyUsage.MAK, scheme, hex(key));
            for (int n = 0; n <= 100; n++) {
                byte[] data = bytes(n);
                assertThat(hsm.generateMac(MacAlgorithm.UNIONPAY_ECB, mak, data)).as(scheme + " length " + n)
                        .isEqualTo(Reference.unionPayMac(key, data, false));
            }
        }
    }

    @Test
    void sm4UnionPay_everyLength() throws Exception {
        byte[] key = bytes(16);
        KeyUnderLmk mak = hsm.importKey(KeyUsage.MAK, KeyScheme.SM4, hex(key));
        for (int n = 0; n <= 100; n++) {
            byte[] data = bytes(n);
            assertThat(hsm.generateMac(MacAlgorithm.SM4_UNIONPAY, mak, data)).as("length " + n)
                    .isEqualTo(Reference.unionPayMac(key, data, true));
        }
    }

    @Test
    void x9_9_and_x9_19_everyLength() throws Exception {
        for (KeyScheme scheme : new KeyScheme[] {KeyScheme.TDES_2KEY, KeyScheme.TDES_3KEY}) {
            byte[] key = bytes(scheme.keyBytes());
            KeyUnderLmk mak = hsm.importKey(KeyUsage.MAK, scheme, hex(key));
            for (int n = 0; n <= 40; n++) {
                byte[] data = bytes(n);
                assertThat(hsm.generateMac(MacAlgorithm.X9_9, mak, data)).as(scheme + " X9.9 length " + n)
                        .isEqualTo(Reference.desCbcLastBlock(java.util.Arrays.copyOf(key, 8), data));
                assertThat(hsm.generateMac(MacAlgorithm.X9_19, mak, data)).as(scheme + " X9.19 length " + n)
                        .isEqualTo(bcRetailMac(key, data));
                if (scheme == KeyScheme.TDES_2KEY) {
                    assertThat(hsm.generateMac(MacAlgorithm.X9_19, mak, data)).isEqualTo(Reference.x919(key, data));
                }
            }
        }
        byte[] single = bytes(8);
        KeyUnderLmk desMak = hsm.importKey(KeyUsage.MAK, KeyScheme.DES, hex(single));
        byte[] data = bytes(21);
        assertThat(hsm.generateMac(MacAlgorithm.X9_9, desMak, data)).isEqualTo(Reference.desCbcLastBlock(single, data));
    }

    @Test
    void verifyMac_agreesWithGenerate_andRefusesEveryOtherMac() throws Exception {
        KeyUnderLmk mak = hsm.importKey(KeyUsage.MAK, KeyScheme.TDES_2KEY, hex(bytes(16)));
        byte[] block = bytes(90);
        for (MacAlgorithm alg : new MacAlgorithm[] {MacAlgorithm.UNIONPAY_ECB, MacAlgorithm.X9_9, MacAlgorithm.X9_19}) {
            byte[] mac = hsm.generateMac(alg, mak, block);
            assertThat(hsm.verifyMac(alg, mak, block, mac)).isTrue();
            for (int i = 0; i < 8; i++) {
                byte[] wrong = mac.clone();
                wrong[i] ^= (byte) 0x80;
                assertThat(hsm.verifyMac(alg, mak, block, wrong)).as(alg + " byte " + i).isFalse();
            }
            assertThat(hsm.verifyMac(alg, mak, block, null)).isFalse();
            assertThat(hsm.verifyMac(alg, mak, block, java.util.Arrays.copyOf(mac, 9))).isFalse();
        }
    }

    @Test
    void hex_isUpperCaseHexOfTheLowFourBytes() {
        long[] samples = {0, -1, 0x0123456789ABCDEFL, 0x9A9A9A9AL, 0xFFFFFFFF00000000L};
        for (long v : samples) {
            assertHex(v);
        }
        for (int i = 0; i < 10_000; i++) {
            assertHex(random.nextLong());
        }
    }

    private static void assertHex(long v) {
        String expected = HexFormat.of().withUpperCase().toHexDigits((int) v);
        byte[] actual = new byte[8];
        long h = MacAlgorithm.hex(v);
        for (int i = 0; i < 8; i++) {
            actual[i] = (byte) (h >>> (56 - 8 * i));
        }
        assertThat(new String(actual, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo(expected);
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static byte[] bcRetailMac(byte[] key, byte[] data) {
        ISO9797Alg3Mac mac = new ISO9797Alg3Mac(new DESEngine());
        mac.init(new KeyParameter(key));
        mac.update(data, 0, data.length);
        byte[] out = new byte[8];
        mac.doFinal(out, 0);
        return out;
    }
}
