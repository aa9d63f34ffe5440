package org.posnet.host.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.io.DataInputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.posnet.host.channel.TerminalServer.Transport;

class TerminalServerTest {
    @Test
    void eventLoops_onePerCore_unlessConfigured() {
        assertThat(TerminalServer.eventLoops(0, 2)).isEqualTo(2);
        assertThat(TerminalServer.eventLoops(0, 16)).isEqualTo(16);
        assertThat(TerminalServer.eventLoops(0, 0)).isEqualTo(1);
        assertThat(TerminalServer.eventLoops(4, 2)).isEqualTo(4);
    }

    @Test
    void transport_theOneAsked_whenTheMachineHasIt() {
        Set<Transport> all = Set.of(Transport.values());
        assertThat(TerminalServer.transport("io_uring", all::contains)).isEqualTo(Transport.IO_URING);
        assertThat(TerminalServer.transport(" NIO ", all::contains)).isEqualTo(Transport.NIO);
        assertThat(TerminalServer.transport("epoll", all::contains)).isEqualTo(Transport.EPOLL);
    }

    @Test
    void transport_autoOrMissing_isTheBestThereIs() {
        Set<Transport> all = Set.of(Transport.values());
        assertThat(TerminalServer.transport(null, all::contains)).isEqualTo(TerminalServer.AUTO_ORDER.get(0));
        assertThat(TerminalServer.transport("auto", all::contains)).isEqualTo(TerminalServer.AUTO_ORDER.get(0));
        Set<Transport> noUring = Set.of(Transport.EPOLL, Transport.NIO);
        assertThat(TerminalServer.transport("io_uring", noUring::contains)).isIn(noUring);
        Set<Transport> nioOnly = Set.of(Transport.NIO);
        assertThat(TerminalServer.transport("io_uring", nioOnly::contains)).isEqualTo(Transport.NIO);
        assertThat(TerminalServer.transport("auto", nioOnly::contains)).isEqualTo(Transport.NIO);
    }

    @Test
    void transport_unknownName_isRefused() {
        assertThatThrownBy(() -> TerminalServer.transport("dpdk", t -> true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dpdk");
    }

    /** Each transport this machine has carries frames both ways (framing, handler, write path). */
    @ParameterizedTest
    @EnumSource(Transport.class)
    void eachAvailableTransport_carriesFrames(Transport transport) throws Exception {
        // not on this machine (old kernel, io_uring off): auto never picks it either
        assumeTrue(transport.available(), transport + " is not available here");
        try (TerminalServer server = new TerminalServer(transport, "127.0.0.1", 0, 512, Duration.ofSeconds(5), null, () -> { },
                () -> new SimpleChannelInboundHandler<byte[]>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, byte[] frame) {
                        ctx.writeAndFlush(Unpooled.wrappedBuffer(frame)); // the frame back, length prefix and all
                    }
                });
                Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(5_000);
            DataInputStream in = new DataInputStream(s.getInputStream());
            for (int i = 0; i < 50; i++) {
                byte[] frame = new byte[2 + 40 + i]; // above the smallest message the decoder lets through
                frame[1] = (byte) (frame.length - 2);
                Arrays.fill(frame, 2, frame.length, (byte) i);
                s.getOutputStream().write(frame);
                byte[] back = new byte[frame.length];
                in.readFully(back);
                assertThat(back).as("frame %d over %s", i, transport).isEqualTo(frame);
            }
        }
    }
}
