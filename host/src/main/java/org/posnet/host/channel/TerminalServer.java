package org.posnet.host.channel;

import io.netty.channel.IoHandlerFactory;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import org.posnet.common.net.NettyTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP listener for terminals: TLS when configured, idle timeout, framing, then one {@link TerminalHandler}
 * per connection.
 */
public final class TerminalServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TerminalServer.class);

    private final EventLoopGroup boss;
    private final EventLoopGroup io;
    private final LoopBalancer balancer = new LoopBalancer();
    private final Channel channel;

    /**
     * Property naming the loops' {@link NettyTransport}: {@code auto} (the default), {@code io_uring}, {@code epoll}
     * or {@code nio}. io_uring first under {@code auto}: under the bench's load (200 terminals, one sale in flight
     * each) the loops spent about 15 µs a sale on it against 25 µs on epoll, kernel time halved (one submission
     * carries the sends of a whole journal group) and less JNI per operation (docs/benchmarks.md).
     */
    static final String TRANSPORT_PROPERTY = "posnet.host.transport";

    public TerminalServer(String bind, int port, int maxFrameBytes, Duration idleTimeout, Supplier<? extends io.netty.channel.ChannelHandler> handlers) {
        this(bind, port, maxFrameBytes, idleTimeout, null, () -> { }, handlers);
    }

    /**
     * @param tls                 from {@link #tls}, or null for plain TCP
     * @param onHandshakeFailure  told of each connection closed without a completed TLS handshake
     */
    public TerminalServer(String bind, int port, int maxFrameBytes, Duration idleTimeout, SslContext tls,
            Runnable onHandshakeFailure, Supplier<? extends io.netty.channel.ChannelHandler> handlers) {
        this(NettyTransport.configured(TRANSPORT_PROPERTY), eventLoops(Integer.getInteger("io.netty.eventLoopThreads", 0),
                Runtime.getRuntime().availableProcessors()), bind, port, maxFrameBytes, idleTimeout, tls, onHandshakeFailure, handlers);
    }

    TerminalServer(NettyTransport transport, int loops, String bind, int port, int maxFrameBytes, Duration idleTimeout,
            SslContext tls, Runnable onHandshakeFailure, Supplier<? extends io.netty.channel.ChannelHandler> handlers) {
        log.info("event=host.transport transport={} loops={}", transport, loops);
        IoHandlerFactory factory = transport.handlers();
        boss = new MultiThreadIoEventLoopGroup(1, factory);
        io = new MultiThreadIoEventLoopGroup(loops, null, balancer, factory);
        try {
            channel = new ServerBootstrap()
                    .group(boss, io)
                    .channel(transport.serverChannel())
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    // a terminal that stops reading must not make the host buffer replies without bound
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(8 * 1024, 32 * 1024))
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.closeFuture().addListener(f -> balancer.closed(ch.eventLoop()));
                            if (tls != null) {
                                // first, so everything after sees plaintext; the idle handler after it still
                                // closes a connection that never finishes its handshake
                                ch.pipeline().addLast(tls.newHandler(ch.alloc()), new HandshakeOutcome(onHandshakeFailure));
                            }
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

    /**
     * Logs and counts a failed handshake (plain-TCP client, unknown CA, no or bad client certificate,
     * timeout, hang-up mid-handshake); the SslHandler has already closed the connection. Steps aside once the
     * handshake succeeds.
     */
    private static final class HandshakeOutcome extends ChannelInboundHandlerAdapter {
        private final Runnable onFailure;
        private boolean failed;

        HandshakeOutcome(Runnable onFailure) {
            this.onFailure = onFailure;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof SslHandshakeCompletionEvent done) {
                if (done.isSuccess()) {
                    ctx.fireUserEventTriggered(evt);
                    ctx.pipeline().remove(this);
                    return;
                }
                failed = true;
                // a NotSslRecordException's message dumps the bytes received: plaintext terminal data
                Throwable cause = done.cause();
                String why = cause instanceof NotSslRecordException ? "not a TLS record (a plain-TCP client?)"
                        : cause instanceof java.nio.channels.ClosedChannelException ? "closed before the handshake completed"
                        : cause.getClass().getSimpleName() + ": " + cause.getMessage();
                log.warn("event=host.tls_handshake_failed remote={} error=\"{}\" action=close", ctx.channel().remoteAddress(), why);
                onFailure.run();
                ctx.close();
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (failed || cause instanceof SSLException || cause.getCause() instanceof SSLException) {
                ctx.close(); // logged once above, without the exception's text
                return;
            }
            ctx.fireExceptionCaught(cause);
        }
    }

    /**
     * A server TLS context for terminals from {@code host.tls}'s PEM files: TLS 1.2 and 1.3 only; with
     * {@code clientCa}, terminals must present a certificate chaining to it. Errors name the file, never its
     * contents.
     */
    public static SslContext tls(Path certificate, Path privateKey, Path clientCa) {
        return tls(certificate, privateKey, clientCa, "host.tls");
    }

    /**
     * As {@link #tls(Path, Path, Path)} for another listener configured the same way; {@code configKey} (e.g.
     * {@code host.issuer.tls}) prefixes the errors.
     */
    public static SslContext tls(Path certificate, Path privateKey, Path clientCa, String configKey) {
        List<X509Certificate> chain = PemFiles.certificates(configKey + ".certificate", certificate);
        PrivateKey key = PemFiles.privateKey(configKey + ".privateKey", privateKey);
        PemFiles.matches(configKey + ".privateKey", key, chain.get(0), certificate, privateKey);
        List<X509Certificate> cas = clientCa == null ? null : PemFiles.certificates(configKey + ".clientCa", clientCa);
        try {
            SslContextBuilder b = SslContextBuilder.forServer(key, chain.toArray(X509Certificate[]::new))
                    .protocols("TLSv1.3", "TLSv1.2");
            if (cas != null) {
                b.trustManager(cas.toArray(X509Certificate[]::new)).clientAuth(ClientAuth.REQUIRE);
            }
            return b.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException(configKey + ": cannot build a TLS context from " + certificate + " and "
                    + privateKey + ": " + e.getClass().getSimpleName(), e);
        }
    }


    /** Open terminal connections on each event loop. */
    int[] openConnections() {
        return balancer.openConnections();
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
