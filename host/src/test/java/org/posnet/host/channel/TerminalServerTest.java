package org.posnet.host.channel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TerminalServerTest {
    @Test
    void eventLoops_onePerCore_unlessConfigured() {
        assertThat(TerminalServer.eventLoops(0, 2)).isEqualTo(2);
        assertThat(TerminalServer.eventLoops(0, 16)).isEqualTo(16);
        assertThat(TerminalServer.eventLoops(0, 0)).isEqualTo(1);
        assertThat(TerminalServer.eventLoops(4, 2)).isEqualTo(4);
    }
}
