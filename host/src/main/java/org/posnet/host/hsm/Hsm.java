package org.posnet.host.hsm;

/**
 * The host's only door to key material, shaped like a payment HSM's command set (Thales-style: import
 * key, generate key, generate/verify MAC, verify PIN, translate PIN) so a hardware HSM can replace the
 * {@link SoftwareHsm}. Keys enter and leave only encrypted — under the LMK ({@link KeyUnderLmk}) or under
 * a TMK ({@link KeyUnderTmk}); parameter names say which key protects a value. Clear keys and PINs never
 * come back, not even inside exception messages.
 */
public interface Hsm {

    /**
     * Imports a clear key from a key ceremony or the fleet file (a terminal's TMK, a ZPK).
     *
     * @param clearHex the key in hex, {@code scheme.keyBytes() * 2} characters
     */
    KeyUnderLmk importKey(KeyUsage usage, KeyScheme scheme, String clearHex) throws HsmException;

    /** Generates a random key (DES-family keys with odd parity). */
    KeyUnderLmk generateKey(KeyUsage usage, KeyScheme scheme) throws HsmException;

    /** Imports a terminal's TMK from the fleet file. */
    default KeyUnderLmk importTmk(KeyScheme scheme, String clearHex) throws HsmException {
        return importKey(KeyUsage.TMK, scheme, clearHex);
    }

    /**
     * Imports a key that the fleet store sealed as clear hex text under the same LMK (the fleet file's
     * TMK), so the clear value is opened only inside the HSM.
     *
     * @param schemes the schemes the key may have; the first whose length fits the opened key is taken
     *                (a fleet "3DES" TMK may be double or triple length)
     */
    KeyUnderLmk importSealedKey(KeyUsage usage, java.util.List<KeyScheme> schemes, byte[] clearHexUnderLmk)
            throws HsmException;

    /** Imports a cardholder PIN that the fleet store sealed as digit text under the same LMK. */
    PinUnderLmk importSealedPin(byte[] clearPinUnderLmk) throws HsmException;

    default KeyUnderLmk generateTmk(KeyScheme scheme) throws HsmException {
        return generateKey(KeyUsage.TMK, scheme);
    }

    /**
     * Generates the working keys of a sign-on (签到): each under the LMK to store, and under the TMK with
     * its check value for field 62.
     */
    WorkingKeys generateWorkingKeys(KeyUnderLmk tmk, WorkingKeyLayout layout) throws HsmException;

    /** Seals a cardholder PIN (digits, 4..12) for the on-us issuer's store. */
    PinUnderLmk importPin(String clearPin) throws HsmException;

    /** Field 64 for a MAC block: 8 bytes. */
    byte[] generateMac(MacAlgorithm algorithm, KeyUnderLmk mak, byte[] macBlock) throws HsmException;

    /** Compares in constant time; false for a MAC of the wrong length. */
    boolean verifyMac(MacAlgorithm algorithm, KeyUnderLmk mak, byte[] macBlock, byte[] mac) throws HsmException;

    /**
     * Decrypts a format-0 PIN block under the terminal's PIK (or, in issuer mode, under the link's ZPK) and
     * compares the PIN with the card's, inside the HSM.
     */
    PinVerification verifyPin(KeyUnderLmk pik, byte[] pinBlockUnderPik, String pan, PinUnderLmk expectedPin)
            throws HsmException;

    /**
     * Re-encrypts a terminal's PIN block under a zone PIN key for the outbound link (format 0 in, format 0
     * out).
     *
     * @return the PIN block under the ZPK
     * @throws HsmException {@link HsmError#PIN_FORMAT} when the block is not format 0 for this PAN
     */
    byte[] translatePin(KeyUnderLmk pik, byte[] pinBlockUnderPik, String pan, KeyUnderLmk zpk) throws HsmException;

    /**
     * Decrypts track data (field 35 or 36 as the codec gives it: digits, {@code D}, ciphertext nibbles)
     * encrypted with the TDK the UnionPay way: over the BCD-packed track, the one block ending just before
     * the last byte is encrypted (3DES ECB, or SM4 ECB with 16-byte blocks); the rest is clear.
     *
     * @return the clear track (digits and {@code D})
     */
    String decryptTrack(KeyUnderLmk tdk, String trackUnderTdk) throws HsmException;
}
