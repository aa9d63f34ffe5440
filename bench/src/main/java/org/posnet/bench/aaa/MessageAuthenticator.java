package org.posnet.bench.aaa;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * HMAC-MD5 (RFC 2104) for the RADIUS Message-Authenticator (RFC 3579 §3.2), written over a reused
 * {@link MessageDigest} because {@code javax.crypto.Mac#doFinal} allocates its result on every call and the
 * generator's loop must not allocate. One instance per thread.
 */
public final class MessageAuthenticator {

    private static final int BLOCK = 64;

    private final MessageDigest md5;
    private final byte[] innerPad = new byte[BLOCK];
    private final byte[] outerPad = new byte[BLOCK];
    private final byte[] innerHash = new byte[16];

    public MessageAuthenticator(byte[] secret) {
        md5 = newMd5();
        byte[] key = secret.length > BLOCK ? newMd5().digest(secret) : secret;
        for (int k = 0; k < BLOCK; k++) {
            byte b = k < key.length ? key[k] : 0;
            innerPad[k] = (byte) (b ^ 0x36);
            outerPad[k] = (byte) (b ^ 0x5c);
        }
    }

    /** Writes HMAC-MD5(secret, data[off..off+len)) to {@code out[outOff..outOff+16)}. */
    public void compute(byte[] data, int off, int len, byte[] out, int outOff) {
        try {
            md5.update(innerPad);
            md5.update(data, off, len);
            md5.digest(innerHash, 0, 16);
            md5.update(outerPad);
            md5.update(innerHash);
            md5.digest(out, outOff, 16);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException("MD5 digest into a 16-byte slot cannot fail", e);
        }
    }

    static MessageDigest newMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
    }
}
