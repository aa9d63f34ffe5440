package org.posnet.sim.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The terminal's crypto against values worked out by hand from the standards' definitions. */
class TerminalCryptoTest {
    private static final DesKey KEY = new DesKey(HexFormat.of().parseHex("0123456789ABCDEFFEDCBA9876543210"));

    @Test
    void pinBlockFormat0_decryptsToPinFieldXorPanField() {
        byte[] block = PinBlock.format0(KEY, "123456", "6222021234567890123");
        // 06123456FFFFFFFF XOR 0000 + 12 PAN digits before the check digit (202123456789 from ...0212345678901[2]3)
        assertThat(HexFormat.of().withUpperCase().formatHex(KEY.decrypt(block)))
                .isEqualTo(xor("06123456FFFFFFFF", "0000" + "6222021234567890123".substring(6, 18)));
    }

    @Test
    void doubleLengthWithEqualHalves_isSingleDes_soCheckValuesAgree() {
        DesKey single = new DesKey(HexFormat.of().parseHex("0123456789ABCDEF"));
        DesKey doubled = new DesKey(HexFormat.of().parseHex("0123456789ABCDEF0123456789ABCDEF"));
        assertThat(doubled.checkValue()).isEqualTo(single.checkValue()).hasSize(4);
    }

    @Test
    void mac_isEightHexCharacters_andChangesWithTheBlock() {
        byte[] mac = UnionPayMac.of(KEY, "0200 some block".getBytes());
        assertThat(new String(mac)).matches("[0-9A-F]{8}");
        assertThat(UnionPayMac.of(KEY, "0200 some blocK".getBytes())).isNotEqualTo(mac);
    }

    @Test
    void keysNeverPrint() {
        assertThat(KEY.toString()).doesNotContain("0123").contains("16 bytes");
    }

    private static String xor(String a, String b) {
        byte[] x = HexFormat.of().parseHex(a);
        byte[] y = HexFormat.of().parseHex(b);
        for (int i = 0; i < x.length; i++) {
            x[i] ^= y[i];
        }
        return HexFormat.of().withUpperCase().formatHex(x);
    }
}
