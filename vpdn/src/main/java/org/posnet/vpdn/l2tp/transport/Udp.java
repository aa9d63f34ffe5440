package org.posnet.vpdn.l2tp.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetSocketAddress;

/**
 * The UDP plumbing of the vpdn sockets (L2TP, the LAC's RADIUS client, Disconnect): Linux's native
 * epoll transport where it loads, NIO elsewhere. With epoll a read takes up to {@link #BATCH}
 * datagrams in one {@code recvmmsg}, and the datagrams written before one flush leave in one
 * {@code sendmmsg}; at thousands of calls a second, one system call per datagram was most of the
 * kernel's share of a call.
 */
public final class Udp {
  /**
   * The largest datagram read whole with epoll (a bigger one is truncated and then fails to decode):
   * PPP frames are at most MRU 1500 plus the L2TP header, control messages a few hundred bytes.
   */
  public static final int MAX_DATAGRAM = 8192;
  /** Datagrams per {@code recvmmsg}. */
  static final int BATCH = 8;
  /** NIO reads one datagram per buffer: as large as a UDP datagram can be. */
  private static final int NIO_BUFFER = 65_535;

  private Udp() {}

  /** An event loop group of {@code threads} loops of the best transport here. */
  public static EventLoopGroup newGroup(int threads) {
    return new MultiThreadIoEventLoopGroup(threads, Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
  }

  /** A datagram bootstrap whose channel type matches {@code group} (an event loop is a group too). */
  public static Bootstrap bootstrap(EventLoopGroup group) {
    Bootstrap b = new Bootstrap().group(group);
    if (group instanceof IoEventLoopGroup g && g.isIoType(EpollIoHandler.class)) {
      b.channel(EpollDatagramChannel.class)
          .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_DATAGRAM)
          .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM * BATCH));
    } else {
      b.channel(NioDatagramChannel.class).option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(NIO_BUFFER));
    }
    return b;
  }

  /**
   * Writes on one channel, flushed once per turn of its event loop: every datagram written while the
   * loop handles one batch of reads or tasks goes out with the same flush. Off the loop it writes and
   * flushes at once.
   */
  public static final class BatchedWriter {
    private final Channel channel;
    private final Runnable flush;
    private boolean flushQueued;

    public BatchedWriter(Channel channel) {
      this.channel = channel;
      this.flush = () -> {
        flushQueued = false;
        channel.flush();
      };
    }

    public void write(byte[] datagram, InetSocketAddress to) {
      DatagramPacket p = new DatagramPacket(Unpooled.wrappedBuffer(datagram), to);
      if (!channel.eventLoop().inEventLoop()) {
        channel.writeAndFlush(p, channel.voidPromise());
        return;
      }
      channel.write(p, channel.voidPromise());
      if (!flushQueued) {
        flushQueued = true;
        try {
          // runs after the reads or tasks of this turn that are already queued: they share the flush
          channel.eventLoop().execute(flush);
        } catch (java.util.concurrent.RejectedExecutionException e) {
          flush.run(); // the loop is shutting down: nothing comes after this write to batch with
        }
      }
    }
  }
}
