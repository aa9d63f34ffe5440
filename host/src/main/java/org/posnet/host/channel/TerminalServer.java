package org.posnet.host.channel;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** The TCP listener for terminals: framing, idle timeout, then one {@link TerminalHandler} per connection. */
public final class TerminalServer implements AutoCloseable {
    private final EventLoopGroup boss;
    private final EventLoopGroup io;
    private final Channel channel;

    public TerminalServer(String bind, int port, int maxFrameBytes, Duration idleTimeout, Supplier<? extends io.netty.channel.ChannelHandler> handlers) {
        // native epoll where there is one (fewer system calls per read and write than NIO's selector)
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        boss = new MultiThreadIoEventLoopGroup(1, factory);
        io = new MultiThreadIoEventLoopGroup(eventLoops(Integer.getInteger("io.netty.eventLoopThreads", 0),
                Runtime.getRuntime().availableProcessors()), factory);
        try {
            channel = new ServerBootstrap()
                    .group(boss, io)
                    .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    // a terminal that stops reading must not make the host buffer replies without bound
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(8 * 1024, 32 * 1024))
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline()
                                    .addLast(new IdleStateHandler(idleTimeout.toMillis(), 0, 0, TimeUnit.MILLISECONDS))
                                    .addLast(new FrameDecoder(maxFrameBytes))
                                    .addLast(handlers.get());
                        }
                    })
                    .bind(bind, port).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            io.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IllegalStateException("cannot listen for terminals on " + bind + ":" + port + ": " + e.getMessage()
                    + " (set host.port to a free port, or 0)", e);
        }
    }

    /**
     * One event loop per core, not Netty's two: authorizations run on the loops, so loops beyond the cores
     * only take turns on them, and each turn is a context switch and a chance to be preempted holding a
     * lock the other loops then wait for (on 2 cores, 4 loops made ~0.12 futex calls and 0.14 context
     * switches per sale on the loops; 2 made ~0.003 and 0.06). {@code -Dio.netty.eventLoopThreads} still
     * sets the number.
     */
    static int eventLoops(int configured, int cores) {
        return configured > 0 ? configured : Math.max(1, cores);
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        io.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
