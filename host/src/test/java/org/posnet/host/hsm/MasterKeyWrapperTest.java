package org.posnet.host.hsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.posnet.common.crypto.MasterKey;

/** The fleet store's sealed TMKs and PINs enter the HSM through the master key adapter without leaving it clear. */
class MasterKeyWrapperTest {
    private final MasterKey masterKey = MasterKey.ofBytes(new byte[32]);
    private final Hsm hsm = new SoftwareHsm(new MasterKeyWrapper(masterKey), new SecureRandom());

    private byte[] sealedByFleet(String clear) {
        return masterKey.seal(clear).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void fleetSealedTmk_importsWithTheRightSchemeAndCheckValue() throws Exception {
        String tmk = "0123456789ABCDEFFEDCBA9876543210";
        KeyUnderLmk k = hsm.importSealedKey(KeyUsage.TMK, List.of(KeyScheme.TDES_2KEY, KeyScheme.TDES_3KEY), sealedByFleet(tmk));

        assertThat(k.scheme()).isEqualTo(KeyScheme.TDES_2KEY);
        byte[] expected = Arrays.copyOf(Reference.desEcb(true, Reference.hex(tmk), new byte[8]), 4);
        assertThat(k.checkValue()).isEqualTo(expected);
        KeyUnderLmk triple = hsm.importSealedKey(KeyUsage.TMK, List.of(KeyScheme.TDES_2KEY, KeyScheme.TDES_3KEY),
                sealedByFleet(tmk + "0011223344556677"));
        assertThat(triple.scheme()).isEqualTo(KeyScheme.TDES_3KEY);
    }

    @Test
    void fleetSealedKeyOfNoFittingLength_orNotSealed_isRefusedWithoutItsValue() {
        assertThatThrownBy(() -> hsm.importSealedKey(KeyUsage.TMK, List.of(KeyScheme.SM4), sealedByFleet("0123456789ABCDEF")))
                .isInstanceOf(HsmException.class).hasMessageNotContaining("0123456789ABCDEF");
        assertThatThrownBy(() -> hsm.importSealedKey(KeyUsage.TMK, List.of(KeyScheme.SM4), "lmk1:garbage".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(HsmException.class).extracting(e -> ((HsmException) e).error()).isEqualTo(HsmError.KEY_INTEGRITY);
    }

    @Test
    void fleetSealedPin_verifiesAgainstAFormat0Block() throws Exception {
        PinUnderLmk pin = hsm.importSealedPin(sealedByFleet("908172"));
        KeyUnderLmk pik = hsm.importKey(KeyUsage.PIK, KeyScheme.TDES_2KEY, "00112233445566778899AABBCCDDEEFF");
        String pan = "6222021234567890128";
        byte[] clearBlock = Reference.hex("06908172FFFFFFFF");
        byte[] panBlock = Reference.hex("0000" + pan.substring(6, 18));
        for (int i = 0; i < 8; i++) {
            clearBlock[i] ^= panBlock[i];
        }
        byte[] block = Reference.desEcb(true, Reference.hex("00112233445566778899AABBCCDDEEFF"), clearBlock);

        assertThat(hsm.verifyPin(pik, block, pan, pin)).isEqualTo(PinVerification.VERIFIED);
        assertThat(hsm.verifyPin(pik, block, pan, hsm.importSealedPin(sealedByFleet("908173")))).isEqualTo(PinVerification.MISMATCH);
        assertThatThrownBy(() -> hsm.importSealedPin(sealedByFleet("12a4"))).isInstanceOf(HsmException.class)
                .hasMessageNotContaining("12a4");
    }
}
