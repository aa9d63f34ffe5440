package org.posnet.sim.load;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringSocketChannel;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the load generator's loops talk to the kernel. The generator shares the machine with the target it
 * drives, so every µs it spends per sale is a µs the target does not get: io_uring first (a loop turn
 * submits the sends and receives of all its connections at once), then epoll, then the JDK's selector.
 */
enum LoadTransport {
    IO_URING,
    EPOLL,
    NIO;

    private static final Logger log = LoggerFactory.getLogger(LoadTransport.class);

    /** Property naming the transport: {@code auto} (the default), {@code io_uring}, {@code epoll} or {@code nio}. */
    static final String PROPERTY = "posnet.sim.transport";

    /** What {@code auto} picks, best first. */
    static final List<LoadTransport> AUTO_ORDER = List.of(IO_URING, EPOLL, NIO);

    boolean available() {
        return switch (this) {
            case IO_URING -> IoUring.isAvailable();
            case EPOLL -> Epoll.isAvailable();
            case NIO -> true;
        };
    }

    IoHandlerFactory handlers() {
        return switch (this) {
            case IO_URING -> IoUringIoHandler.newFactory();
            case EPOLL -> EpollIoHandler.newFactory();
            case NIO -> NioIoHandler.newFactory();
        };
    }

    Class<? extends SocketChannel> socketChannel() {
        return switch (this) {
            case IO_URING -> IoUringSocketChannel.class;
            case EPOLL -> EpollSocketChannel.class;
            case NIO -> NioSocketChannel.class;
        };
    }

    /** The transport {@link #PROPERTY} asks for on this machine. */
    static LoadTransport configured() {
        return choose(System.getProperty(PROPERTY), LoadTransport::available);
    }

    /**
     * The one asked for if this machine has it, else the best it has: a missing one (old kernel, io_uring
     * off by seccomp or sysctl) is logged with the one used instead, and the load still runs.
     */
    static LoadTransport choose(String asked, Predicate<LoadTransport> available) {
        String name = asked == null ? "auto" : asked.trim().toLowerCase(Locale.ROOT);
        LoadTransport wanted = switch (name) {
            case "auto", "" -> null;
            case "io_uring" -> IO_URING;
            case "epoll" -> EPOLL;
            case "nio" -> NIO;
            default -> throw new IllegalArgumentException(PROPERTY + " is auto, io_uring, epoll or nio, not " + asked);
        };
        if (wanted != null && available.test(wanted)) {
            return wanted;
        }
        LoadTransport chosen = AUTO_ORDER.stream().filter(available).findFirst().orElse(NIO);
        if (wanted != null) {
            log.warn("event=sim.load.transport_unavailable asked={} using={}", wanted, chosen);
        }
        return chosen;
    }
}
