package org.posnet.host.hsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.posnet.host.hsm.Reference.desEcb;
import static org.posnet.host.hsm.Reference.hex;
import static org.posnet.host.hsm.Reference.sm4Ecb;

import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.engines.DESEngine;
import org.bouncycastle.crypto.macs.ISO9797Alg3Mac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.posnet.host.iso.Dialect;
import org.posnet.host.iso.IsoCodec;
import org.posnet.host.iso.IsoMessage;

class SoftwareHsmTest {

    static final String TMK_HEX = "0123456789ABCDEFFEDCBA9876543210";
    static final String PIK_HEX = "1C1C1C1C1C1C1C1C2A2A2A2A2A2A2A2A";
    static final String ZPK_HEX = "4A4A4A4A4A4A4A4AE5E5E5E5E5E5E5E5";
    static final String MAK_HEX = "89ABCDEF01234567FEDCBA9876543210";
    static final String SM4_HEX = "0123456789ABCDEFFEDCBA9876543210";

    private final Hsm hsm = new SoftwareHsm(new AesKeyWrapper(), new SecureRandom());

    // ------------------------------------------------------------ check values

    @Test
    void checkValue_matchesPublishedVectors() throws Exception {
        // the classic double-length test key; its KCV 08D7B4 is printed in HSM manuals
        KeyUnderLmk tmk = hsm.importTmk(KeyScheme.TDES_2KEY, TMK_HEX);
        assertThat(tmk.checkValueHex()).isEqualTo("08D7B4FB");
        assertThat(tmk.checkValue()).isEqualTo(Arrays.copyOf(desEcb(true, hex(TMK_HEX), new byte[8]), 4));
        // single DES 0123456789ABCDEF encrypting zeros gives D5D44FF720683D0D (FIPS-style test key)
        assertThat(hsm.importKey(KeyUsage.TMK, KeyScheme.DES, "0123456789ABCDEF").checkValueHex()).isEqualTo("D5D44FF7");
        // SM4: GB/T 32907 example key; check value from BouncyCastle directly
        KeyUnderLmk sm4 = hsm.importTmk(KeyScheme.SM4, SM4_HEX);
        assertThat(sm4.checkValue()).isEqualTo(Arrays.copyOf(sm4Ecb(true, hex(SM4_HEX), new byte[16]), 4));
    }

    @Test
    void sm4Engine_meetsTheStandardsExample() {
        // GB/T 32907-2016 appendix A: key = plaintext = 0123456789ABCDEFFEDCBA9876543210
        assertThat(hex(sm4Ecb(true, hex(SM4_HEX), hex(SM4_HEX)))).isEqualTo("681EDF34D206965E86B3E94F536E4246");
    }

    // ------------------------------------------------------------ sign-on working keys

    @Test
    void workingKeys_001_singleLength_24Bytes() throws Exception {
        KeyUnderLmk tmk = hsm.importTmk(KeyScheme.TDES_2KEY, TMK_HEX);

        WorkingKeys keys = hsm.generateWorkingKeys(tmk, WorkingKeyLayout.SINGLE_LENGTH);

        byte[] f62 = keys.field62();
        assertThat(f62).hasSize(24);
        byte[] pik = desEcb(false, hex(TMK_HEX), Arrays.copyOfRange(f62, 0, 8));
        byte[] mak = desEcb(false, hex(TMK_HEX), Arrays.copyOfRange(f62, 12, 20));
        assertThat(Arrays.copyOfRange(f62, 8, 12)).isEqualTo(Arrays.copyOf(desEcb(true, pik, new byte[8]), 4));
        assertThat(Arrays.copyOfRange(f62, 20, 24)).isEqualTo(Arrays.copyOf(desEcb(true, mak, new byte[8]), 4));
        assertThat(keys.pik().underLmk().scheme()).isEqualTo(KeyScheme.DES);
        assertThat(keys.tdk()).isNull();
        assertOddParity(pik);
        byte[] block = "0200 some bytes of a MAC block".getBytes();
        assertThat(hsm.generateMac(MacAlgorithm.UNIONPAY_ECB, keys.mak().underLmk(), block))
                .isEqualTo(Reference.unionPayMac(mak, block, false));
    }

