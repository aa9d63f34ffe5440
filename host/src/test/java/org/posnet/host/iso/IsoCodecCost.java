package org.posnet.host.iso;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Set;

/**
 * Microbenchmark of the codec work the host does per sale: decode the request frame, build its MAC block,
 * read a few fields, build the reply (echo + host fields), encode it with a MAC, cut the unsigned message
 * for the journal. Prints thread CPU ns and allocated bytes per sale. Not a test; run it by hand:
 *
 * <pre>
 * mvn -o -q -pl host test-compile
 * java -cp host/target/classes:host/target/test-classes:JARS org.posnet.host.iso.IsoCodecCost [rounds] [iterations]
 * </pre>
 *
 * JARS: jackson-databind, jackson-core, jackson-annotations, jackson-dataformat-yaml and snakeyaml from
 * ~/.m2 (the dialect file is YAML). Rounds are reported min/median/max, after a warm-up of two rounds.
 */
public final class IsoCodecCost {

    /** The fields the host does not echo (Authorizer.NOT_ECHOED). */
    private static final Set<Integer> NOT_ECHOED = Set.of(14, 22, 26, 35, 36, 48, 52, 53, 55, 62, 63, 64);
    private static final byte[] MAC = {1, 2, 3, 4, 5, 6, 7, 8};

    private IsoCodecCost() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        IsoCodec codec = new IsoCodec(Dialect.unionPayPos());
        byte[] request = codec.encode(new IsoFrame(Tpdu.of(0x0001, 0x0123), new MessageHeader("603100000000"), sale()));

        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int i = 0; i < iterations * 2; i++) {
            sink += oneSale(codec, request);
        }
        double[] cpu = new double[rounds];
        double[] alloc = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long a0 = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            for (int i = 0; i < iterations; i++) {
                sink += oneSale(codec, request);
            }
            long a1 = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            long c1 = threads.getCurrentThreadCpuTime();
            cpu[r] = (c1 - c0) / (double) iterations;
            alloc[r] = (a1 - a0) / (double) iterations;
        }
        Arrays.sort(cpu);
        Arrays.sort(alloc);
        System.out.printf("per sale: cpu ns min %.0f median %.0f max %.0f; allocated bytes median %.0f (sink %d)%n",
                cpu[0], cpu[rounds / 2], cpu[rounds - 1], alloc[rounds / 2], sink);
    }

    /** A sale as the load generator sends it (Requests.sale, signed). */
    static IsoMessage sale() {
        return IsoMessage.builder("0200")
                .with(11, "000124")
                .with(41, "10000001")
                .with(42, "898110058120001")
                .with(2, "6222021234567890123")
                .with(3, "000000")
                .with(4, "000000012345")
                .with(14, "2812")
                .with(22, "021")
                .with(25, "00")
                .with(26, "06")
                .with(49, "156")
                .with(52, new byte[] {(byte) 0xA1, (byte) 0xB2, (byte) 0xC3, (byte) 0xD4, (byte) 0xE5, (byte) 0xF6, 7, 0x18})
                .with(53, "2600000000000000")
                .with(60, "22000002000")
                .with(64, new byte[] {0x31, 0x32, 0x33, 0x34, 0x41, 0x42, 0x43, 0x44})
                .build();
    }

    static long oneSale(IsoCodec codec, byte[] wire) throws Exception {
        IsoFrame frame = codec.decode(wire);
        IsoMessage m = frame.message();
        byte[] block = codec.macBlock(m);
        byte[] mac = m.has(64) ? m.bytes(64) : null;
        String pan = m.string(2);
        String amount = m.string(4);
        String trace = m.string(11);
        String terminal = m.string(41);
        String field60 = m.has(60) ? m.string(60) : null;
        IsoMessage reply = IsoMessage.builder("0210").withFieldsOf(m, NOT_ECHOED)
                .with(12, "153140").with(13, "1126").with(32, "48160000")
                .with(37, "000000001234").with(38, "001234").with(39, "00").build();
        byte[] out = codec.encodeWithMac(frame.reply(reply, ProcessingRequirement.NONE), b -> MAC);
        byte[] unsigned = codec.unsignedMessage(out);
        return block.length + mac.length + pan.length() + amount.length() + trace.length() + terminal.length()
                + field60.length() + out.length + unsigned.length;
    }
}
