package org.posnet.bench.aaa;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class AccessRequestWriterTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] SECRET = "bench-secret".getBytes(StandardCharsets.US_ASCII);
    private final BenchUsers users = new BenchUsers(1000);

    @Test
    void hidesThePasswordOfRfc2865Section7Point1() throws Exception {
        byte[] authenticator = HEX.parseHex("0f403f9473978057bd83d5cb98f4227a");
        byte[] clear = Arrays.copyOf("arctangent".getBytes(StandardCharsets.US_ASCII), 16);
        byte[] out = new byte[16];
        AccessRequestWriter.hide(MessageDigest.getInstance("MD5"), "xyzzy5461".getBytes(StandardCharsets.US_ASCII),
                authenticator, 0, clear, new byte[16], out, 0);
        assertThat(HEX.formatHex(out)).isEqualTo("0dbe708d93d413ce3196e43f782a0aee");
    }

    @Test
    void carriesTheUserTheImsiAndARecoverablePassword() throws Exception {
        AccessRequestWriter writer = new AccessRequestWriter(users, SECRET, new byte[] {127, 0, 0, 1});
        byte[] auth = HEX.parseHex("00112233445566778899aabbccddeeff");
        int length = writer.write(42, auth, 0, 777, false);
        byte[] packet = Arrays.copyOf(writer.packet(), length);

        assertThat(packet[0]).isEqualTo((byte) 1);
        assertThat(packet[1]).isEqualTo((byte) 42);
        assertThat(((packet[2] & 0xff) << 8) | (packet[3] & 0xff)).isEqualTo(length);
        Map<Integer, byte[]> attrs = attributes(packet);
        assertThat(ascii(attrs.get(1))).isEqualTo(users.name(777));
        assertThat(ascii(attrs.get(31))).isEqualTo(users.imsi(777));
        assertThat(attrs.get(4)).containsExactly(127, 0, 0, 1);
        assertThat(packet[20]).as("Message-Authenticator first").isEqualTo((byte) 80);
        assertThat(reveal(attrs.get(2), auth)).isEqualTo(users.password(777));
        assertThat(messageAuthenticatorValid(packet)).isTrue();
    }

    @Test
    void aWrongPasswordDiffersAndIsStillSigned() throws Exception {
        AccessRequestWriter writer = new AccessRequestWriter(users, SECRET, new byte[] {127, 0, 0, 1});
        byte[] auth = new byte[16];
        int length = writer.write(1, auth, 0, 5, true);
        byte[] packet = Arrays.copyOf(writer.packet(), length);
        String revealed = reveal(attributes(packet).get(2), auth);
        assertThat(revealed).hasSize(BenchUsers.PASSWORD_LENGTH).isNotEqualTo(users.password(5));
        assertThat(revealed.substring(1)).isEqualTo(users.password(5).substring(1));
        assertThat(messageAuthenticatorValid(packet)).isTrue();
    }

    private static Map<Integer, byte[]> attributes(byte[] packet) {
        Map<Integer, byte[]> attrs = new HashMap<>();
        for (int at = 20; at < packet.length; at += packet[at + 1] & 0xff) {
            attrs.put(packet[at] & 0xff, Arrays.copyOfRange(packet, at + 2, at + (packet[at + 1] & 0xff)));
        }
        return attrs;
    }

    private static String reveal(byte[] hidden, byte[] auth) throws Exception {
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        md5.update(SECRET);
        md5.update(auth);
        byte[] key = md5.digest();
        byte[] clear = new byte[16];
        for (int k = 0; k < 16; k++) {
            clear[k] = (byte) (hidden[k] ^ key[k]);
        }
        return ascii(clear).replace("\0", "");
    }

    private static boolean messageAuthenticatorValid(byte[] packet) throws Exception {
        byte[] copy = packet.clone();
        byte[] sent = Arrays.copyOfRange(copy, 22, 38);
        Arrays.fill(copy, 22, 38, (byte) 0);
        Mac mac = Mac.getInstance("HmacMD5");
        mac.init(new SecretKeySpec(SECRET, "HmacMD5"));
        return Arrays.equals(mac.doFinal(copy), sent);
    }

    private static String ascii(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }
}