    @Test
    void workingKeys_003_and_004_doubleLength() throws Exception {
        KeyUnderLmk tmk = hsm.importTmk(KeyScheme.TDES_2KEY, TMK_HEX);

        WorkingKeys k3 = hsm.generateWorkingKeys(tmk, WorkingKeyLayout.DOUBLE_LENGTH);
        WorkingKeys k4 = hsm.generateWorkingKeys(tmk, WorkingKeyLayout.DOUBLE_LENGTH_WITH_TDK);

        assertThat(k3.field62()).hasSize(40);
        assertThat(k4.field62()).hasSize(60);
        byte[] f62 = k4.field62();
        for (int at = 0; at < 60; at += 20) {
            byte[] clear = desEcb(false, hex(TMK_HEX), Arrays.copyOfRange(f62, at, at + 16));
            assertThat(Arrays.copyOfRange(f62, at + 16, at + 20)).as("check value at " + at)
                    .isEqualTo(Arrays.copyOf(desEcb(true, clear, new byte[8]), 4));
            assertOddParity(clear);
        }
        byte[] mak = desEcb(false, hex(TMK_HEX), Arrays.copyOfRange(f62, 20, 36));
        byte[] block = "0200 data".getBytes();
        assertThat(hsm.generateMac(MacAlgorithm.X9_19, k4.mak().underLmk(), block)).isEqualTo(Reference.x919(mak, block));
        assertThat(k4.pik().underLmk().usage()).isEqualTo(KeyUsage.PIK);
        assertThat(k4.tdk().underTmk().usage()).isEqualTo(KeyUsage.TDK);
        assertThat(WorkingKeyLayout.ofNetworkCode("004")).isEqualTo(WorkingKeyLayout.DOUBLE_LENGTH_WITH_TDK);
        assertThat(WorkingKeyLayout.ofNetworkCode("201")).isNull();
    }

    @Test
    void workingKeys_sm4_useThe003And004Layouts() throws Exception {
        KeyUnderLmk tmk = hsm.importTmk(KeyScheme.SM4, SM4_HEX);

        WorkingKeys keys = hsm.generateWorkingKeys(tmk, WorkingKeyLayout.DOUBLE_LENGTH_WITH_TDK);

        byte[] f62 = keys.field62();
        assertThat(f62).hasSize(60);
        byte[] mak = sm4Ecb(false, hex(SM4_HEX), Arrays.copyOfRange(f62, 20, 36));
        assertThat(Arrays.copyOfRange(f62, 36, 40)).isEqualTo(Arrays.copyOf(sm4Ecb(true, mak, new byte[16]), 4));
        byte[] block = "0200 an SM4 terminal's MAC block, longer than two blocks".getBytes();
        assertThat(hsm.generateMac(MacAlgorithm.SM4_UNIONPAY, keys.mak().underLmk(), block))
                .isEqualTo(Reference.unionPayMac(mak, block, true));
        assertThat(hsm.generateWorkingKeys(tmk, WorkingKeyLayout.DOUBLE_LENGTH).field62()).hasSize(40);
        assertThatThrownBy(() -> hsm.generateWorkingKeys(tmk, WorkingKeyLayout.SINGLE_LENGTH))
                .isInstanceOfSatisfying(HsmException.class, e -> assertThat(e.error()).isEqualTo(HsmError.KEY_SCHEME));
    }

    @Test
    void workingKeys_needATmk() throws Exception {
        KeyUnderLmk mak = hsm.importKey(KeyUsage.MAK, KeyScheme.TDES_2KEY, MAK_HEX);

        assertThatThrownBy(() -> hsm.generateWorkingKeys(mak, WorkingKeyLayout.DOUBLE_LENGTH))
                .isInstanceOfSatisfying(HsmException.class, e -> assertThat(e.error()).isEqualTo(HsmError.KEY_USAGE));
    }

    // ------------------------------------------------------------ MAC

