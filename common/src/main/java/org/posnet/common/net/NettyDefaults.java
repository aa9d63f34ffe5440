package org.posnet.common.net;

/**
 * Netty settings PosNet's servers run with unless the operator sets them: system properties, so they must
 * be applied before the first Netty class loads (first thing in a main).
 */
public final class NettyDefaults {
    /**
     * Netty tracks 1 buffer in 128 for leaks, each with a stack trace: about 1.5% of the host's event-loop CPU
     * under load (two buffers a sale). 1 in 4096 still reports a leak that happens per request within
     * seconds of load, which is the leak that matters.
     */
    static final String LEAK_SAMPLING = "4096";

    private NettyDefaults() {
    }

    public static void apply() {
        if (System.getProperty("io.netty.leakDetection.samplingInterval") == null) {
            System.setProperty("io.netty.leakDetection.samplingInterval", LEAK_SAMPLING);
        }
    }
}
