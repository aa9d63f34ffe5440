package org.posnet.host.hsm;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Random;
import org.bouncycastle.crypto.engines.DESEngine;

/**
 * Microbenchmark of {@link DesKey} (not a test; run its main): thread-CPU ns per 3DES block encrypt and
 * decrypt (double-length keys, in place, as the MAC and PIN paths use them) and per single-DES block,
 * going round many keys as the event loops go round terminals; and, in the same run, the same work on
 * BouncyCastle's DES core as DesKey used it before (three desFunc calls per 3DES block on prebuilt
 * schedules), so that both are measured under the same load. Prints the best of the rounds too.
 *
 * <pre>{@code java -cp host/target/test-classes:host/target/classes:<bcprov jar>
 *     org.posnet.host.hsm.DesCoreBench [rounds] [blocks per round] [keys]}</pre>
 */
public final class DesCoreBench {

    private DesCoreBench() {
    }

    /** BouncyCastle's DES core on prebuilt schedules: the previous DesKey. */
    private static final class Bc extends DESEngine {
        final int[] e1;
        final int[] d2;
        final int[] d1;
        final int[] e2;

        Bc(byte[] key16) {
            e1 = generateWorkingKey(true, Arrays.copyOf(key16, 8));
            d1 = generateWorkingKey(false, Arrays.copyOf(key16, 8));
            e2 = generateWorkingKey(true, Arrays.copyOfRange(key16, 8, 16));
            d2 = generateWorkingKey(false, Arrays.copyOfRange(key16, 8, 16));
        }

        void encrypt(byte[] b) {
            desFunc(e1, b, 0, b, 0);
            desFunc(d2, b, 0, b, 0);
            desFunc(e1, b, 0, b, 0);
        }

        void decrypt(byte[] b) {
            desFunc(d1, b, 0, b, 0);
            desFunc(e2, b, 0, b, 0);
            desFunc(d1, b, 0, b, 0);
        }
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        int blocks = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int keys = args.length > 2 ? Integer.parseInt(args[2]) : 2_000;
        Random random = new Random(1);
        DesKey[] tdes = new DesKey[keys];
        DesKey[] des = new DesKey[keys];
        Bc[] bc = new Bc[keys];
        for (int k = 0; k < keys; k++) {
            byte[] key = new byte[16];
            random.nextBytes(key);
            tdes[k] = new DesKey(key);
            des[k] = new DesKey(Arrays.copyOf(key, 8));
            bc[k] = new Bc(key);
        }
        byte[] b = new byte[8];
        byte[] check = new byte[8];
        random.nextBytes(b);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        String[] names = {"3DES encrypt", "3DES decrypt", "DES encrypt", "BC 3DES encrypt", "BC 3DES decrypt"};
        double[] best = new double[names.length];
        Arrays.fill(best, Double.MAX_VALUE);
        for (int r = 0; r < rounds; r++) {
            double[] ns = new double[names.length];
            for (int m = 0; m < names.length; m++) {
                long t0 = mx.getCurrentThreadCpuTime();
                for (int i = 0; i < blocks; i++) {
                    int k = i % keys;
                    switch (m) {
                        case 0 -> tdes[k].encrypt(b, 0);
                        case 1 -> tdes[k].decrypt(b, 0);
                        case 2 -> des[k].encrypt(b, 0);
                        case 3 -> bc[k].encrypt(b);
                        default -> bc[k].decrypt(b);
                    }
                }
                ns[m] = (double) (mx.getCurrentThreadCpuTime() - t0) / blocks;
                best[m] = Math.min(best[m], ns[m]);
            }
            System.out.printf("round %d: %s%n", r, line(names, ns));
            // the two cores agree (the decryptions undo the encryptions of the same keys in order)
            System.arraycopy(b, 0, check, 0, 8);
            tdes[r % keys].encrypt(check, 0);
            bc[r % keys].decrypt(check);
            if (!Arrays.equals(check, b)) {
                throw new AssertionError("DesKey and BouncyCastle disagree");
            }
        }
        System.out.printf("best:    %s%n", line(names, best));
    }

    private static String line(String[] names, double[] ns) {
        StringBuilder s = new StringBuilder();
        for (int m = 0; m < names.length; m++) {
            s.append(String.format("%s %.1f ns, ", names[m], ns[m]));
        }
        return s.append("per block (thread CPU)").toString();
    }
}
