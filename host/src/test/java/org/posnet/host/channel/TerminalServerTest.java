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
import org.posnet.common.net.NettyTransport;

class TerminalServerTest {
    @Test
    void eventLoops_onePerCore_unlessConfigured() {
        assertThat(TerminalServer.eventLoops(0, 2)).isEqualTo(2);
        assertThat(TerminalServer.eventLoops(0, 16)).isEqualTo(16);
        assertThat(TerminalServer.eventLoops(0, 0)).isEqualTo(1);
        assertThat(TerminalServer.eventLoops(4, 2)).isEqualTo(4);
    }

    /** The host's property goes through the shared chooser (its cases: NettyTransportTest). */
    @Test
    void transport_isChosenByTheHostsProperty() {
        assertThat(TerminalServer.TRANSPORT_PROPERTY).isEqualTo("posnet.host.transport");
        Set<NettyTransport> noUring = Set.of(NettyTransport.EPOLL, NettyTransport.NIO);
        assertThat(NettyTransport.choose(TerminalServer.TRANSPORT_PROPERTY, " NIO ", noUring::contains)).isEqualTo(NettyTransport.NIO);
        assertThat(NettyTransport.choose(TerminalServer.TRANSPORT_PROPERTY, "io_uring", noUring::contains)).isEqualTo(NettyTransport.EPOLL);
        assertThatThrownBy(() -> NettyTransport.choose(TerminalServer.TRANSPORT_PROPERTY, "dpdk", t -> true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("posnet.host.transport").hasMessageContaining("dpdk");
    }

    /**
     * Terminals that sign on over a short connection and then open the one they keep (as PosNet's load terminals
     * do): the kept connections are spread over both loops, not all on one as Netty's round robin puts them.
     */
    @Test
    void shortThenKeptConnections_spreadOverTheLoops() throws Exception {
        java.util.Map<java.net.SocketAddress, io.netty.channel.EventLoop> loopOf = new java.util.concurrent.ConcurrentHashMap<>();
        try (TerminalServer server = new TerminalServer(NettyTransport.NIO, 2, "127.0.0.1", 0, 512, Duration.ofSeconds(5), null,
                () -> { }, () -> new SimpleChannelInboundHandler<byte[]>() {
                    @Override
                    public void channelActive(ChannelHandlerContext ctx) {
                        loopOf.put(ctx.channel().remoteAddress(), ctx.channel().eventLoop());
                        ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {1})); // accepted and registered
                    }

                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, byte[] frame) {
                    }
                })) {
            java.util.List<Socket> kept = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 10; i++) {
                    try (Socket signOn = accepted(server)) {
                        assertThat(signOn.isConnected()).isTrue();
                    }
                    awaitOpen(server, i); // the host has seen the sign-on connection close
                    kept.add(accepted(server));
                }
                java.util.Map<io.netty.channel.EventLoop, Integer> perLoop = new java.util.HashMap<>();
                for (Socket s : kept) {
                    perLoop.merge(loopOf.get(s.getLocalSocketAddress()), 1, Integer::sum);
                }
                assertThat(perLoop.values()).containsExactly(5, 5);
                assertThat(server.openConnections()).containsExactly(5, 5);
            } finally {
                for (Socket s : kept) {
                    s.close();
                }
            }
            awaitOpen(server, 0);
        }
    }

    private static Socket accepted(TerminalServer server) throws Exception {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout(5_000);
        assertThat(s.getInputStream().read()).isEqualTo(1);
        return s;
    }

    private static void awaitOpen(TerminalServer server, int open) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (Arrays.stream(server.openConnections()).sum() != open) {
            assertThat(System.nanoTime()).as("open connections %s, expected %d", Arrays.toString(server.openConnections()), open)
                    .isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    /** Each transport this machine has carries frames both ways (framing, handler, write path). */
    @ParameterizedTest
    @EnumSource(NettyTransport.class)
    void eachAvailableTransport_carriesFrames(NettyTransport transport) throws Exception {
        // not on this machine (old kernel, io_uring off): auto never picks it either
        assumeTrue(transport.available(), transport + " is not available here");
        try (TerminalServer server = new TerminalServer(transport, 1, "127.0.0.1", 0, 512, Duration.ofSeconds(5), null, () -> { },
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
