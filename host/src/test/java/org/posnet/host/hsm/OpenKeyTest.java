package org.posnet.host.hsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.posnet.host.hsm.Reference.desEcb;
import static org.posnet.host.hsm.Reference.hex;
import static org.posnet.host.hsm.Reference.sm4Ecb;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The open keys' block ciphers ({@link DesKey}, SM4) and {@link EcbCipher} against JCE and BouncyCastle. */
class OpenKeyTest {

    private final Random random = new Random(32907);

    @Test
    void desKey_matchesJce_forEveryKeyLength() throws Exception {
        for (int keyBytes : new int[] {8, 16, 24}) {
            for (int i = 0; i < 50; i++) {
                byte[] key = bytes(keyBytes);
                byte[] data = bytes(8 * (1 + i % 4));
                DesKey des = new DesKey(key);
                byte[] encrypted = data.clone();
                for (int at = 0; at < encrypted.length; at += 8) {
                    des.encrypt(encrypted, at);
                }
                assertThat(encrypted).as(keyBytes + "-byte key").isEqualTo(desEcb(true, key, data));
                byte[] decrypted = encrypted.clone();
                for (int at = 0; at < decrypted.length; at += 8) {
                    des.decrypt(decrypted, at);
                }
                assertThat(decrypted).isEqualTo(data);
                byte[] left = data.clone();
                des.encryptLeft(left, 0);
                assertThat(java.util.Arrays.copyOf(left, 8))
                        .isEqualTo(desEcb(true, java.util.Arrays.copyOf(key, 8), java.util.Arrays.copyOf(data, 8)));
            }
        }
        assertThatThrownBy(() -> new DesKey(new byte[12])).isInstanceOf(IllegalStateException.class);
        assertThat(new DesKey(bytes(16)).toString()).isEqualTo("DesKey[3DES]");
    }

    @Test
    void ecbCipher_matchesJceAndBouncyCastle() throws Exception {
        for (KeyScheme scheme : KeyScheme.values()) {
            byte[] key = bytes(scheme.keyBytes());
            byte[] data = bytes(scheme.blockBytes() * 3);
            byte[] expected = scheme == KeyScheme.SM4 ? sm4Ecb(true, key, data) : desEcb(true, key, data);
            assertThat(EcbCipher.encrypt(scheme, key, data)).as(scheme.name()).isEqualTo(expected);
            assertThat(EcbCipher.decrypt(scheme, key, expected)).isEqualTo(data);
        }
        assertThatThrownBy(() -> EcbCipher.encrypt(KeyScheme.DES, bytes(8), new byte[7])).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> EcbCipher.encrypt(KeyScheme.TDES_2KEY, bytes(8), new byte[8]))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void openKey_blocksInPlace_andWholeArrays() throws Exception {
        for (KeyScheme scheme : KeyScheme.values()) {
            byte[] key = bytes(scheme.keyBytes());
            OpenKey open = new OpenKey(null, KeyUsage.PIK, scheme, key);
            byte[] data = bytes(scheme.blockBytes() * 2);
            byte[] expected = scheme == KeyScheme.SM4 ? sm4Ecb(true, key, data) : desEcb(true, key, data);
            assertThat(open.encrypt(data)).as(scheme.name()).isEqualTo(expected);
            assertThat(open.decrypt(expected)).isEqualTo(data);
            byte[] buf = new byte[scheme.blockBytes() + 3];
            System.arraycopy(data, 0, buf, 3, scheme.blockBytes());
            open.encryptBlock(buf, 3);
            assertThat(java.util.Arrays.copyOfRange(buf, 3, buf.length)).isEqualTo(java.util.Arrays.copyOf(expected, scheme.blockBytes()));
            open.decryptBlock(buf, 3);
            assertThat(java.util.Arrays.copyOfRange(buf, 3, buf.length)).isEqualTo(java.util.Arrays.copyOf(data, scheme.blockBytes()));
            assertThat(open.toString()).isEqualTo("OpenKey[PIK " + scheme + "]").doesNotContain(hex(key));
            assertThatThrownBy(() -> open.encrypt(new byte[scheme.blockBytes() + 1])).isInstanceOf(IllegalStateException.class);
        }
    }

