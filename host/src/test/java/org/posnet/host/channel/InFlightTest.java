package org.posnet.host.channel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InFlightTest {
    @Test
    void aTerminalsConnections_shareOneLimit() {
        InFlight inFlight = new InFlight(2);
        InFlight.Slot first = inFlight.slot("10000001");
        InFlight.Slot second = inFlight.slot(new String("10000001")); // another connection, its own String
        assertThat(second).isSameAs(first);
        assertThat(inFlight.tryAcquire(first)).isTrue();
        assertThat(inFlight.tryAcquire(second)).isTrue();
        assertThat(inFlight.tryAcquire(first)).as("third request of the terminal").isFalse();
        assertThat(inFlight.tryAcquire(inFlight.slot("10000002"))).as("another terminal").isTrue();
        inFlight.release(first);
        assertThat(inFlight.tryAcquire(second)).as("a place freed by an answer").isTrue();
    }

    @Test
    void aRefusedRequest_takesNoPlace() {
        InFlight inFlight = new InFlight(1);
        InFlight.Slot s = inFlight.slot("10000001");
        assertThat(inFlight.tryAcquire(s)).isTrue();
        for (int i = 0; i < 5; i++) {
            assertThat(inFlight.tryAcquire(s)).isFalse();
        }
        inFlight.release(s);
        assertThat(inFlight.tryAcquire(s)).isTrue();
    }

    @Test
    void framesWithoutATerminal_countPerConnection() {
        InFlight inFlight = new InFlight(1);
        InFlight.Slot a = InFlight.connectionSlot();
        InFlight.Slot b = InFlight.connectionSlot();
        assertThat(inFlight.tryAcquire(a)).isTrue();
        assertThat(inFlight.tryAcquire(a)).isFalse();
        assertThat(inFlight.tryAcquire(b)).as("another connection").isTrue();
    }
}