    @Test
    void mac_everyAlgorithm_matchesTheSeparateComputation() throws Exception {
        IsoCodec codec = new IsoCodec(Dialect.unionPayPos());
        IsoMessage sale = IsoMessage.builder("0200").with(3, "000000").with(4, "000000012345").with(11, "000124")
                .with(41, "10000001").with(42, "898110058120001").with(49, "156").with(60, "22000002000").build();
        byte[] block = codec.macBlock(sale);
        byte[] makKey = hex(MAK_HEX);
        KeyUnderLmk mak = hsm.importKey(KeyUsage.MAK, KeyScheme.TDES_2KEY, MAK_HEX);

        assertThat(hsm.generateMac(MacAlgorithm.UNIONPAY_ECB, mak, block)).isEqualTo(Reference.unionPayMac(makKey, block, false));
        assertThat(hsm.generateMac(MacAlgorithm.X9_9, mak, block))
                .isEqualTo(Reference.desCbcLastBlock(Arrays.copyOf(makKey, 8), block));
        ISO9797Alg3Mac bc = new ISO9797Alg3Mac(new DESEngine());
        bc.init(new KeyParameter(makKey));
        bc.update(block, 0, block.length);
        byte[] bcMac = new byte[8];
        bc.doFinal(bcMac, 0);
        assertThat(hsm.generateMac(MacAlgorithm.X9_19, mak, block)).isEqualTo(bcMac).isEqualTo(Reference.x919(makKey, block));

        KeyUnderLmk sm4Mak = hsm.importKey(KeyUsage.MAK, KeyScheme.SM4, SM4_HEX);
        assertThat(hsm.generateMac(MacAlgorithm.SM4_UNIONPAY, sm4Mak, block)).isEqualTo(Reference.unionPayMac(hex(SM4_HEX), block, true));
    }

    @Test
    void unionPayMac_isEightHexCharacters() throws Exception {
        KeyUnderLmk mak = hsm.importKey(KeyUsage.MAK, KeyScheme.DES, "0123456789ABCDEF");

        byte[] mac = hsm.generateMac(MacAlgorithm.UNIONPAY_ECB, mak, "1234567890ABCDEFGHIJ".getBytes());

        assertThat(new String(mac, java.nio.charset.StandardCharsets.US_ASCII)).matches("[0-9A-F]{8}");
        assertThat(mac).isEqualTo(Reference.unionPayMac(hex("0123456789ABCDEF"), "1234567890ABCDEFGHIJ".getBytes(), false));
    }

    @Test
    void verifyMac_acceptsTheRightMacOnly() throws Exception {
        KeyUnderLmk mak = hsm.importKey(KeyUsage.MAK, KeyScheme.TDES_2KEY, MAK_HEX);
        byte[] block = "0200 block".getBytes();
        for (MacAlgorithm alg : new MacAlgorithm[] {MacAlgorithm.UNIONPAY_ECB, MacAlgorithm.X9_9, MacAlgorithm.X9_19}) {
            byte[] mac = hsm.generateMac(alg, mak, block);
            assertThat(hsm.verifyMac(alg, mak, block, mac)).as(alg.name()).isTrue();
            byte[] wrong = mac.clone();
            wrong[7] ^= 1;
            assertThat(hsm.verifyMac(alg, mak, block, wrong)).isFalse();
            assertThat(hsm.verifyMac(alg, mak, "0200 blocK".getBytes(), mac)).isFalse();
            assertThat(hsm.verifyMac(alg, mak, block, Arrays.copyOf(mac, 4))).isFalse();
        }
    }

    @Test
    void mac_refusesAKeyThatDoesNotFitTheAlgorithm() throws Exception {
        KeyUnderLmk single = hsm.importKey(KeyUsage.MAK, KeyScheme.DES, "0123456789ABCDEF");
        KeyUnderLmk sm4 = hsm.importKey(KeyUsage.MAK, KeyScheme.SM4, SM4_HEX);
        KeyUnderLmk pik = hsm.importKey(KeyUsage.PIK, KeyScheme.TDES_2KEY, PIK_HEX);

        assertHsmError(() -> hsm.generateMac(MacAlgorithm.X9_19, single, new byte[8]), HsmError.KEY_SCHEME);
        assertHsmError(() -> hsm.generateMac(MacAlgorithm.UNIONPAY_ECB, sm4, new byte[8]), HsmError.KEY_SCHEME);
        assertHsmError(() -> hsm.generateMac(MacAlgorithm.SM4_UNIONPAY, single, new byte[8]), HsmError.KEY_SCHEME);
        assertHsmError(() -> hsm.generateMac(MacAlgorithm.UNIONPAY_ECB, pik, new byte[8]), HsmError.KEY_USAGE);
    }

    // ------------------------------------------------------------ PIN

    @Test
    void pinBlockFormat0_classicExample() {
        // PIN 1234, PAN 4111111111111111: 041234FFFFFFFFFF XOR 0000111111111111
        byte[] block = PinBlockFormat0.build(new byte[] {1, 2, 3, 4}, "4111111111111111", 8);

        assertThat(hex(block)).isEqualTo("041225EEEEEEEEEE");
        assertThat(PinBlockFormat0.extract(block, "4111111111111111")).containsExactly(1, 2, 3, 4);
        assertThat(PinBlockFormat0.extract(block, "4111111111111129")).isNull();
    }

