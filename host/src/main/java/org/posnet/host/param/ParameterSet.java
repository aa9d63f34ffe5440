package org.posnet.host.param;

import java.util.List;

/**
 * A terminal's parameters as a UnionPay POS downloads them (参数下载): what it prints and shows, how long it
 * waits, how often it retries, where it dials. {@code version} grows with every change to a stored set; the
 * host's defaults are version 0, so a terminal on defaults is never told to download.
 *
 * @param merchantName       printed on receipts (at most 40 bytes in GBK are sent)
 * @param timeoutSeconds     how long the terminal waits for a reply before it reverses (1..99)
 * @param dialRetries        redials before giving up (0..9)
 * @param reversalRetries    times a reversal is resent before it is kept for later (0..9)
 * @param hostAddresses      host IP endpoints {@code a.b.c.d:port}, primary first (at most 2)
 * @param hostPhones         transaction phone numbers for dial-up (at most 3, each ≤ 14 digits)
 * @param managementPhone    management (TMS) phone number, may be empty
 */
public record ParameterSet(long version, String merchantName, int timeoutSeconds, int dialRetries, int reversalRetries,
        List<String> hostAddresses, List<String> hostPhones, String managementPhone, boolean tipAllowed, int tipPercent,
        boolean manualEntryAllowed, boolean autoSignOff) {

    public ParameterSet {
        if (version < 0) {
            throw new IllegalArgumentException("version must be ≥ 0");
        }
        if (timeoutSeconds < 1 || timeoutSeconds > 99) {
            throw new IllegalArgumentException("timeoutSeconds must be 1..99 (a two-digit parameter), got " + timeoutSeconds);
        }
        digit("dialRetries", dialRetries);
        digit("reversalRetries", reversalRetries);
        if (tipPercent < 0 || tipPercent > 99) {
            throw new IllegalArgumentException("tipPercent must be 0..99");
        }
        merchantName = merchantName == null ? "" : merchantName;
        managementPhone = managementPhone == null ? "" : managementPhone;
        hostAddresses = List.copyOf(hostAddresses);
        hostPhones = List.copyOf(hostPhones);
        if (hostAddresses.size() > 2) {
            throw new IllegalArgumentException("at most 2 host addresses");
        }
        if (hostPhones.size() > 3) {
            throw new IllegalArgumentException("at most 3 host phone numbers");
        }
        for (String a : hostAddresses) {
            if (!a.matches("\\d{1,3}(\\.\\d{1,3}){3}:\\d{1,5}")) {
                throw new IllegalArgumentException("host address must be a.b.c.d:port, got " + a);
            }
        }
        for (String p : hostPhones) {
            phone(p);
        }
        if (!managementPhone.isEmpty()) {
            phone(managementPhone);
        }
    }

    /** The host's defaults for a terminal that has no stored set: version 0. */
    public static ParameterSet defaults(String merchantName, List<String> hostAddresses) {
        return new ParameterSet(0, merchantName, 60, 3, 3, hostAddresses, List.of(), "", false, 0, false, false);
    }

    /** The same values under another version (the store assigns versions). */
    public ParameterSet withVersion(long v) {
        return new ParameterSet(v, merchantName, timeoutSeconds, dialRetries, reversalRetries, hostAddresses, hostPhones,
                managementPhone, tipAllowed, tipPercent, manualEntryAllowed, autoSignOff);
    }

    private static void digit(String name, int value) {
        if (value < 0 || value > 9) {
            throw new IllegalArgumentException(name + " must be 0..9 (a one-digit parameter), got " + value);
        }
    }

    private static void phone(String p) {
        if (!p.matches("[0-9*#,]{1,14}")) {
            throw new IllegalArgumentException("phone numbers are 1..14 of 0-9 * # , (pause), got " + p);
        }
    }
}
