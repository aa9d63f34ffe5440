package org.posnet.host.hsm;

import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.posnet.common.crypto.MasterKey;

/**
 * Microbenchmark of the HSM work of one sale (not a test; run its main): verify the request MAC over a
 * 90-byte block, verify the PIN, generate the reply MAC, all under one sign-on's working keys and the
 * production LMK wrapper, going round the sessions of many terminals. Prints thread-CPU ns and
 * allocated bytes per sale. Uses only the public {@link Hsm} API, so it runs unchanged on older code.
 *
 * <pre>{@code java -cp host/target/test-classes:host/target/classes:<common jar>:<bcprov jar>
 *     org.posnet.host.hsm.HsmSaleBench [rounds] [iterations] [terminals]}</pre>
 */
public final class HsmSaleBench {

    private HsmSaleBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        int terminals = args.length > 2 ? Integer.parseInt(args[2]) : 2_000;
        byte[] lmkBytes = new byte[32];
        new SecureRandom().nextBytes(lmkBytes);
        Hsm hsm = new SoftwareHsm(new MasterKeyWrapper(MasterKey.ofBytes(lmkBytes)), new SecureRandom());

        // one sign-on per terminal; sales go round the terminals as the event loops see them
        String tmkHex = "0123456789ABCDEFFEDCBA9876543210";
        KeyUnderLmk tmk = hsm.importTmk(KeyScheme.TDES_2KEY, tmkHex);
        String pan = "6222021234567890123";
        PinUnderLmk cardPin = hsm.importPin("123456");
        KeyUnderLmk[] piks = new KeyUnderLmk[terminals];
        KeyUnderLmk[] maks = new KeyUnderLmk[terminals];
        byte[][] pinBlocks = new byte[terminals][];
        byte[][] requestMacs = new byte[terminals][];
        byte[] request = new byte[90];
        byte[] reply = new byte[92];
        new SecureRandom().nextBytes(request);
        new SecureRandom().nextBytes(reply);
        for (int t = 0; t < terminals; t++) {
            WorkingKeys keys = hsm.generateWorkingKeys(tmk, WorkingKeyLayout.DOUBLE_LENGTH);
            piks[t] = keys.pik().underLmk();
            maks[t] = keys.mak().underLmk();
            byte[] clearPik = tdes(false, HexFormat.of().parseHex(tmkHex), Arrays.copyOfRange(keys.field62(), 0, 16));
            pinBlocks[t] = tdes(true, clearPik, clearFormat0("123456", pan));
            requestMacs[t] = hsm.generateMac(MacAlgorithm.UNIONPAY_ECB, maks[t], request);
        }

        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long sink = 0;
        for (int r = 0; r < rounds; r++) {
            long bytes0 = mx.getThreadAllocatedBytes(tid);
            long cpu0 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < iterations; i++) {
                int t = i % terminals;
                KeyUnderLmk mak = maks[t];
                if (!hsm.verifyMac(MacAlgorithm.UNIONPAY_ECB, mak, request, requestMacs[t])) {
                    throw new AssertionError("MAC");
                }
                if (hsm.verifyPin(piks[t], pinBlocks[t], pan, cardPin) != PinVerification.VERIFIED) {
                    throw new AssertionError("PIN");
                }
                sink += hsm.generateMac(MacAlgorithm.UNIONPAY_ECB, mak, reply)[0];
            }
            long cpu = mx.getCurrentThreadCpuTime() - cpu0;
            long bytes = mx.getThreadAllocatedBytes(tid) - bytes0;
            System.out.printf("round %d: %.0f ns CPU, %.1f bytes allocated per sale%n", r, (double) cpu / iterations,
                    (double) bytes / iterations);
        }
        System.out.println("(sink " + sink + ")");
    }

    /** Format 0 built by hand: 0 ‖ len ‖ PIN ‖ F… XOR 0000 ‖ 12 PAN digits. */
    private static byte[] clearFormat0(String pin, String pan) {
        byte[] a = HexFormat.of().parseHex("0" + pin.length() + pin + "F".repeat(14 - pin.length()));
        byte[] b = HexFormat.of().parseHex("0000" + pan.substring(pan.length() - 13, pan.length() - 1));
        for (int i = 0; i < 8; i++) {
            a[i] ^= b[i];
        }
        return a;
    }

    private static byte[] tdes(boolean encrypt, byte[] key16, byte[] data) throws Exception {
        byte[] k = Arrays.copyOf(key16, 24);
        System.arraycopy(key16, 0, k, 16, 8);
        Cipher c = Cipher.getInstance("DESede/ECB/NoPadding");
        c.init(encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, new SecretKeySpec(k, "DESede"));
        return c.doFinal(data);
    }
}