    @Test
    void verifyPin_format0UnderThePik() throws Exception {
        KeyUnderLmk pik = hsm.importKey(KeyUsage.PIK, KeyScheme.TDES_2KEY, PIK_HEX);
        String pan = "6222021234567890123";
        byte[] underPik = desEcb(true, hex(PIK_HEX), clearFormat0("123456", pan));
        PinUnderLmk cardPin = hsm.importPin("123456");

        assertThat(hsm.verifyPin(pik, underPik, pan, cardPin)).isEqualTo(PinVerification.VERIFIED);
        assertThat(hsm.verifyPin(pik, underPik, pan, hsm.importPin("123457"))).isEqualTo(PinVerification.MISMATCH);
        assertThat(hsm.verifyPin(pik, underPik, pan, hsm.importPin("1234567"))).isEqualTo(PinVerification.MISMATCH);
        assertThat(hsm.verifyPin(pik, underPik, "6222021234567890999", cardPin)).isEqualTo(PinVerification.FORMAT_ERROR);
        assertThat(hsm.verifyPin(pik, desEcb(true, hex(PIK_HEX), hex("1612345FFFFFFFFF")), "4111111111111111", cardPin))
                .as("control nibble 1").isEqualTo(PinVerification.FORMAT_ERROR);
        assertThat(hsm.verifyPin(pik, new byte[8], pan, cardPin)).isEqualTo(PinVerification.FORMAT_ERROR);
        assertHsmError(() -> hsm.verifyPin(pik, new byte[7], pan, cardPin), HsmError.BAD_INPUT);
    }

    @Test
    void translatePin_fromPikToZpk() throws Exception {
        KeyUnderLmk pik = hsm.importKey(KeyUsage.PIK, KeyScheme.TDES_2KEY, PIK_HEX);
        KeyUnderLmk zpk = hsm.importKey(KeyUsage.ZPK, KeyScheme.TDES_2KEY, ZPK_HEX);
        String pan = "4111111111111111";
        byte[] underPik = desEcb(true, hex(PIK_HEX), hex("041225EEEEEEEEEE"));

        byte[] underZpk = hsm.translatePin(pik, underPik, pan, zpk);

        assertThat(hex(desEcb(false, hex(ZPK_HEX), underZpk))).isEqualTo("041225EEEEEEEEEE");
        assertThat(underZpk).isNotEqualTo(underPik);
        assertHsmError(() -> hsm.translatePin(pik, new byte[8], pan, zpk), HsmError.PIN_FORMAT);
        assertHsmError(() -> hsm.translatePin(pik, underPik, pan, pik), HsmError.KEY_USAGE);
    }

    @Test
    void pin_sm4UsesTheWidenedFormat0Block() throws Exception {
        KeyUnderLmk pik = hsm.importKey(KeyUsage.PIK, KeyScheme.SM4, SM4_HEX);
        KeyUnderLmk zpk = hsm.importKey(KeyUsage.ZPK, KeyScheme.TDES_2KEY, ZPK_HEX);
        String pan = "4111111111111111";
        // PIN field 041234 + F to 32 nibbles; PAN field 20 zeros + 111111111111
        byte[] clear = hex("041234FFFFFFFFFFFFFFFFFFFFFFFFFF");
        byte[] panField = hex("00000000000000000000111111111111");
        for (int i = 0; i < 16; i++) {
            clear[i] ^= panField[i];
        }
        byte[] underPik = sm4Ecb(true, hex(SM4_HEX), clear);

        assertThat(hsm.verifyPin(pik, underPik, pan, hsm.importPin("1234"))).isEqualTo(PinVerification.VERIFIED);
        assertThat(hex(desEcb(false, hex(ZPK_HEX), hsm.translatePin(pik, underPik, pan, zpk)))).isEqualTo("041225EEEEEEEEEE");
    }

    @Test
    void importPin_refusesWhatIsNotAPin() {
        assertHsmError(() -> hsm.importPin("123"), HsmError.BAD_INPUT);
        assertHsmError(() -> hsm.importPin("12a4"), HsmError.BAD_INPUT);
        assertHsmError(() -> hsm.importPin("1234567890123"), HsmError.BAD_INPUT);
    }

