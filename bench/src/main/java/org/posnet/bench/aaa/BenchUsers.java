package org.posnet.bench.aaa;

import java.nio.charset.StandardCharsets;

/**
 * The benchmark's subscriber population, derived from nothing but the user number, so FreeRADIUS's users
 * file, PosNet's provisioning and the load generator agree without sharing a file.
 *
 * <p>User {@code i} (1..count) is {@code t%08d@POSBANK.133VPDN.SX} with a 12-character password mixed
 * from {@code i}, IMSI {@code 46003} + 10 digits of {@code i}, MSISDN {@code 133} + 8 digits of {@code i},
 * and the framed address {@code 10.64.0.0 + i} from the /12 pool. Every field has a fixed width, so the
 * generator patches digits into a pre-built packet instead of formatting strings.
 */
public record BenchUsers(int count) {

    public static final String DOMAIN = "POSBANK.133VPDN.SX";
    /** The pool the bank-side (role lns) accept draws from; a /12 holds 2^20 - 2 hosts. */
    public static final String POOL = "10.64.0.0/12";
    public static final int POOL_BASE = (10 << 24) | (64 << 16);
    public static final int MAX_USERS = (1 << 20) - 2;
    /** PPP peers get host routes; PosNet is provisioned with the same values so both reply alike. */
    public static final String FRAMED_NETMASK = "255.255.255.255";
    public static final int SESSION_TIMEOUT_SECONDS = 86_400;
    public static final int ACCT_INTERIM_SECONDS = 300;

    public static final int NAME_LENGTH = 1 + 8 + 1 + DOMAIN.length();
    public static final int PASSWORD_LENGTH = 12;
    public static final int IMSI_LENGTH = 15;

    // Unambiguous lower-case letters and digits: 32 symbols, 5 bits each, 60 bits per password.
    private static final byte[] PASSWORD_ALPHABET =
            "abcdefghijkmnpqrstuvwxyz23456789".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DOMAIN_BYTES = ("@" + DOMAIN).getBytes(StandardCharsets.US_ASCII);
    private static final byte[] IMSI_PREFIX = "46003".getBytes(StandardCharsets.US_ASCII);

    public BenchUsers {
        if (count < 1 || count > MAX_USERS) {
            throw new IllegalArgumentException("users must be 1.." + MAX_USERS + " (the /12 pool), got " + count);
        }
    }

    public String name(int i) {
        return ascii(i, NAME_LENGTH, this::writeName);
    }

    public String password(int i) {
        return ascii(i, PASSWORD_LENGTH, this::writePassword);
    }

    public String imsi(int i) {
        return ascii(i, IMSI_LENGTH, this::writeImsi);
    }

    public String msisdn(int i) {
        check(i);
        return String.format("133%08d", i);
    }

    /** Framed-IP-Address as an int: the pool base plus the user number, so every user has its own. */
    public int framedIp(int i) {
        check(i);
        return POOL_BASE + i;
    }

    public String framedIpText(int i) {
        int ip = framedIp(i);
        return (ip >>> 24) + "." + ((ip >>> 16) & 255) + "." + ((ip >>> 8) & 255) + "." + (ip & 255);
    }

    /** Writes {@link #NAME_LENGTH} ASCII bytes; allocation-free for the generator's loop. */
    public void writeName(int i, byte[] dst, int off) {
        check(i);
        dst[off] = 't';
        writeDigits(i, dst, off + 1, 8);
        System.arraycopy(DOMAIN_BYTES, 0, dst, off + 9, DOMAIN_BYTES.length);
    }

    /** Writes {@link #PASSWORD_LENGTH} ASCII bytes derived from {@code i}. */
    public void writePassword(int i, byte[] dst, int off) {
        check(i);
        long bits = mix(i);
        for (int k = 0; k < PASSWORD_LENGTH; k++) {
            dst[off + k] = PASSWORD_ALPHABET[(int) (bits & 31)];
            bits >>>= 5;
        }
    }

    /** Writes {@link #IMSI_LENGTH} digits: MCC 460, MNC 03 (China Telecom), then {@code i}. */
    public void writeImsi(int i, byte[] dst, int off) {
        check(i);
        System.arraycopy(IMSI_PREFIX, 0, dst, off, IMSI_PREFIX.length);
        writeDigits(i, dst, off + IMSI_PREFIX.length, 10);
    }

    private void check(int i) {
        if (i < 1 || i > count) {
            throw new IndexOutOfBoundsException("user " + i + " not in 1.." + count);
        }
    }

    private static void writeDigits(long value, byte[] dst, int off, int width) {
        for (int k = width - 1; k >= 0; k--) {
            dst[off + k] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    // SplitMix64's finaliser: neighbouring users get unrelated passwords.
    private static long mix(long z) {
        z = (z + 0x9E3779B97F4A7C15L) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private interface Writer {
        void write(int i, byte[] dst, int off);
    }

    private static String ascii(int i, int length, Writer writer) {
        byte[] b = new byte[length];
        writer.write(i, b, 0);
        return new String(b, StandardCharsets.US_ASCII);
    }
}
