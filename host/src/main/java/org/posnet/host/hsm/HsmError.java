package org.posnet.host.hsm;

/** Why an HSM command was refused, in the spirit of a hardware HSM's error codes. */
public enum HsmError {
    /** The key's sealed usage is not the one this command needs (e.g. a MAK given as PIK). */
    KEY_USAGE,
    /** The key's algorithm or length does not suit this command (e.g. X9.19 with a single-length MAK). */
    KEY_SCHEME,
    /** The sealed key does not open under this LMK, or its check value does not match. */
    KEY_INTEGRITY,
    /** Input of the wrong length or form (clear key hex, MAC, PIN block, track data). */
    BAD_INPUT,
    /** A PIN block that is not a format-0 block (translation only; verification answers FORMAT_ERROR). */
    PIN_FORMAT
}
