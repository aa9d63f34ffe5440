package org.posnet.host.hsm;

/** The answer of a PIN check; the host maps it to field 39 (55 wrong PIN, 99 PIN format error). */
public enum PinVerification {
    VERIFIED,
    MISMATCH,
    /** The block did not decrypt to a format-0 block for this PAN: wrong PIK, wrong PAN, or garbage. */
    FORMAT_ERROR
}
