package org.posnet.bench.aaa;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JvmHeapTest {

    @Test
    void readsTheHeapOfARunningJvmAfterAFullCollection() {
        long used = JvmHeap.usedAfterFullGc(ProcessHandle.current().pid());
        assertThat(used).isPositive().isLessThan(Runtime.getRuntime().maxMemory());
    }

    @Test
    void saysUnknownForAProcessThatIsNotThere() {
        assertThat(JvmHeap.usedAfterFullGc(Integer.MAX_VALUE)).isEqualTo(-1);
    }
}
