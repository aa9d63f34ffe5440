package org.posnet.sim.terminal;

import java.util.HexFormat;

/** ISO 9564 format 0 (ANSI X9.8), the PIN block field 52 carries under the session's PIK. */
public final class PinBlock {
    private PinBlock() {
    }

    /** {@code 0 ‖ len ‖ PIN ‖ F…} XOR {@code 0000 ‖ 12 rightmost PAN digits without the check digit}, encrypted. */
    public static byte[] format0(DesKey pik, String pin, String pan) {
        if (pin.length() < 4 || pin.length() > 12 || !pin.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("a PIN is 4 to 12 digits");
        }
        if (pan.length() < 13) {
            throw new IllegalArgumentException("a PAN has at least 13 digits");
        }
        byte[] pinField = HexFormat.of().parseHex(("0" + Integer.toHexString(pin.length()) + pin + "FFFFFFFFFFFFFF").substring(0, 16));
        byte[] panField = HexFormat.of().parseHex("0000" + pan.substring(pan.length() - 13, pan.length() - 1));
        for (int i = 0; i < 8; i++) {
            pinField[i] ^= panField[i];
        }
        return pik.encrypt(pinField);
    }
}
