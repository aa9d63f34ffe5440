package org.posnet.host.iso;

/**
 * The 12-digit UnionPay header: application type (60 magstripe / 61 IC), software version (2),
 * terminal status (1), processing requirement (1), sub-version (6).
 */
public record MessageHeader(String digits) {

    /** Index of the processing-requirement digit in the 12. */
    private static final int PROCESSING_REQUIREMENT = 5;

    public MessageHeader {
        if (digits == null || digits.length() != 12 || !Bcd.allDigits(digits)) {
            throw new IllegalArgumentException("header must be 12 decimal digits");
        }
    }

    public String applicationType() {
        return digits.substring(0, 2);
    }

    public String softwareVersion() {
        return digits.substring(2, 4);
    }

    public int terminalStatus() {
        return digits.charAt(4) - '0';
    }

    public int processingRequirementDigit() {
        return digits.charAt(PROCESSING_REQUIREMENT) - '0';
    }

    /** The requirement, or null for a digit outside 0..6 (left as received, not rejected). */
    public ProcessingRequirement processingRequirement() {
        return ProcessingRequirement.ofDigit(processingRequirementDigit());
    }

    public String subVersion() {
        return digits.substring(6);
    }

    /** The same header asking the terminal to act after this reply. */
    public MessageHeader with(ProcessingRequirement requirement) {
        char digit = (char) ('0' + requirement.digit());
        if (digits.charAt(PROCESSING_REQUIREMENT) == digit) {
            return this; // the usual reply: nothing asked of the terminal, as nothing was before
        }
        char[] changed = digits.toCharArray();
        changed[PROCESSING_REQUIREMENT] = digit;
        return new MessageHeader(new String(changed));
    }

    @Override
    public String toString() {
        return digits;
    }
}
