package org.posnet.bench.aaa;

import java.security.DigestException;
import java.security.MessageDigest;

/**
 * Checks a reply against the request it answers: Response Authenticator = MD5(code | id | length | Request
 * Authenticator | attributes | secret) (RFC 2865 §3), and the Message-Authenticator when present, computed
 * with the request's authenticator in place (RFC 3579 §3.2). Allocation-free; one instance per thread.
 */
public final class ReplyVerifier {

    static final int MAX_PACKET = 4096;

    private final byte[] secret;
    private final MessageDigest md5 = MessageAuthenticator.newMd5();
    private final MessageAuthenticator hmac;
    private final byte[] digest = new byte[16];
    private final byte[] received = new byte[16];

    public ReplyVerifier(byte[] secret) {
        this.secret = secret.clone();
        this.hmac = new MessageAuthenticator(secret);
    }

    /** Only the Response Authenticator; leaves {@code reply} untouched so another request can be tried. */
    public boolean answers(byte[] reply, int datagramLength, byte[] requestAuth, int authOff) {
        int length = declaredLength(reply, datagramLength);
        if (length < 0) {
            return false;
        }
        md5.update(reply, 0, 4);
        md5.update(requestAuth, authOff, 16);
        md5.update(reply, 20, length - 20);
        md5.update(secret);
        digestInto(digest);
        return equal16(digest, 0, reply, 4);
    }

    /**
     * Full check. May overwrite the authenticator and Message-Authenticator bytes of {@code reply} (to compute
     * the HMAC in place), so call it last.
     */
    public ReplyOutcome verify(byte[] reply, int datagramLength, byte[] requestAuth, int authOff) {
        int length = declaredLength(reply, datagramLength);
        if (length < 0) {
            return ReplyOutcome.MALFORMED;
        }
        int messageAuthAt = -1;
        for (int at = 20; at < length; ) {
            int attrLength = at + 1 < length ? reply[at + 1] & 0xff : 0;
            if (attrLength < 2 || at + attrLength > length) {
                return ReplyOutcome.MALFORMED;
            }
            if ((reply[at] & 0xff) == AccessRequestWriter.MESSAGE_AUTHENTICATOR) {
                if (attrLength != 18) {
                    return ReplyOutcome.MALFORMED;
                }
                messageAuthAt = at + 2;
            }
            at += attrLength;
        }
        if (!answers(reply, datagramLength, requestAuth, authOff)) {
            return ReplyOutcome.BAD_AUTHENTICATOR;
        }
        if (messageAuthAt >= 0) {
            System.arraycopy(reply, messageAuthAt, received, 0, 16);
            System.arraycopy(requestAuth, authOff, reply, 4, 16);
            java.util.Arrays.fill(reply, messageAuthAt, messageAuthAt + 16, (byte) 0);
            hmac.compute(reply, 0, length, digest, 0);
            if (!equal16(digest, 0, received, 0)) {
                return ReplyOutcome.BAD_MESSAGE_AUTHENTICATOR;
            }
        }
        switch (reply[0]) {
            case 2:
                return ReplyOutcome.ACCEPT;
            case 3:
                return ReplyOutcome.REJECT;
            default:
                return ReplyOutcome.UNEXPECTED_CODE;
        }
    }

    // Octets past the Length field are padding and ignored (RFC 2865 §3); fewer than it says is malformed.
    private static int declaredLength(byte[] reply, int datagramLength) {
        if (datagramLength < 20) {
            return -1;
        }
        int length = ((reply[2] & 0xff) << 8) | (reply[3] & 0xff);
        return length < 20 || length > datagramLength || length > MAX_PACKET ? -1 : length;
    }

    private void digestInto(byte[] out) {
        try {
            md5.digest(out, 0, 16);
        } catch (DigestException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean equal16(byte[] a, int aOff, byte[] b, int bOff) {
        int diff = 0;
        for (int k = 0; k < 16; k++) {
            diff |= a[aOff + k] ^ b[bOff + k];
        }
        return diff == 0;
    }
}
