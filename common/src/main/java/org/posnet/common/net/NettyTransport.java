package org.posnet.common.net;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How Netty's event loops talk to the kernel, for the host's terminal listener and the load generator alike.
 * io_uring first: a loop turn submits the sends and receives of all its connections in one system call;
 * then epoll (one system call per read and per write); then the JDK's selector, which works anywhere Java
 * runs. Each user names its own system property ({@code auto}, {@code io_uring}, {@code epoll} or
 * {@code nio}); a transport asked for but missing here is logged and the best one there is used instead.
 */
public enum NettyTransport {
    /** Sends and receives of all a loop's connections submitted together, one system call a loop turn. */
    IO_URING,
    /** One system call per read and per write; readiness by epoll. */
    EPOLL,
    /** The JDK's selector: anywhere Java runs. */
    NIO;

    private static final Logger log = LoggerFactory.getLogger(NettyTransport.class);

    /**
     * What {@code auto} picks, best first. Under the bench's load the host's loops spent about 15 µs a sale
     * on io_uring against 25 µs on epoll (docs/benchmarks.md).
     */
    public static final List<NettyTransport> AUTO_ORDER = List.of(IO_URING, EPOLL, NIO);

    /** Whether this machine has it: io_uring and epoll need Linux, their native library, and (io_uring) a kernel that allows it. */
    public boolean available() {
        return switch (this) {
            case IO_URING -> IoUring.isAvailable();
            case EPOLL -> Epoll.isAvailable();
            case NIO -> true;
        };
    }

    /** The I/O handlers for a {@code MultiThreadIoEventLoopGroup}. */
    public IoHandlerFactory handlers() {
        return switch (this) {
            case IO_URING -> IoUringIoHandler.newFactory();
            case EPOLL -> EpollIoHandler.newFactory();
            case NIO -> NioIoHandler.newFactory();
        };
    }

    /** The listening TCP channel for a {@code ServerBootstrap} on this transport's loops. */
    public Class<? extends ServerChannel> serverChannel() {
        return switch (this) {
            case IO_URING -> IoUringServerSocketChannel.class;
            case EPOLL -> EpollServerSocketChannel.class;
            case NIO -> NioServerSocketChannel.class;
        };
    }

    /** The connecting TCP channel for a {@code Bootstrap} on this transport's loops. */
    public Class<? extends SocketChannel> socketChannel() {
        return switch (this) {
            case IO_URING -> IoUringSocketChannel.class;
            case EPOLL -> EpollSocketChannel.class;
            case NIO -> NioSocketChannel.class;
        };
    }

    /** The transport system property {@code property} asks for, on this machine. */
    public static NettyTransport configured(String property) {
        return choose(property, System.getProperty(property), NettyTransport::available);
    }

    /**
     * The one asked for if {@code available}, else the first available in {@link #AUTO_ORDER} (NIO as the
     * last resort). One asked for but missing (an old kernel, io_uring off by seccomp or sysctl) is logged
     * with the one used instead.
     *
     * @param property the system property {@code asked} came from, for the messages
     * @param asked    {@code auto}, blank or null for the best there is; else {@code io_uring}, {@code epoll}
     *                 or {@code nio}, in any case, spaces around ignored
     * @throws IllegalArgumentException for any other name
     */
    public static NettyTransport choose(String property, String asked, Predicate<NettyTransport> available) {
        String name = asked == null ? "auto" : asked.trim().toLowerCase(Locale.ROOT);
        NettyTransport wanted = switch (name) {
            case "auto", "" -> null;
            case "io_uring" -> IO_URING;
            case "epoll" -> EPOLL;
            case "nio" -> NIO;
            default -> throw new IllegalArgumentException(property + " is auto, io_uring, epoll or nio, not " + asked);
        };
        if (wanted != null && available.test(wanted)) {
            return wanted;
        }
        NettyTransport chosen = AUTO_ORDER.stream().filter(available).findFirst().orElse(NIO);
        if (wanted != null) {
            log.warn("event=net.transport_unavailable property={} asked={} using={}", property, wanted, chosen);
        }
        return chosen;
    }
}
