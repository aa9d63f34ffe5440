package org.posnet.host.iso;

/**
 * The header digit by which the host asks a terminal to do something after this reply (cup-8583.md).
 */
public enum ProcessingRequirement {
    NONE(0),
    DOWNLOAD_PARAMETERS(1),
    UPLOAD_STATUS(2),
    SIGN_ON_AGAIN(3),
    UPDATE_IC_PUBLIC_KEYS(4),
    DOWNLOAD_IC_PARAMETERS(5),
    TMS_DOWNLOAD(6);

    private final int digit;

    ProcessingRequirement(int digit) {
        this.digit = digit;
    }

    public int digit() {
        return digit;
    }

    /** The requirement for a digit, or null for a digit this version does not know. */
    public static ProcessingRequirement ofDigit(int digit) {
        for (ProcessingRequirement r : values()) {
            if (r.digit == digit) {
                return r;
            }
        }
        return null;
    }
}
