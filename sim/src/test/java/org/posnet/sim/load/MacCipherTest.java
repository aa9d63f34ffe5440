package org.posnet.sim.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.posnet.sim.terminal.DesKey;

/** The load generator's own DES/3DES encrypts exactly as the terminal's JCE key does. */
class MacCipherTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    private static byte[] encrypt(MacCipher c, byte[] block) {
        byte[] out = new byte[8];
        c.encrypt(block, 0, out, 0);
        return out;
    }

    @Test
    void knownDesVector() {
        // the classic worked example: key 133457799BBCDFF1, plaintext 0123456789ABCDEF
        assertThat(encrypt(new MacCipher(hex("133457799BBCDFF1")), hex("0123456789ABCDEF"))).isEqualTo(hex("85E813540F0AB405"));
    }

    @Property(tries = 3000)
    void tripleDes_isTheJceKeys(@ForAll @Size(16) byte[] key, @ForAll @Size(8) byte[] block) {
        assertThat(encrypt(new MacCipher(key), block)).isEqualTo(new DesKey(key).encrypt(block));
    }

    @Property(tries = 1000)
    void singleDes_isTheJceKeys(@ForAll @Size(8) byte[] key, @ForAll @Size(8) byte[] block) {
        assertThat(encrypt(new MacCipher(key), block)).isEqualTo(new DesKey(key).encrypt(block));
    }

    @Test
    void encryptsInPlace_atAnOffset() {
        byte[] key = hex("0123456789ABCDEFFEDCBA9876543210");
        byte[] buffer = hex("AAAA0011223344556677BBBB");
        byte[] expected = new DesKey(key).encrypt(hex("0011223344556677"));
        new MacCipher(key).encrypt(buffer, 2, buffer, 2);
        assertThat(buffer).startsWith(0xAA, 0xAA).endsWith(0xBB, 0xBB);
        assertThat(java.util.Arrays.copyOfRange(buffer, 2, 10)).isEqualTo(expected);
    }

    @Test
    void initialPermutation_isTheTables_bitByBit_andTheFinalOneUndoesIt() {
        for (int bit = 0; bit < 64; bit++) {
            long x = 1L << bit;
            assertThat(MacCipher.initialPermutation(x)).as("bit %d", bit).isEqualTo(MacCipher.initialPermutationByTable(x));
            assertThat(MacCipher.finalPermutation(MacCipher.initialPermutation(x))).isEqualTo(x);
        }
    }

    @Test
    void otherKeyLengths_areRefused() {
        assertThatThrownBy(() -> new MacCipher(new byte[24])).isInstanceOf(IllegalArgumentException.class);
    }
}