    // ------------------------------------------------------------ track data

    @Test
    void decryptTrack_theBlockBeforeTheLastByte() throws Exception {
        String tdkHex = "A7B6C5D4E3F20110F1E2D3C4B5A69788";
        KeyUnderLmk tdk = hsm.importKey(KeyUsage.TDK, KeyScheme.TDES_2KEY, tdkHex);
        String track = "6222021234567890123D281210112345678"; // 35 nibbles → 18 bytes with the pad
        byte[] packed = hex(track + "0"); // D is already the nibble 0xD in hex
        int from = packed.length - 9;
        byte[] enc = desEcb(true, hex(tdkHex), Arrays.copyOfRange(packed, from, from + 8));
        System.arraycopy(enc, 0, packed, from, 8);
        String underTdk = hex(packed).substring(0, 35);

        assertThat(underTdk).isNotEqualTo(track);
        assertThat(underTdk.substring(34)).as("last byte stays clear").isEqualTo(track.substring(34));
        assertThat(hsm.decryptTrack(tdk, underTdk)).isEqualTo(track);
        assertHsmError(() -> hsm.decryptTrack(tdk, "6222021234567890"), HsmError.BAD_INPUT);
    }

    // ------------------------------------------------------------ key integrity

    @Test
    void keys_cannotBeRelabelledOrTamperedWith() throws Exception {
        KeyUnderLmk mak = hsm.importKey(KeyUsage.MAK, KeyScheme.TDES_2KEY, MAK_HEX);
        KeyUnderLmk relabelled = new KeyUnderLmk(KeyUsage.PIK, mak.scheme(), mak.sealed(), mak.checkValue());
        KeyUnderLmk wrongKcv = new KeyUnderLmk(KeyUsage.MAK, mak.scheme(), mak.sealed(), new byte[4]);
        byte[] sealed = mak.sealed();
        sealed[sealed.length - 1] ^= 1;
        KeyUnderLmk corrupted = new KeyUnderLmk(KeyUsage.MAK, mak.scheme(), sealed, mak.checkValue());
        KeyUnderLmk foreign = new SoftwareHsm(new AesKeyWrapper(), new SecureRandom())
                .importKey(KeyUsage.MAK, KeyScheme.TDES_2KEY, MAK_HEX);

        assertHsmError(() -> hsm.verifyPin(relabelled, new byte[8], "4111111111111111", hsm.importPin("1234")),
                HsmError.KEY_INTEGRITY);
        assertHsmError(() -> hsm.generateMac(MacAlgorithm.X9_19, wrongKcv, new byte[8]), HsmError.KEY_INTEGRITY);
        assertHsmError(() -> hsm.generateMac(MacAlgorithm.X9_19, corrupted, new byte[8]), HsmError.KEY_INTEGRITY);
        assertHsmError(() -> hsm.generateMac(MacAlgorithm.X9_19, foreign, new byte[8]), HsmError.KEY_INTEGRITY);
        assertThat(foreign.checkValue()).isEqualTo(mak.checkValue());
    }

    /** Keys stay open in the HSM after first use; a relabelled or re-check-valued copy must still be refused. */
    @Test
    void anOpenKey_isNotReusedForARelabelledRecord() throws Exception {
        KeyUnderLmk mak = hsm.importKey(KeyUsage.MAK, KeyScheme.TDES_2KEY, MAK_HEX);
        byte[] first = hsm.generateMac(MacAlgorithm.UNIONPAY_ECB, mak, new byte[20]);
        assertThat(hsm.generateMac(MacAlgorithm.UNIONPAY_ECB, mak, new byte[20])).isEqualTo(first); // from the open key

        KeyUnderLmk relabelled = new KeyUnderLmk(KeyUsage.PIK, mak.scheme(), mak.sealed(), mak.checkValue());
        KeyUnderLmk wrongKcv = new KeyUnderLmk(KeyUsage.MAK, mak.scheme(), mak.sealed(), new byte[4]);
        KeyUnderLmk rescheme = new KeyUnderLmk(KeyUsage.MAK, KeyScheme.SM4, mak.sealed(), mak.checkValue());
        assertHsmError(() -> hsm.verifyPin(relabelled, new byte[8], "4111111111111111", hsm.importPin("1234")),
                HsmError.KEY_INTEGRITY);
        assertHsmError(() -> hsm.generateMac(MacAlgorithm.UNIONPAY_ECB, wrongKcv, new byte[8]), HsmError.KEY_INTEGRITY);
        assertHsmError(() -> hsm.generateMac(MacAlgorithm.SM4_UNIONPAY, rescheme, new byte[8]), HsmError.KEY_INTEGRITY);
    }

