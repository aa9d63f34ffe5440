package org.posnet.sim.terminal;

import java.util.Arrays;

/**
 * The working keys of one session, from field 62 of the sign-on reply (cup-8583.md "Working keys"): each
 * key encrypted under the TMK, followed by its 4-byte check value. The terminal refuses keys whose check
 * value disagrees — a PIK it cannot trust would make every PIN fail with 55 instead of a clear error.
 *
 * @param pik PIN key (PIN blocks, field 52)
 * @param mak MAC key (field 64)
 * @param tdk track key, or null when the layout (001/003) carries none
 */
public record WorkingKeys(DesKey pik, DesKey mak, DesKey tdk) {

    /** Layout 001 (24 bytes, single-length), 003 (40), 004 (60) — told apart by length. */
    public static WorkingKeys unwrap(DesKey tmk, byte[] field62) throws KeyCheckException {
        int keyLength = switch (field62 == null ? -1 : field62.length) {
            case 24 -> 8;
            case 40, 60 -> 16;
            default -> throw new KeyCheckException("field 62 of " + (field62 == null ? "no" : field62.length)
                    + " bytes is none of the layouts 001/003/004");
        };
        int keys = field62.length / (keyLength + 4);
        DesKey[] clear = new DesKey[keys];
        for (int i = 0; i < keys; i++) {
            int at = i * (keyLength + 4);
            DesKey key = new DesKey(tmk.decrypt(Arrays.copyOfRange(field62, at, at + keyLength)));
            byte[] expected = Arrays.copyOfRange(field62, at + keyLength, at + keyLength + 4);
            if (!Arrays.equals(key.checkValue(), expected)) {
                throw new KeyCheckException("check value of working key " + (i + 1) + " does not match (wrong TMK?)");
            }
            clear[i] = key;
        }
        return new WorkingKeys(clear[0], clear[1], keys > 2 ? clear[2] : null);
    }
}
