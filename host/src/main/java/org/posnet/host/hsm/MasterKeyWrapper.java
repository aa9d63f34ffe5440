package org.posnet.host.hsm;

import java.nio.charset.StandardCharsets;
import org.posnet.common.crypto.MasterKey;

/**
 * The process's {@link MasterKey} as the HSM's LMK. A wrapped value is the master key's sealed text
 * ({@code lmk1:…}) as ASCII bytes, which is exactly how the fleet store keeps TMKs and PINs, so the HSM
 * can open those ({@link Hsm#importSealedKey}, {@link Hsm#importSealedPin}) without the clear value
 * passing through host code.
 */
public final class MasterKeyWrapper implements KeyWrapper {

    private final MasterKey masterKey;

    public MasterKeyWrapper(MasterKey masterKey) {
        if (masterKey == null) {
            throw new IllegalArgumentException("a master key is required");
        }
        this.masterKey = masterKey;
    }

    @Override
    public byte[] wrap(byte[] clear) {
        return masterKey.seal(clear).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public byte[] unwrap(byte[] wrapped) {
        return masterKey.openBytes(new String(wrapped, StandardCharsets.US_ASCII));
    }
}
