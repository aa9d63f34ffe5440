package org.posnet.host.hsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.posnet.host.hsm.Reference.desEcb;
import static org.posnet.host.hsm.Reference.hex;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Clear keys and PINs never leave the HSM: not in what it returns (beyond the encrypted forms), not in
 * any toString, not in any exception message. Every returned object and every refusal is scanned for the
 * clear key hex (both cases) and the PIN.
 */
class HsmSecrecyTest {

    private static final String TMK = "0123456789ABCDEFFEDCBA9876543210";
    private static final String PIK = "1C1C1C1C1C1C1C1C2A2A2A2A2A2A2A2A";
    private static final String PIN = "739251";
    private static final String PAN = "6222021234567890123";

    private final Hsm hsm = new SoftwareHsm(new AesKeyWrapper(), new SecureRandom());
    private final List<String> texts = new ArrayList<>();
    private final List<String> secrets = new ArrayList<>(List.of(TMK, PIK, PIN));

    @Test
    void noClearKeyOrPinInAnyOutputOrError() throws Exception {
        KeyUnderLmk tmk = record(hsm.importTmk(KeyScheme.TDES_2KEY, TMK));
        KeyUnderLmk pik = record(hsm.importKey(KeyUsage.PIK, KeyScheme.TDES_2KEY, PIK));
        PinUnderLmk pin = record(hsm.importPin(PIN));
        WorkingKeys keys = record(hsm.generateWorkingKeys(tmk, WorkingKeyLayout.DOUBLE_LENGTH_WITH_TDK));
        record(keys.pik());
        record(keys.mak());
        record(keys.tdk());
        record(keys.pik().underLmk());
        record(keys.mak().underTmk());
        // the generated working keys' clear values, recovered here with the TMK the test knows
        byte[] f62 = keys.field62();
        for (int at = 0; at < 60; at += 20) {
            secrets.add(hex(desEcb(false, hex(TMK), Arrays.copyOfRange(f62, at, at + 16))));
        }
        byte[] pinBlock = desEcb(true, hex(PIK), SoftwareHsmTest.clearFormat0(PIN, PAN));
        record(hsm.verifyPin(pik, pinBlock, PAN, pin));
        texts.add(hex(hsm.generateMac(MacAlgorithm.X9_19, keys.mak().underLmk(), new byte[16])));

        // every refusal, with the secrets close at hand
        refusal(() -> hsm.importTmk(KeyScheme.TDES_2KEY, TMK + "00"));
        refusal(() -> hsm.importTmk(KeyScheme.TDES_2KEY, TMK.substring(0, 31) + "X"));
        refusal(() -> hsm.importPin(PIN + "X"));
        refusal(() -> hsm.importPin(PIN + PIN + PIN));
        refusal(() -> hsm.generateMac(MacAlgorithm.X9_19, pik, new byte[8]));
        refusal(() -> hsm.translatePin(pik, new byte[8], PAN, keys.pik().underLmk()));
        refusal(() -> hsm.translatePin(pik, pinBlock, "4111111111111111", hsm.importKey(KeyUsage.ZPK, KeyScheme.TDES_2KEY, PIK)));
        refusal(() -> hsm.generateMac(MacAlgorithm.X9_19,
                new KeyUnderLmk(KeyUsage.MAK, KeyScheme.TDES_2KEY, pik.sealed(), pik.checkValue()), new byte[8]));
        refusal(() -> hsm.generateMac(MacAlgorithm.X9_19,
                new KeyUnderLmk(KeyUsage.MAK, KeyScheme.TDES_2KEY, hex(TMK), pik.checkValue()), new byte[8]));
        refusal(() -> hsm.decryptTrack(keys.tdk().underLmk(), "6222021234567890123D2812101"));
        refusal(() -> hsm.decryptTrack(keys.tdk().underLmk(), "62220212345678901230" + PIN + "D2812101"));
        refusal(() -> hsm.generateWorkingKeys(pik, WorkingKeyLayout.SINGLE_LENGTH));

        assertThat(texts).hasSizeGreaterThan(20);
        for (String text : texts) {
            for (String secret : secrets) {
                assertThat(text.toUpperCase(Locale.ROOT)).as(text).doesNotContain(secret.toUpperCase(Locale.ROOT));
            }
        }
    }

    private <T> T record(T value) {
        texts.add(String.valueOf(value));
        return value;
    }

    private void refusal(SoftwareHsmTest.HsmCall call) {
        try {
            Object result = call.call();
            texts.add(String.valueOf(result));
        } catch (Exception e) {
            texts.add(String.valueOf(e));
            texts.add(String.valueOf(e.getMessage()));
            assertThat(e).isInstanceOf(HsmException.class);
        }
    }
}
