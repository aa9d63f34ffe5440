package org.posnet.common.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class NettyTransportTest {
    private static final String PROPERTY = "posnet.test.transport";
    private static final Set<NettyTransport> ALL = Set.of(NettyTransport.values());

    @Test
    void auto_picksIoUringFirst() {
        assertThat(NettyTransport.AUTO_ORDER).containsExactly(NettyTransport.IO_URING, NettyTransport.EPOLL, NettyTransport.NIO);
        assertThat(NettyTransport.choose(PROPERTY, null, ALL::contains)).isEqualTo(NettyTransport.IO_URING);
        assertThat(NettyTransport.choose(PROPERTY, "auto", ALL::contains)).isEqualTo(NettyTransport.IO_URING);
        assertThat(NettyTransport.choose(PROPERTY, " ", ALL::contains)).isEqualTo(NettyTransport.IO_URING);
    }

    @Test
    void theOneAsked_trimmedAnyCase_whenTheMachineHasIt() {
        assertThat(NettyTransport.choose(PROPERTY, " Epoll ", ALL::contains)).isEqualTo(NettyTransport.EPOLL);
        assertThat(NettyTransport.choose(PROPERTY, "nio", ALL::contains)).isEqualTo(NettyTransport.NIO);
        assertThat(NettyTransport.choose(PROPERTY, " NIO ", ALL::contains)).isEqualTo(NettyTransport.NIO);
        assertThat(NettyTransport.choose(PROPERTY, "IO_URING", ALL::contains)).isEqualTo(NettyTransport.IO_URING);
    }

    @Test
    void missing_isTheBestThereIs() {
        Set<NettyTransport> noUring = Set.of(NettyTransport.EPOLL, NettyTransport.NIO);
        assertThat(NettyTransport.choose(PROPERTY, "io_uring", noUring::contains)).isEqualTo(NettyTransport.EPOLL);
        Set<NettyTransport> nioOnly = Set.of(NettyTransport.NIO);
        assertThat(NettyTransport.choose(PROPERTY, "io_uring", nioOnly::contains)).isEqualTo(NettyTransport.NIO);
        assertThat(NettyTransport.choose(PROPERTY, "auto", nioOnly::contains)).isEqualTo(NettyTransport.NIO);
        assertThat(NettyTransport.choose(PROPERTY, "epoll", t -> false)).as("NIO as the last resort").isEqualTo(NettyTransport.NIO);
    }

    @Test
    void unknownName_isRefused_namingTheProperty() {
        assertThatThrownBy(() -> NettyTransport.choose(PROPERTY, "dpdk", t -> true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(PROPERTY).hasMessageContaining("dpdk")
                .hasMessageContaining("auto, io_uring, epoll or nio");
    }

    @Test
    void configured_readsTheProperty() {
        String before = System.getProperty(PROPERTY);
        try {
            System.setProperty(PROPERTY, "nio");
            assertThat(NettyTransport.configured(PROPERTY)).isEqualTo(NettyTransport.NIO);
            System.clearProperty(PROPERTY);
            assertThat(NettyTransport.configured(PROPERTY)).isEqualTo(
                    NettyTransport.AUTO_ORDER.stream().filter(NettyTransport::available).findFirst().orElseThrow());
        } finally {
            if (before == null) {
                System.clearProperty(PROPERTY);
            } else {
                System.setProperty(PROPERTY, before);
            }
        }
    }

    @Test
    void nio_isAlwaysAvailable_andEachAvailableOneHasItsParts() {
        assertThat(NettyTransport.NIO.available()).isTrue();
        for (NettyTransport t : NettyTransport.values()) {
            if (t.available()) {
                assertThat(t.handlers()).as("%s handlers", t).isNotNull();
                assertThat(t.socketChannel()).as("%s socket channel", t).isNotNull();
                assertThat(t.serverChannel()).as("%s server channel", t).isNotNull();
            }
        }
    }
}
