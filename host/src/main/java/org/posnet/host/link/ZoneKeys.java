package org.posnet.host.link;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.posnet.host.hsm.Hsm;
import org.posnet.host.hsm.HsmException;
import org.posnet.host.hsm.KeyScheme;
import org.posnet.host.hsm.KeyUnderLmk;
import org.posnet.host.hsm.KeyUsage;

/**
 * Zone keys into the HSM. Provisioned keys arrive sealed under the master key ({@code lmk1:…}, from the fleet's
 * {@code zoneKeys}) and are opened only inside the HSM; clear hex is accepted for tests and key tools. A
 * check value from the key ceremony must be a prefix of the imported key's, so a mistyped key is refused at
 * start rather than answering 55 to every remote sale.
 */
final class ZoneKeys {
    private ZoneKeys() {
    }

    static KeyUnderLmk load(Hsm hsm, KeyUsage usage, KeyScheme scheme, String material, String checkValue, String what)
            throws HsmException {
        KeyUnderLmk key = org.posnet.common.crypto.MasterKey.isSealed(material)
                ? hsm.importSealedKey(usage, List.of(scheme), material.getBytes(StandardCharsets.US_ASCII))
                : hsm.importKey(usage, scheme, material);
        if (checkValue != null && !key.checkValueHex().toUpperCase(Locale.ROOT).startsWith(checkValue.toUpperCase(Locale.ROOT))) {
            throw new IllegalArgumentException(what + ": the key's check value is " + key.checkValueHex().substring(0, 6)
                    + ", not " + checkValue + " as the key ceremony recorded; provision the right key");
        }
        return key;
    }
}
