package org.posnet.bench.aaa;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ReplyVerifierTest {

    private static final HexFormat HEX = HexFormat.of();
    // RFC 2865 §7.1: the Access-Accept to nemo's PAP request, secret xyzzy5461.
    private static final byte[] RFC_SECRET = "xyzzy5461".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RFC_REQUEST_AUTH = HEX.parseHex("0f403f9473978057bd83d5cb98f4227a");
    private static final String RFC_ACCEPT =
            "0200002686fe220e7624ba2a1005f6bf9b55e0b2060600000001" + "0f06000000000e06c0a80103";

    private static final byte[] SECRET = "bench-secret".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REQUEST_AUTH = HEX.parseHex("00112233445566778899aabbccddeeff");

    @Test
    void acceptsTheRfc2865Example() {
        byte[] reply = HEX.parseHex(RFC_ACCEPT);
        assertThat(new ReplyVerifier(RFC_SECRET).verify(reply, reply.length, RFC_REQUEST_AUTH, 0))
                .isEqualTo(ReplyOutcome.ACCEPT);
    }

    @Test
    void rejectsATamperedReply() {
        byte[] reply = HEX.parseHex(RFC_ACCEPT);
        reply[reply.length - 1] ^= 1; // Framed-IP-Address changed in transit
        assertThat(new ReplyVerifier(RFC_SECRET).verify(reply, reply.length, RFC_REQUEST_AUTH, 0))
                .isEqualTo(ReplyOutcome.BAD_AUTHENTICATOR);
    }

    @Test
    void rejectsAReplyToAnotherRequestOrUnderAnotherSecret() {
        byte[] reply = HEX.parseHex(RFC_ACCEPT);
        byte[] otherAuth = RFC_REQUEST_AUTH.clone();
        otherAuth[0] ^= 1;
        assertThat(new ReplyVerifier(RFC_SECRET).answers(reply, reply.length, otherAuth, 0)).isFalse();
        assertThat(new ReplyVerifier(SECRET).answers(reply, reply.length, RFC_REQUEST_AUTH, 0)).isFalse();
    }

    @Test
    void checksTheMessageAuthenticatorWhenPresent() throws Exception {
        byte[] good = reply(3, true, false);
        assertThat(new ReplyVerifier(SECRET).verify(good.clone(), good.length, REQUEST_AUTH, 0))
                .isEqualTo(ReplyOutcome.REJECT);
        byte[] forged = reply(2, true, true);
        assertThat(new ReplyVerifier(SECRET).verify(forged, forged.length, REQUEST_AUTH, 0))
                .isEqualTo(ReplyOutcome.BAD_MESSAGE_AUTHENTICATOR);
    }

    @Test
    void flagsMalformedPacketsAndUnexpectedCodes() throws Exception {
        ReplyVerifier verifier = new ReplyVerifier(SECRET);
        byte[] challenge = reply(11, false, false);
        assertThat(verifier.verify(challenge, challenge.length, REQUEST_AUTH, 0)).isEqualTo(ReplyOutcome.UNEXPECTED_CODE);

        byte[] shortDatagram = Arrays.copyOf(reply(2, false, false), 19);
        assertThat(verifier.verify(shortDatagram, 19, REQUEST_AUTH, 0)).isEqualTo(ReplyOutcome.MALFORMED);

        byte[] lengthBeyondDatagram = reply(2, false, false);
        lengthBeyondDatagram[3] = (byte) (lengthBeyondDatagram.length + 1);
        assertThat(verifier.verify(lengthBeyondDatagram, lengthBeyondDatagram.length, REQUEST_AUTH, 0))
                .isEqualTo(ReplyOutcome.MALFORMED);

        byte[] zeroLengthAttribute = reply(2, false, false);
        zeroLengthAttribute[21] = 0;
        assertThat(verifier.verify(zeroLengthAttribute, zeroLengthAttribute.length, REQUEST_AUTH, 0))
                .isEqualTo(ReplyOutcome.MALFORMED);
    }

    @Test
    void ignoresPaddingAfterTheLengthField() throws Exception {
        byte[] reply = reply(2, true, false);
        byte[] padded = Arrays.copyOf(reply, reply.length + 7);
        assertThat(new ReplyVerifier(SECRET).verify(padded, padded.length, REQUEST_AUTH, 0)).isEqualTo(ReplyOutcome.ACCEPT);
    }

    /** A reply with Message-Authenticator (optionally forged) then Session-Timeout, correctly authenticated. */
    private static byte[] reply(int code, boolean messageAuthenticator, boolean forgeIt) throws Exception {
        int length = 20 + (messageAuthenticator ? 18 : 0) + 6;
        byte[] r = new byte[length];
        r[0] = (byte) code;
        r[1] = 7;
        r[3] = (byte) length;
        System.arraycopy(REQUEST_AUTH, 0, r, 4, 16);
        int timeoutAt = length - 6; // Session-Timeout last, written before the HMAC covers it
        r[timeoutAt] = 27;
        r[timeoutAt + 1] = 6;
        r[timeoutAt + 5] = 60;
        if (messageAuthenticator) {
            r[20] = 80;
            r[21] = 18;
            new MessageAuthenticator(SECRET).compute(r, 0, length, r, 22);
            if (forgeIt) {
                r[22] ^= 1;
            }
        }
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        md5.update(r);
        md5.update(SECRET);
        System.arraycopy(md5.digest(), 0, r, 4, 16);
        return r;
    }
}
