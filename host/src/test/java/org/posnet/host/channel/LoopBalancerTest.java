package org.posnet.host.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LoopBalancerTest {
    @Test
    void pick_takesTheSlotWithFewestOpen() {
        LoopBalancer.Counts c = new LoopBalancer.Counts(3);
        assertThat(c.pick()).isEqualTo(0);
        assertThat(c.pick()).isEqualTo(1);
        assertThat(c.pick()).isEqualTo(2);
        c.release(1);
        // whichever slot's turn it is, the one with a free place wins
        assertThat(c.pick()).isEqualTo(1);
        assertThat(c.snapshot()).containsExactly(1, 1, 1);
    }

    @Test
    void pick_takesTiesInTurn() {
        LoopBalancer.Counts c = new LoopBalancer.Counts(2);
        int[] picked = new int[2];
        for (int i = 0; i < 10; i++) {
            int slot = c.pick();
            picked[slot]++;
            c.release(slot); // every slot back at zero: only the turn decides
        }
        assertThat(picked).containsExactly(5, 5);
    }

    /** A short connection (a sign-on) then a kept one, per terminal: round robin puts every kept one on one loop. */
    @Test
    void shortThenKeptConnections_keptOnesSpreadEvenly() {
        LoopBalancer.Counts c = new LoopBalancer.Counts(2);
        for (int terminal = 0; terminal < 101; terminal++) {
            c.release(c.pick());
            c.pick();
        }
        int[] open = c.snapshot();
        assertThat(open[0] + open[1]).isEqualTo(101);
        assertThat(Math.abs(open[0] - open[1])).isLessThanOrEqualTo(1);
    }

    @Test
    void noSlots_refused() {
        assertThatThrownBy(() -> new LoopBalancer.Counts(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
