package org.posnet.host.hsm;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The HSM in software: keys sealed by a {@link KeyWrapper} (the LMK), DES and SM4 by BouncyCastle's
 * cores, SHA-256 by the JDK.
 * Working keys used for MAC, PIN and track commands stay open inside it once opened ({@link OpenKey},
 * held by the very {@link KeyUnderLmk} instance it was opened from, so a session's keys are found without
 * hashing and a replaced key's open form goes with it), as a hardware HSM keeps loaded keys in its secure
 * memory: opening a key (unseal + check value) costs more than the MAC itself. Stored PINs are kept only
 * as a salted SHA-256 of their digits, never in clear (held likewise by their {@link PinUnderLmk}). Any
 * other clear key or PIN it opens is wiped before the command returns, so is the per-thread buffer a PIN
 * check decrypts into.
 *
 * <p>Sealed layout: {@code [1][usage][scheme][key…]} for keys, {@code [1][0][0][PIN digits…]} for
 * PINs; usage and scheme travel inside the seal so a stored record cannot be relabelled.
 */
public final class SoftwareHsm implements Hsm {

    private static final byte VERSION = 1;
    private static final byte PIN_MARK = 0;

    /** A stored PIN's salted digest, kept on its {@link PinUnderLmk} by the HSM that made it. */
    static final class PinDigest {
        final SoftwareHsm owner;
        final byte[] digest;

        PinDigest(SoftwareHsm owner, byte[] digest) {
            this.owner = owner;
            this.digest = digest;
        }

        @Override
        public String toString() {
            return "PinDigest";
        }
    }

    /** Per-thread buffers of the MAC and PIN commands, so a sale's HSM work allocates next to nothing. */
    private static final class Scratch {
        final byte[] work = new byte[MacAlgorithm.WORK_BYTES];
        final byte[] digits = new byte[PinBlockFormat0.MAX_PIN];
        final byte[] digest = new byte[32];
        final MessageDigest sha256;

        Scratch() {
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 unavailable");
            }
        }

        /** Clears what a PIN command left: the clear PIN block, the digits and their digest. */
        void wipe() {
            wipe(work);
            wipe(digits);
            wipe(digest);
        }

        /** Arrays.fill's stub call costs more than a few wide stores into these small arrays. */
        private static void wipe(byte[] b) {
            int i = 0;
            for (; i + 8 <= b.length; i += 8) {
                LONG.set(b, i, 0L);
            }
            for (; i < b.length; i++) {
                b[i] = 0;
            }
        }
    }

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final KeyWrapper lmk;
    private final SecureRandom random;
    /** Salt of the PIN digests: random per process, so a digest means nothing outside it. */
    private final byte[] pinSalt = new byte[32];

    public SoftwareHsm(KeyWrapper lmk, SecureRandom random) {
        if (lmk == null || random == null) {
            throw new IllegalArgumentException("an LMK and a random source are required");
        }
        this.lmk = lmk;
        this.random = random;
        random.nextBytes(pinSalt);
    }

    // ------------------------------------------------------------------ keys

    @Override
    public KeyUnderLmk importKey(KeyUsage usage, KeyScheme scheme, String clearHex) throws HsmException {
        if (usage == null || scheme == null) {
            throw new HsmException(HsmError.BAD_INPUT, "usage and scheme are required");
        }
        byte[] clear = parseHex(clearHex, scheme.keyBytes());
        try {
            return seal(usage, scheme, clear);
        } finally {
            Arrays.fill(clear, (byte) 0);
        }
    }

    @Override
    public KeyUnderLmk importSealedKey(KeyUsage usage, java.util.List<KeyScheme> schemes, byte[] clearHexUnderLmk)
            throws HsmException {
        if (usage == null || schemes == null || schemes.isEmpty() || clearHexUnderLmk == null) {
            throw new HsmException(HsmError.BAD_INPUT, "usage, schemes and the sealed key are required");
        }
        byte[] text = unwrap(clearHexUnderLmk);
        try {
            for (KeyScheme scheme : schemes) {
                if (text.length == scheme.keyBytes() * 2) {
                    byte[] clear = parseHex(text, scheme.keyBytes());
                    try {
                        return seal(usage, scheme, clear);
                    } finally {
                        Arrays.fill(clear, (byte) 0);
                    }
                }
            }
            throw new HsmException(HsmError.BAD_INPUT, "the sealed key has " + text.length + " hex characters, which fits none of "
                    + schemes);
        } finally {
            Arrays.fill(text, (byte) 0);
        }
    }

    @Override
    public PinUnderLmk importSealedPin(byte[] clearPinUnderLmk) throws HsmException {
        if (clearPinUnderLmk == null) {
            throw new HsmException(HsmError.BAD_INPUT, "the sealed PIN is required");
        }
        byte[] text = unwrap(clearPinUnderLmk);
        byte[] envelope = new byte[3 + text.length];
        try {
            if (text.length < 4 || text.length > 12) {
                throw new HsmException(HsmError.BAD_INPUT, "a PIN has 4 to 12 digits");
            }
            envelope[0] = VERSION;
            envelope[1] = PIN_MARK;
            envelope[2] = PIN_MARK;
            for (int i = 0; i < text.length; i++) {
                if (text[i] < '0' || text[i] > '9') {
                    throw new HsmException(HsmError.BAD_INPUT, "a PIN has only digits");
                }
                envelope[3 + i] = (byte) (text[i] - '0');
            }
            return new PinUnderLmk(lmk.wrap(envelope));
        } finally {
            Arrays.fill(text, (byte) 0);
            Arrays.fill(envelope, (byte) 0);
        }
    }

    @Override
    public KeyUnderLmk generateKey(KeyUsage usage, KeyScheme scheme) throws HsmException {
        if (usage == null || scheme == null) {
            throw new HsmException(HsmError.BAD_INPUT, "usage and scheme are required");
        }
        byte[] clear = randomKey(scheme);
        try {
            return seal(usage, scheme, clear);
        } finally {
            Arrays.fill(clear, (byte) 0);
        }
    }

    @Override
    public WorkingKeys generateWorkingKeys(KeyUnderLmk tmk, WorkingKeyLayout layout) throws HsmException {
        if (layout == null) {
            throw new HsmException(HsmError.BAD_INPUT, "a working-key layout (60.3) is required");
        }
        requireUsage(tmk, KeyUsage.TMK);
        KeyScheme scheme = layout.workingScheme(tmk.scheme());
        if (scheme == null) {
            throw new HsmException(HsmError.KEY_SCHEME, "60.3 = " + layout.networkCode() + " cannot be served under a "
                    + tmk.scheme() + " TMK");
        }
        byte[] clearTmk = open(tmk);
        try {
            WorkingKey pik = workingKey(KeyUsage.PIK, scheme, tmk.scheme(), clearTmk);
            WorkingKey mak = workingKey(KeyUsage.MAK, scheme, tmk.scheme(), clearTmk);
            WorkingKey tdk = layout.withTdk() ? workingKey(KeyUsage.TDK, scheme, tmk.scheme(), clearTmk) : null;
            return new WorkingKeys(layout, pik, mak, tdk);
        } finally {
            Arrays.fill(clearTmk, (byte) 0);
        }
    }

    private WorkingKey workingKey(KeyUsage usage, KeyScheme scheme, KeyScheme tmkScheme, byte[] clearTmk) {
        byte[] clear = randomKey(scheme);
        try {
            KeyUnderLmk underLmk = seal(usage, scheme, clear);
            byte[] encrypted = EcbCipher.encrypt(tmkScheme, clearTmk, clear);
            return new WorkingKey(underLmk, new KeyUnderTmk(usage, scheme, encrypted, underLmk.checkValue()));
        } finally {
            Arrays.fill(clear, (byte) 0);
        }
    }

    // ------------------------------------------------------------------ MAC

    // the MAC commands leave in the scratch buffer only values derived from public data under the MAK

    @Override
    public byte[] generateMac(MacAlgorithm algorithm, KeyUnderLmk mak, byte[] macBlock) throws HsmException {
        byte[] work = SCRATCH.get().work;
        mac(algorithm, mak, macBlock, work);
        return Arrays.copyOf(work, 8);
    }

    @Override
    public boolean verifyMac(MacAlgorithm algorithm, KeyUnderLmk mak, byte[] macBlock, byte[] mac) throws HsmException {
        byte[] work = SCRATCH.get().work;
        mac(algorithm, mak, macBlock, work);
        if (mac == null || mac.length != 8) {
            return false;
        }
        int diff = 0; // constant time: no early exit on the first differing byte
        for (int i = 0; i < 8; i++) {
            diff |= work[i] ^ mac[i];
        }
        return diff == 0;
    }

    /** The MAC of the block into {@code work[0..8)}. */
    private void mac(MacAlgorithm algorithm, KeyUnderLmk mak, byte[] macBlock, byte[] work) throws HsmException {
        if (algorithm == null || macBlock == null) {
            throw new HsmException(HsmError.BAD_INPUT, "algorithm and MAC block are required");
        }
        requireUsage(mak, KeyUsage.MAK);
        algorithm.compute(opened(mak), macBlock, work);
    }

    // ------------------------------------------------------------------ PIN

    @Override
    public PinUnderLmk importPin(String clearPin) throws HsmException {
        if (clearPin == null || clearPin.length() < 4 || clearPin.length() > 12) {
            throw new HsmException(HsmError.BAD_INPUT, "a PIN has 4 to 12 digits");
        }
        byte[] envelope = new byte[3 + clearPin.length()];
        envelope[0] = VERSION;
        envelope[1] = PIN_MARK;
        envelope[2] = PIN_MARK;
        try {
            for (int i = 0; i < clearPin.length(); i++) {
                char c = clearPin.charAt(i);
                if (c < '0' || c > '9') {
                    throw new HsmException(HsmError.BAD_INPUT, "a PIN has only digits");
                }
                envelope[3 + i] = (byte) (c - '0');
            }
            return new PinUnderLmk(lmk.wrap(envelope));
        } finally {
            Arrays.fill(envelope, (byte) 0);
        }
    }

    @Override
    public PinVerification verifyPin(KeyUnderLmk pik, byte[] pinBlockUnderPik, String pan, PinUnderLmk expectedPin)
            throws HsmException {
        if (expectedPin == null) {
            throw new HsmException(HsmError.BAD_INPUT, "the card's PIN is required");
        }
        OpenKey key = pinKey(pik, pinBlockUnderPik, true);
        Scratch s = SCRATCH.get();
        int blockBytes = pinBlockUnderPik.length;
        try {
            System.arraycopy(pinBlockUnderPik, 0, s.work, 0, blockBytes);
            key.decryptBlock(s.work, 0);
            int length = PinBlockFormat0.extract(s.work, 0, blockBytes, pan, s.digits);
            if (length < 0) {
                return PinVerification.FORMAT_ERROR;
            }
            byte[] expected = pinDigest(expectedPin);
            digest(s.sha256, s.digits, length, s.digest);
            return MessageDigest.isEqual(expected, s.digest) ? PinVerification.VERIFIED : PinVerification.MISMATCH;
        } finally {
            s.wipe();
        }
    }

    /** The salted digest of a stored PIN's digits, unsealed once per sealed record. */
    private byte[] pinDigest(PinUnderLmk pin) throws HsmException {
        PinDigest known = pin.digest();
        if (known != null && known.owner == this) {
            return known.digest;
        }
        byte[] d = new byte[32];
        byte[] envelope = unwrap(pin.sealed());
        try {
            if (envelope.length < 3 || envelope[0] != VERSION || envelope[1] != PIN_MARK || envelope[2] != PIN_MARK) {
                throw new HsmException(HsmError.KEY_INTEGRITY, "the stored PIN is not a sealed PIN");
            }
            byte[] stored = Arrays.copyOfRange(envelope, 3, envelope.length);
            try {
                digest(SCRATCH.get().sha256, stored, stored.length, d);
            } finally {
                Arrays.fill(stored, (byte) 0);
            }
        } finally {
            Arrays.fill(envelope, (byte) 0);
        }
        pin.digest(new PinDigest(this, d));
        return d;
    }

    /** SHA-256 of salt ‖ length ‖ digits into {@code out} (32 bytes). */
    private void digest(MessageDigest md, byte[] digits, int length, byte[] out) {
        md.reset();
        md.update(pinSalt);
        md.update((byte) length);
        md.update(digits, 0, length);
        try {
            md.digest(out, 0, 32);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException("SHA-256 digest failed");
        }
    }

    @Override
    public byte[] translatePin(KeyUnderLmk pik, byte[] pinBlockUnderPik, String pan, KeyUnderLmk zpk) throws HsmException {
        requireUsage(zpk, KeyUsage.ZPK);
        byte[] entered = openPinBlock(pik, pinBlockUnderPik, pan, false);
        if (entered == null) {
            throw new HsmException(HsmError.PIN_FORMAT, "the PIN block is not format 0 for this PAN");
        }
        byte[] block = null;
        try {
            OpenKey zoneKey = opened(zpk);
            block = PinBlockFormat0.build(entered, pan, zpk.scheme().blockBytes());
            return zoneKey.encrypt(block);
        } finally {
            Arrays.fill(entered, (byte) 0);
            if (block != null) {
                Arrays.fill(block, (byte) 0);
            }
        }
    }

    /** The entered PIN digits, or null when the block is not format 0 for this PAN. */
    private byte[] openPinBlock(KeyUnderLmk pik, byte[] pinBlockUnderPik, String pan, boolean zoneKeyAllowed)
            throws HsmException {
        byte[] clearBlock = pinKey(pik, pinBlockUnderPik, zoneKeyAllowed).decrypt(pinBlockUnderPik);
        try {
            return PinBlockFormat0.extract(clearBlock, pan);
        } finally {
            Arrays.fill(clearBlock, (byte) 0);
        }
    }

    /** The open key a PIN block is under, after checking the key's usage and the block's length. */
    private OpenKey pinKey(KeyUnderLmk pik, byte[] pinBlockUnderPik, boolean zoneKeyAllowed) throws HsmException {
        // verification also serves the issuer side of a link, where the block arrives under the zone PIN key;
        // translation accepts only a terminal PIK as its source
        if (!(zoneKeyAllowed && pik != null && pik.usage() == KeyUsage.ZPK)) {
            requireUsage(pik, KeyUsage.PIK);
        }
        if (pinBlockUnderPik == null || pinBlockUnderPik.length != pik.scheme().blockBytes()) {
            throw new HsmException(HsmError.BAD_INPUT, "a PIN block under a " + pik.scheme() + " PIK has "
                    + pik.scheme().blockBytes() + " bytes");
        }
        return opened(pik);
    }

    // ------------------------------------------------------------------ track data

    @Override
    public String decryptTrack(KeyUnderLmk tdk, String trackUnderTdk) throws HsmException {
        requireUsage(tdk, KeyUsage.TDK);
        if (trackUnderTdk == null) {
            throw new HsmException(HsmError.BAD_INPUT, "track data is required");
        }
        int nibbles = trackUnderTdk.length();
        byte[] packed = new byte[(nibbles + 1) / 2];
        for (int i = 0; i < nibbles; i++) {
            int v = Character.digit(trackUnderTdk.charAt(i), 16);
            if (v < 0) {
                throw new HsmException(HsmError.BAD_INPUT, "track data has a character that is not a nibble at " + i);
            }
            packed[i >> 1] |= (byte) ((i & 1) == 0 ? v << 4 : v);
        }
        int block = tdk.scheme().blockBytes();
        if (packed.length < block + 1) {
            throw new HsmException(HsmError.BAD_INPUT, "track data of " + packed.length + " bytes is too short to hold an encrypted block");
        }
        int from = packed.length - 1 - block;
        byte[] clear = opened(tdk).decrypt(Arrays.copyOfRange(packed, from, from + block));
        System.arraycopy(clear, 0, packed, from, block);
        char[] out = new char[nibbles];
        for (int i = 0; i < nibbles; i++) {
            int v = (i & 1) == 0 ? (packed[i >> 1] >> 4) & 0xF : packed[i >> 1] & 0xF;
            if (v > 9 && v != 0xD) {
                throw new HsmException(HsmError.BAD_INPUT, "track data does not decrypt to digits and D (wrong TDK?)");
            }
            out[i] = Character.toUpperCase(Character.forDigit(v, 16));
        }
        return new String(out);
    }

    // ------------------------------------------------------------------ sealing

    private KeyUnderLmk seal(KeyUsage usage, KeyScheme scheme, byte[] clear) {
        byte[] envelope = new byte[3 + clear.length];
        envelope[0] = VERSION;
        envelope[1] = (byte) usage.code();
        envelope[2] = (byte) scheme.code();
        System.arraycopy(clear, 0, envelope, 3, clear.length);
        try {
            return new KeyUnderLmk(usage, scheme, lmk.wrap(envelope), EcbCipher.checkValue(scheme, clear));
        } finally {
            Arrays.fill(envelope, (byte) 0);
        }
    }

    /**
     * The key's open form, opening it (with every check of {@link #open}) on first use by this HSM. It is
     * kept on the record instance, whose label and bytes cannot change: a relabelled or altered copy is
     * another instance and is opened (and refused) on its own.
     */
    private OpenKey opened(KeyUnderLmk key) throws HsmException {
        OpenKey k = key.open();
        if (k != null && k.owner == this) {
            return k;
        }
        byte[] clear = open(key);
        try {
            k = new OpenKey(this, key.usage(), key.scheme(), clear);
        } finally {
            Arrays.fill(clear, (byte) 0);
        }
        key.open(k);
        return k;
    }

    /** The clear key; the caller wipes it. Refuses a record whose label, seal or check value disagree. */
    private byte[] open(KeyUnderLmk key) throws HsmException {
        byte[] envelope = unwrap(key.sealed());
        try {
            if (envelope.length != 3 + key.scheme().keyBytes() || envelope[0] != VERSION
                    || envelope[1] != key.usage().code() || envelope[2] != key.scheme().code()) {
                throw new HsmException(HsmError.KEY_INTEGRITY, "sealed key does not match its label " + key.usage() + " "
                        + key.scheme());
            }
            byte[] clear = Arrays.copyOfRange(envelope, 3, envelope.length);
            if (!MessageDigest.isEqual(EcbCipher.checkValue(key.scheme(), clear), key.checkValue())) {
                Arrays.fill(clear, (byte) 0);
                throw new HsmException(HsmError.KEY_INTEGRITY, "check value does not match the sealed key");
            }
            return clear;
        } finally {
            Arrays.fill(envelope, (byte) 0);
        }
    }

    private byte[] unwrap(byte[] sealed) throws HsmException {
        try {
            return lmk.unwrap(sealed);
        } catch (RuntimeException e) {
            // the wrapper's message could describe the input; keep only the kind of failure
            throw new HsmException(HsmError.KEY_INTEGRITY, "sealed value does not open under this LMK ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static void requireUsage(KeyUnderLmk key, KeyUsage usage) throws HsmException {
        if (key == null) {
            throw new HsmException(HsmError.BAD_INPUT, "a " + usage + " is required");
        }
        if (key.usage() != usage) {
            throw new HsmException(HsmError.KEY_USAGE, "a " + key.usage() + " was given where a " + usage + " is required");
        }
    }

    private byte[] randomKey(KeyScheme scheme) {
        byte[] key = new byte[scheme.keyBytes()];
        random.nextBytes(key);
        if (scheme.isDesFamily()) {
            // DES ignores the low bit of each byte; odd parity is what HSMs and terminals expect
            for (int i = 0; i < key.length; i++) {
                int b = key[i] & 0xFE;
                key[i] = (byte) (Integer.bitCount(b) % 2 == 0 ? b | 1 : b);
            }
        }
        return key;
    }

    /** Hex given as ASCII bytes (as the fleet store seals it), so no String copy of a clear key is made. */
    private static byte[] parseHex(byte[] hex, int bytes) throws HsmException {
        byte[] out = new byte[bytes];
        for (int i = 0; i < hex.length; i++) {
            int v = Character.digit(hex[i], 16);
            if (v < 0) {
                Arrays.fill(out, (byte) 0);
                throw new HsmException(HsmError.BAD_INPUT, "a clear key is hex characters only");
            }
            out[i >> 1] |= (byte) ((i & 1) == 0 ? v << 4 : v);
        }
        return out;
    }

    private static byte[] parseHex(String hex, int bytes) throws HsmException {
        if (hex == null || hex.length() != bytes * 2) {
            throw new HsmException(HsmError.BAD_INPUT, "a clear key here is " + bytes * 2 + " hex characters");
        }
        byte[] out = new byte[bytes];
        for (int i = 0; i < hex.length(); i++) {
            int v = Character.digit(hex.charAt(i), 16);
            if (v < 0) {
                Arrays.fill(out, (byte) 0);
                throw new HsmException(HsmError.BAD_INPUT, "a clear key is hex characters only");
            }
            out[i >> 1] |= (byte) ((i & 1) == 0 ? v << 4 : v);
        }
        return out;
    }
}