    /**
     * An open key is kept on the record instance that was opened: an equal record (as parsed again from
     * the journal) opens on its own, and another HSM (another LMK) never trusts what this one opened.
     */
    @Test
    void anOpenKey_belongsToItsRecordAndItsHsm() throws Exception {
        KeyUnderLmk mak = hsm.importKey(KeyUsage.MAK, KeyScheme.TDES_2KEY, MAK_HEX);
        byte[] block = "0200 block".getBytes();
        byte[] mac = hsm.generateMac(MacAlgorithm.UNIONPAY_ECB, mak, block);
        Hsm other = new SoftwareHsm(new AesKeyWrapper(), new SecureRandom());

        assertHsmError(() -> other.verifyMac(MacAlgorithm.UNIONPAY_ECB, mak, block, mac), HsmError.KEY_INTEGRITY);
        assertThat(hsm.verifyMac(MacAlgorithm.UNIONPAY_ECB, mak, block, mac)).isTrue();
        KeyUnderLmk copy = new KeyUnderLmk(mak.usage(), mak.scheme(), mak.sealed(), mak.checkValue());
        assertThat(copy).isEqualTo(mak).hasSameHashCodeAs(mak).hasToString(mak.toString());
        assertThat(hsm.verifyMac(MacAlgorithm.UNIONPAY_ECB, copy, block, mac)).isTrue();
        // and the other HSM's own record of the same clear key works there, with the same MAC
        KeyUnderLmk theirs = other.importKey(KeyUsage.MAK, KeyScheme.TDES_2KEY, MAK_HEX);
        assertThat(other.verifyMac(MacAlgorithm.UNIONPAY_ECB, theirs, block, mac)).isTrue();
        assertHsmError(() -> hsm.generateMac(MacAlgorithm.UNIONPAY_ECB, theirs, block), HsmError.KEY_INTEGRITY);
    }

    /** A new sign-on's working keys replace the old ones: what the old MAK or PIK made no longer passes. */
    @Test
    void newWorkingKeys_refuseWhatTheOldOnesMade() throws Exception {
        KeyUnderLmk tmk = hsm.importTmk(KeyScheme.TDES_2KEY, TMK_HEX);
        WorkingKeys before = hsm.generateWorkingKeys(tmk, WorkingKeyLayout.DOUBLE_LENGTH);
        byte[] block = "0200 a sale".getBytes();
        byte[] oldMac = hsm.generateMac(MacAlgorithm.UNIONPAY_ECB, before.mak().underLmk(), block);
        String pan = "6222021234567890123";
        byte[] oldPik = desEcb(false, hex(TMK_HEX), Arrays.copyOfRange(before.field62(), 0, 16));
        byte[] oldPinBlock = desEcb(true, oldPik, clearFormat0("123456", pan));
        PinUnderLmk pin = hsm.importPin("123456");
        assertThat(hsm.verifyPin(before.pik().underLmk(), oldPinBlock, pan, pin)).isEqualTo(PinVerification.VERIFIED);

        WorkingKeys after = hsm.generateWorkingKeys(tmk, WorkingKeyLayout.DOUBLE_LENGTH);

        assertThat(hsm.verifyMac(MacAlgorithm.UNIONPAY_ECB, after.mak().underLmk(), block, oldMac)).isFalse();
        assertThat(hsm.verifyPin(after.pik().underLmk(), oldPinBlock, pan, pin)).isNotEqualTo(PinVerification.VERIFIED);
    }

