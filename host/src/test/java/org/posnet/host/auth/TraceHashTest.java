package org.posnet.host.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TraceHashTest {

    /** 200 terminals × 1,000 consecutive traces in a 2^18-bucket map (as HashMap spreads a hash): no bucket of 8. */
    @Test
    void consecutiveTerminalsAndTraces_spreadOverTheBuckets() {
        int[] buckets = new int[1 << 18];
        int largest = 0;
        for (int t = 1; t <= 200; t++) {
            for (int trace = 1; trace <= 1_000; trace++) {
                int h = HostState.traceHash(Integer.toString(10_000_000 + t), "000001", String.format("%06d", trace));
                int b = (h ^ (h >>> 16)) & (buckets.length - 1);
                largest = Math.max(largest, ++buckets[b]);
            }
        }
        assertThat(largest).isLessThan(8);
    }
}
