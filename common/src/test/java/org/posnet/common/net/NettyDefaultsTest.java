package org.posnet.common.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NettyDefaultsTest {
    private static final String KEY = "io.netty.leakDetection.samplingInterval";

    @Test
    void setsTheSampling_butKeepsTheOperators() {
        String before = System.getProperty(KEY);
        try {
            System.clearProperty(KEY);
            NettyDefaults.apply();
            assertThat(System.getProperty(KEY)).isEqualTo(NettyDefaults.LEAK_SAMPLING);
            System.setProperty(KEY, "1");
            NettyDefaults.apply();
            assertThat(System.getProperty(KEY)).isEqualTo("1");
        } finally {
            if (before == null) {
                System.clearProperty(KEY);
            } else {
                System.setProperty(KEY, before);
            }
        }
    }
}
