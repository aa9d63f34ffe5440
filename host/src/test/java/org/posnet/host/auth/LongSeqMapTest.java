package org.posnet.host.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongSeqMapTest {

    @Test
    void agreesWithAHashMap_throughGrowthAndReplacement() {
        LongSeqMap map = new LongSeqMap(4, new Freezes());
        Map<Long, Long> expected = new HashMap<>();
        Random r = new Random(7);
        for (int i = 1; i <= 200_000; i++) {
            // consecutive keys (traces), then random ones, then overwrites of earlier keys
            long key = i < 100_000 ? i : i < 150_000 ? r.nextLong() | 1 : r.nextInt(100_000) + 1;
            map.put(key, i);
            expected.put(key, (long) i);
        }
        assertThat(map.size()).isEqualTo(expected.size());
        expected.forEach((k, v) -> assertThat(map.get(k)).isEqualTo(v));
        assertThat(map.get(-2)).isZero();
        assertThat(map.get(Long.MAX_VALUE)).isZero();
    }

    @Test
    void theReservedKeyIsRefused() {
        assertThatThrownBy(() -> new LongSeqMap(1, new Freezes()).put(0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void traceCodes_keepLeadingZerosApart_andRefuseWhatIsNotDigits() {
        assertThat(HostState.traceCode("000123")).isNotEqualTo(HostState.traceCode("123"));
        assertThat(HostState.traceCode("999999999")).isPositive();
        assertThat(HostState.traceCode("1234567890")).isEqualTo(-1);
        assertThat(HostState.traceCode("12A")).isEqualTo(-1);
        assertThat(HostState.traceCode("")).isEqualTo(-1);
    }
}
