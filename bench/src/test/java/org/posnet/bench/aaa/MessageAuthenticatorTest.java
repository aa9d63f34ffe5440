package org.posnet.bench.aaa;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class MessageAuthenticatorTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void matchesRfc2104TestVectors() {
        assertThat(hmac(HEX.parseHex("0b".repeat(16)), "Hi There".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("9294727a3638bb1c13f48ef8158bfc9d");
        assertThat(hmac("Jefe".getBytes(StandardCharsets.US_ASCII),
                "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("750c783e6ab0b503eaa86e310a5db738");
    }

    @Property(tries = 300)
    void agreesWithTheJdkMac(@ForAll @Size(min = 1, max = 100) byte[] key, @ForAll @Size(max = 300) byte[] data)
            throws Exception {
        Mac mac = Mac.getInstance("HmacMD5");
        mac.init(new SecretKeySpec(key, "HmacMD5"));
        assertThat(hmac(key, data)).isEqualTo(HEX.formatHex(mac.doFinal(data)));
    }

    @Test
    void reusedInstanceGivesTheSameAnswer() {
        MessageAuthenticator m = new MessageAuthenticator("s".getBytes(StandardCharsets.US_ASCII));
        byte[] data = "packet".getBytes(StandardCharsets.US_ASCII);
        byte[] first = new byte[16];
        byte[] second = new byte[16];
        m.compute(data, 0, data.length, first, 0);
        m.compute(data, 0, data.length, second, 0);
        assertThat(second).isEqualTo(first);
    }

    private static String hmac(byte[] key, byte[] data) {
        byte[] out = new byte[20];
        new MessageAuthenticator(key).compute(data, 0, data.length, out, 2);
        return HEX.formatHex(out, 2, 18);
    }
}