    /** One open key serves every event loop at once: DES without a lock, SM4 under its lock. */
    @Test
    void openKey_isSafeToShareBetweenThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (KeyScheme scheme : new KeyScheme[] {KeyScheme.TDES_2KEY, KeyScheme.SM4}) {
                byte[] key = bytes(scheme.keyBytes());
                OpenKey open = new OpenKey(null, KeyUsage.MAK, scheme, key);
                List<Future<Boolean>> results = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    byte[] data = bytes(scheme.blockBytes() * 4);
                    byte[] expected = scheme == KeyScheme.SM4 ? sm4Ecb(true, key, data) : desEcb(true, key, data);
                    results.add(pool.submit(() -> {
                        for (int i = 0; i < 20_000; i++) {
                            if (!java.util.Arrays.equals(open.encrypt(data), expected)) {
                                return false;
                            }
                        }
                        return true;
                    }));
                }
                for (Future<Boolean> r : results) {
                    assertThat(r.get()).as(scheme.name()).isTrue();
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void pinBlockFormat0_extractIntoABuffer() {
        String pan = "6222021234567890123";
        byte[] pin = new byte[PinBlockFormat0.MAX_PIN];
        for (int blockBytes : new int[] {8, 16}) {
            for (byte[] digits : new byte[][] {{1, 2, 3, 4}, {9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 9, 8}}) {
                byte[] block = PinBlockFormat0.build(digits, pan, blockBytes);
                byte[] padded = new byte[blockBytes + 5];
                System.arraycopy(block, 0, padded, 5, blockBytes);
                assertThat(PinBlockFormat0.extract(padded, 5, blockBytes, pan, pin)).isEqualTo(digits.length);
                assertThat(java.util.Arrays.copyOf(pin, digits.length)).isEqualTo(digits);
                assertThat(PinBlockFormat0.extract(block, pan)).isEqualTo(digits);
                java.util.Arrays.fill(pin, (byte) 0);

                // a filler nibble that is not F, far into an SM4 block: refused and nothing left behind
                byte[] bad = block.clone();
                bad[blockBytes - 1] ^= 0x01;
                assertThat(PinBlockFormat0.extract(bad, 0, blockBytes, pan, pin)).isEqualTo(-1);
                assertThat(pin).containsOnly(0);
                assertThat(PinBlockFormat0.extract(block, 0, blockBytes, "6222021234567890124".substring(0, 12), pin)).isEqualTo(-1);
                assertThat(PinBlockFormat0.extract(block, 0, blockBytes, null, pin)).isEqualTo(-1);
                assertThat(PinBlockFormat0.extract(block, 0, blockBytes, "62220212345678901X3", pin)).isEqualTo(-1);
            }
        }
        // a digit above 9 inside the PIN field
        byte[] block = PinBlockFormat0.build(new byte[] {1, 2, 3, 4}, pan, 8);
        byte[] clearField = hexBlock("04123AFFFFFFFFFF", pan);
        assertThat(PinBlockFormat0.extract(clearField, 0, 8, pan, pin)).isEqualTo(-1);
        assertThat(pin).containsOnly(0);
        assertThat(PinBlockFormat0.extract(block, 0, 8, pan, pin)).isEqualTo(4);
    }

    /** A clear PIN field XOR the PAN field, built by hand. */
    private static byte[] hexBlock(String pinField, String pan) {
        byte[] a = Reference.hex(pinField);
        byte[] b = Reference.hex("0000" + pan.substring(pan.length() - 13, pan.length() - 1));
        for (int i = 0; i < 8; i++) {
            a[i] ^= b[i];
        }
        return a;
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
