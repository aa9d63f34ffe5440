package org.posnet.bench.aaa;

import java.security.DigestException;
import java.security.MessageDigest;

/**
 * Encodes PAP Access-Requests the way an LNS sends them, independently of PosNet's codec so the bench also
 * checks the server against a second reading of RFC 2865/3579.
 *
 * <p>Every field of a bench user has a fixed width, so the packet is built once as a template and each
 * request only patches identifier, Request Authenticator, name digits, hidden password, IMSI digits and
 * Message-Authenticator: no allocation, three MD5 runs. One instance per thread.
 *
 * <p>Layout: Message-Authenticator first (the BlastRADIUS advice), User-Name, User-Password, NAS-IP-Address,
 * NAS-Port-Type Virtual, Service-Type Framed-User, Framed-Protocol PPP, Calling-Station-Id = IMSI.
 */
public final class AccessRequestWriter {

    public static final int ACCESS_REQUEST = 1;
    static final int MESSAGE_AUTHENTICATOR = 80;

    private final BenchUsers users;
    private final byte[] secret;
    private final MessageDigest md5 = MessageAuthenticator.newMd5();
    private final MessageAuthenticator hmac;
    private final byte[] packet;
    private final byte[] keyStream = new byte[16];
    private final byte[] clearPassword = new byte[16];
    private final int messageAuthenticatorAt;
    private final int nameAt;
    private final int passwordAt;
    private final int imsiAt;

    public AccessRequestWriter(BenchUsers users, byte[] secret, byte[] nasIpv4) {
        if (nasIpv4.length != 4) {
            throw new IllegalArgumentException("NAS-IP-Address must be 4 bytes");
        }
        this.users = users;
        this.secret = secret.clone();
        this.hmac = new MessageAuthenticator(secret);
        Template t = new Template();
        t.header(ACCESS_REQUEST);
        messageAuthenticatorAt = t.attribute(MESSAGE_AUTHENTICATOR, 16);
        nameAt = t.attribute(1, BenchUsers.NAME_LENGTH);
        passwordAt = t.attribute(2, 16);
        t.fill(t.attribute(4, 4), nasIpv4);
        t.integer(61, 5);  // NAS-Port-Type Virtual: the LNS side of an L2TP tunnel
        t.integer(6, 2);   // Service-Type Framed-User
        t.integer(7, 1);   // Framed-Protocol PPP
        imsiAt = t.attribute(31, BenchUsers.IMSI_LENGTH);
        packet = t.finish();
    }

    /** The buffer {@link #write} fills; valid for {@link #length()} bytes until the next call. */
    public byte[] packet() {
        return packet;
    }

    public int length() {
        return packet.length;
    }

    /**
     * Builds the request for {@code user} with identifier {@code id} and the 16-byte Request Authenticator at
     * {@code authenticator[authOff..]}. A wrong password differs from the right one in its first character,
     * so the server must read the whole password to reject it.
     */
    public int write(int id, byte[] authenticator, int authOff, int user, boolean wrongPassword) {
        packet[1] = (byte) id;
        System.arraycopy(authenticator, authOff, packet, 4, 16);
        users.writeName(user, packet, nameAt);
        users.writeImsi(user, packet, imsiAt);
        users.writePassword(user, clearPassword, 0);
        if (wrongPassword) {
            clearPassword[0] = 'X'; // not in the password alphabet
        }
        hidePassword(authenticator, authOff);
        java.util.Arrays.fill(packet, messageAuthenticatorAt, messageAuthenticatorAt + 16, (byte) 0);
        hmac.compute(packet, 0, packet.length, packet, messageAuthenticatorAt);
        return packet.length;
    }

    private void hidePassword(byte[] authenticator, int authOff) {
        hide(md5, secret, authenticator, authOff, clearPassword, keyStream, packet, passwordAt);
    }

    /**
     * RFC 2865 §5.2 for a password of at most 16 bytes (zero-padded in {@code clear16}): one block,
     * c1 = p1 XOR MD5(secret | Request Authenticator). {@code scratch16} receives the key stream.
     */
    static void hide(MessageDigest md5, byte[] secret, byte[] authenticator, int authOff, byte[] clear16,
                     byte[] scratch16, byte[] out, int outOff) {
        md5.update(secret);
        md5.update(authenticator, authOff, 16);
        try {
            md5.digest(scratch16, 0, 16);
        } catch (DigestException e) {
            throw new IllegalStateException(e);
        }
        for (int k = 0; k < 16; k++) {
            out[outOff + k] = (byte) (clear16[k] ^ scratch16[k]);
        }
    }

    /** Appends attributes to a growing packet and remembers where each value starts. */
    private static final class Template {
        private final byte[] buf = new byte[4096];
        private int length;

        void header(int code) {
            buf[0] = (byte) code;
            length = 20;
        }

        int attribute(int type, int valueLength) {
            buf[length] = (byte) type;
            buf[length + 1] = (byte) (2 + valueLength);
            int valueAt = length + 2;
            length = valueAt + valueLength;
            return valueAt;
        }

        void integer(int type, int value) {
            int at = attribute(type, 4);
            buf[at] = (byte) (value >>> 24);
            buf[at + 1] = (byte) (value >>> 16);
            buf[at + 2] = (byte) (value >>> 8);
            buf[at + 3] = (byte) value;
        }

        void fill(int at, byte[] value) {
            System.arraycopy(value, 0, buf, at, value.length);
        }

        byte[] finish() {
            buf[2] = (byte) (length >>> 8);
            buf[3] = (byte) length;
            return java.util.Arrays.copyOf(buf, length);
        }
    }
}