    /** A stored PIN's digest is the HSM's own (salted per process): another HSM does not take it. */
    @Test
    void aPinDigest_belongsToItsHsm() throws Exception {
        KeyUnderLmk pik = hsm.importKey(KeyUsage.PIK, KeyScheme.TDES_2KEY, PIK_HEX);
        String pan = "6222021234567890123";
        byte[] underPik = desEcb(true, hex(PIK_HEX), clearFormat0("123456", pan));
        PinUnderLmk cardPin = hsm.importPin("123456");
        assertThat(hsm.verifyPin(pik, underPik, pan, cardPin)).isEqualTo(PinVerification.VERIFIED);
        Hsm other = new SoftwareHsm(new AesKeyWrapper(), new SecureRandom());
        KeyUnderLmk otherPik = other.importKey(KeyUsage.PIK, KeyScheme.TDES_2KEY, PIK_HEX);

        assertHsmError(() -> other.verifyPin(otherPik, underPik, pan, cardPin), HsmError.KEY_INTEGRITY);
        assertThat(other.verifyPin(otherPik, underPik, pan, other.importPin("123456"))).isEqualTo(PinVerification.VERIFIED);
        assertThat(hsm.verifyPin(pik, underPik, pan, cardPin)).isEqualTo(PinVerification.VERIFIED);
        assertThat(new PinUnderLmk(cardPin.sealed())).isEqualTo(cardPin).hasToString("PinUnderLmk[sealed]");
    }

    /** The sale commands share open keys and per-thread buffers between event loops. */
    @Test
    void saleCommands_fromManyThreadsAtOnce() throws Exception {
        KeyUnderLmk mak = hsm.importKey(KeyUsage.MAK, KeyScheme.TDES_2KEY, MAK_HEX);
        KeyUnderLmk pik = hsm.importKey(KeyUsage.PIK, KeyScheme.TDES_2KEY, PIK_HEX);
        PinUnderLmk pin = hsm.importPin("123456");
        String pan = "6222021234567890123";
        byte[] right = desEcb(true, hex(PIK_HEX), clearFormat0("123456", pan));
        byte[] wrong = desEcb(true, hex(PIK_HEX), clearFormat0("654321", pan));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                byte[] block = ("0200 from thread " + t).getBytes();
                byte[] mac = Reference.unionPayMac(hex(MAK_HEX), block, false);
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 5_000; i++) {
                        if (!hsm.verifyMac(MacAlgorithm.UNIONPAY_ECB, mak, block, mac)
                                || !Arrays.equals(hsm.generateMac(MacAlgorithm.UNIONPAY_ECB, mak, block), mac)
                                || hsm.verifyPin(pik, right, pan, pin) != PinVerification.VERIFIED
                                || hsm.verifyPin(pik, wrong, pan, pin) != PinVerification.MISMATCH) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (java.util.concurrent.Future<Boolean> r : results) {
                assertThat(r.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void importKey_refusesMalformedHex() {
        assertHsmError(() -> hsm.importTmk(KeyScheme.TDES_2KEY, "0123"), HsmError.BAD_INPUT);
        assertHsmError(() -> hsm.importTmk(KeyScheme.TDES_2KEY, "0123456789ABCDEFFEDCBA987654321G"), HsmError.BAD_INPUT);
    }

    @Test
    void generatedTmk_isRandomWithOddParity() throws Exception {
        KeyUnderLmk a = hsm.generateTmk(KeyScheme.TDES_2KEY);
        KeyUnderLmk b = hsm.generateTmk(KeyScheme.TDES_2KEY);

        assertThat(a.checkValue()).isNotEqualTo(b.checkValue());
        assertThat(a.usage()).isEqualTo(KeyUsage.TMK);
        assertThat(hsm.generateWorkingKeys(a, WorkingKeyLayout.DOUBLE_LENGTH).field62()).hasSize(40);
    }

    // ------------------------------------------------------------ helpers

    static byte[] clearFormat0(String pin, String pan) {
        // built by hand, not by PinBlockFormat0: 0 ‖ len ‖ PIN ‖ F… XOR 0000 ‖ 12 PAN digits
        String pinField = "0" + Integer.toHexString(pin.length()).toUpperCase() + pin + "F".repeat(14 - pin.length());
        String panField = "0000" + pan.substring(pan.length() - 13, pan.length() - 1);
        byte[] a = hex(pinField);
        byte[] b = hex(panField);
        for (int i = 0; i < 8; i++) {
            a[i] ^= b[i];
        }
        return a;
    }

    private static void assertOddParity(byte[] key) {
        for (byte k : key) {
            assertThat(Integer.bitCount(k & 0xFF) % 2).isEqualTo(1);
        }
    }

    interface HsmCall {
        Object call() throws Exception;
    }

    static void assertHsmError(HsmCall call, HsmError error) {
        assertThatThrownBy(call::call).isInstanceOfSatisfying(HsmException.class, e -> assertThat(e.error()).isEqualTo(error));
    }
}
