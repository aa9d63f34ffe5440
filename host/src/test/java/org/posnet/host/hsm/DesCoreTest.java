package org.posnet.host.hsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.posnet.host.hsm.Reference.desEcb;
import static org.posnet.host.hsm.Reference.hex;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.engines.DESEngine;
import org.bouncycastle.crypto.engines.DESedeEngine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

/**
 * {@link DesCore} and the {@link DesKey} built on it, against the published DES and 3DES vectors, JCE
 * and BouncyCastle, over thousands of random keys and blocks of every key length, both directions.
 */
class DesCoreTest {

    private final Random random = new Random(0x0DE5C0DEL);

    @Test
    void knownAnswers() {
        // the worked example of the DES algorithm (J. Orlin Grabbe), FIPS 81's "Now is t", and a key that zeroes its block
        assertDes("133457799BBCDFF1", "0123456789ABCDEF", "85E813540F0AB405");
        assertDes("0123456789ABCDEF", "4E6F772069732074", "3FA40E8A984D4815");
        assertDes("0E329232EA6D0D73", "8787878787878787", "0000000000000000");
        // FIPS 46 weak and all-zero keys are still plain DES keys here
        assertDes("0101010101010101", "0000000000000000", "8CA64DE9C1B123A7");
        assertDes("FEFEFEFEFEFEFEFE", "FFFFFFFFFFFFFFFF", "7359B2163E4EDC58");
        // SP 800-67 rev. 1 example: three keys, "The qufck brown fox jump"
        DesKey tdes = new DesKey(hex("0123456789ABCDEF23456789ABCDEF01456789ABCDEF0123"));
        byte[] text = "The qufck brown fox jump".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] b = text.clone();
        for (int at = 0; at < 24; at += 8) {
            tdes.encrypt(b, at);
        }
        assertThat(hex(b)).isEqualTo("A826FD8CE53B855FCCE21C8112256FE668D5C05DD9B6B900");
        for (int at = 0; at < 24; at += 8) {
            tdes.decrypt(b, at);
        }
        assertThat(b).isEqualTo(text);
        // a double-length key with K1 = K2 is single DES under K1
        DesKey same = new DesKey(hex("133457799BBCDFF1133457799BBCDFF1"));
        assertThat(Long.toHexString(same.encrypt(0x0123456789ABCDEFL))).isEqualToIgnoringCase("85E813540F0AB405");
    }

    private static void assertDes(String key, String plain, String cipher) {
        DesKey des = new DesKey(hex(key));
        long p = Long.parseUnsignedLong(plain, 16);
        long c = Long.parseUnsignedLong(cipher, 16);
        assertThat(des.encrypt(p)).as(key).isEqualTo(c);
        assertThat(des.decrypt(c)).as(key).isEqualTo(p);
        assertThat(des.encryptLeft(p)).as(key).isEqualTo(c);
    }

    /** The schedule is BouncyCastle's, int for int (its layout is what the round function expects). */
    @Test
    void schedule_isBouncyCastles() {
        BcSchedule bc = new BcSchedule();
        for (int i = 0; i < 2_000; i++) {
            byte[] key = bytes(8);
            byte[] padded = new byte[13];
            System.arraycopy(key, 0, padded, 5, 8);
            assertThat(DesCore.schedule(padded, 5, true)).isEqualTo(bc.of(true, key));
            assertThat(DesCore.schedule(key, 0, false)).isEqualTo(bc.of(false, key));
        }
    }

    private static final class BcSchedule extends DESEngine {
        int[] of(boolean encrypting, byte[] key) {
            return generateWorkingKey(encrypting, key);
        }
    }

    @Test
    void desKey_matchesJce_forThousandsOfKeysAndBlocks() throws Exception {
        for (int keyBytes : new int[] {8, 16, 24}) {
            for (int i = 0; i < 1_500; i++) {
                byte[] key = bytes(keyBytes);
                byte[] data = bytes(32);
                DesKey des = new DesKey(key);
                byte[] expected = desEcb(true, key, data);
                byte[] decryptedByJce = desEcb(false, key, data);
                byte[] left = desEcb(true, Arrays.copyOf(key, 8), data);
                byte[] e = data.clone();
                byte[] d = data.clone();
                for (int at = 0; at < 32; at += 8) {
                    long block = ByteBuffer.wrap(data, at, 8).getLong();
                    assertThat(des.encrypt(block)).isEqualTo(ByteBuffer.wrap(expected, at, 8).getLong());
                    assertThat(des.decrypt(block)).isEqualTo(ByteBuffer.wrap(decryptedByJce, at, 8).getLong());
                    assertThat(des.encryptLeft(block)).isEqualTo(ByteBuffer.wrap(left, at, 8).getLong());
                    des.encrypt(e, at);
                    des.decrypt(d, at);
                }
                assertThat(e).as(keyBytes + "-byte key").isEqualTo(expected);
                assertThat(d).as(keyBytes + "-byte key").isEqualTo(decryptedByJce);
                for (int at = 0; at < 32; at += 8) {
                    des.decrypt(e, at);
                }
                assertThat(e).isEqualTo(data);
            }
        }
    }

    @Test
    void desKey_matchesBouncyCastle_forThousandsOfKeysAndBlocks() {
        for (int keyBytes : new int[] {8, 16, 24}) {
            for (int i = 0; i < 1_500; i++) {
                byte[] key = bytes(keyBytes);
                DesKey des = new DesKey(key);
                BlockCipher enc = keyBytes == 8 ? new DESEngine() : new DESedeEngine();
                BlockCipher dec = keyBytes == 8 ? new DESEngine() : new DESedeEngine();
                enc.init(true, new KeyParameter(key));
                dec.init(false, new KeyParameter(key));
                for (int n = 0; n < 4; n++) {
                    byte[] block = bytes(8);
                    byte[] expected = new byte[8];
                    enc.processBlock(block, 0, expected, 0);
                    byte[] mine = block.clone();
                    des.encrypt(mine, 0);
                    assertThat(mine).isEqualTo(expected);
                    dec.processBlock(block, 0, expected, 0);
                    mine = block.clone();
                    des.decrypt(mine, 0);
                    assertThat(mine).isEqualTo(expected);
                }
            }
        }
    }

    /** Parity bits (the low bit of each key byte) take no part, as in every DES implementation. */
    @Test
    void parityBits_areIgnored() {
        for (int i = 0; i < 200; i++) {
            byte[] key = bytes(16);
            byte[] flipped = key.clone();
            for (int j = 0; j < flipped.length; j++) {
                flipped[j] ^= 1;
            }
            long block = random.nextLong();
            assertThat(new DesKey(flipped).encrypt(block)).isEqualTo(new DesKey(key).encrypt(block));
        }
    }

    /** In place at any offset, and nothing either side of the block is touched. */
    @Test
    void byteBlocks_inPlaceAtAnOffset() throws Exception {
        byte[] key = bytes(16);
        DesKey des = new DesKey(key);
        byte[] data = bytes(8);
        byte[] buf = new byte[21];
        Arrays.fill(buf, (byte) 0x5A);
        System.arraycopy(data, 0, buf, 7, 8);
        des.encrypt(buf, 7);
        assertThat(Arrays.copyOfRange(buf, 7, 15)).isEqualTo(desEcb(true, key, data));
        des.decrypt(buf, 7);
        assertThat(Arrays.copyOfRange(buf, 7, 15)).isEqualTo(data);
        assertThat(Arrays.copyOf(buf, 7)).containsOnly(0x5A);
        assertThat(Arrays.copyOfRange(buf, 15, 21)).containsOnly(0x5A);
        assertThat(new DesKey(key).toString()).isEqualTo("DesKey[3DES]").doesNotContain(hex(key));
        assertThat(new DesKey(Arrays.copyOf(key, 8)).toString()).isEqualTo("DesKey[DES]");
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
