package org.posnet.host.hsm;

/**
 * The local master key (LMK) as the HSM sees it: something that seals bytes for storage and opens them
 * again. Kept this small so the application can adapt {@code org.posnet.common.crypto.MasterKey} (or a
 * hardware HSM's LMK) without the host depending on its exact shape. {@code unwrap} must fail (throw)
 * when the input was not produced by {@code wrap} under the same key.
 */
public interface KeyWrapper {

    byte[] wrap(byte[] clear);

    byte[] unwrap(byte[] wrapped);
}
