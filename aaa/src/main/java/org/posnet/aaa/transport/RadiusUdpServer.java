package org.posnet.aaa.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.posnet.aaa.server.RadiusServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RADIUS server's sockets: UDP auth and accounting ports on Netty. With epoll, each port is bound
 * once per event loop with SO_REUSEPORT so the kernel spreads clients over all cores, and datagrams
 * are read in batches (recvmmsg) and replies flushed once per batch.
 */
public final class RadiusUdpServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RadiusUdpServer.class);
  private static final int MAX_DATAGRAM = 4096;

  public record Options(String bind, int authPort, int acctPort, int threads, int socketBuffer) {}

  private final EventLoopGroup group;
  private final List<Channel> channels = new ArrayList<>();
  private final boolean epoll;
  private int authPort;
  private int acctPort;

  public RadiusUdpServer(RadiusServer server, Options options) throws InterruptedException {
    this.epoll = Epoll.isAvailable();
    int threads = Math.max(1, options.threads());
    this.group = new MultiThreadIoEventLoopGroup(threads, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    try {
      authPort = bind(server, RadiusServer.Port.AUTH, options, options.authPort(), threads);
      acctPort = bind(server, RadiusServer.Port.ACCT, options, options.acctPort(), threads);
    } catch (RuntimeException | InterruptedException e) {
      close();
      throw e;
    }
    log.info("event=radius_listening bind={} auth={} acct={} transport={} sockets_per_port={}", options.bind(), authPort, acctPort, epoll ? "epoll" : "nio", epoll ? threads : 1);
  }

  private int bind(RadiusServer server, RadiusServer.Port port, Options o, int wanted, int threads) throws InterruptedException {
    int sockets = epoll ? threads : 1;
    int bound = wanted;
    for (int i = 0; i < sockets; i++) {
      Bootstrap b = new Bootstrap().group(group)
          .option(ChannelOption.SO_RCVBUF, o.socketBuffer())
          .option(ChannelOption.SO_SNDBUF, o.socketBuffer())
          .handler(new Handler(server, port));
      if (epoll) {
        b.channel(EpollDatagramChannel.class)
            .option(EpollChannelOption.SO_REUSEPORT, true)
            .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_DATAGRAM)
            .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM * 16));
      } else {
        b.channel(NioDatagramChannel.class).option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM));
      }
      Channel ch = b.bind(o.bind(), bound).sync().channel();
      channels.add(ch);
      bound = ((InetSocketAddress) ch.localAddress()).getPort(); // port 0: the rest join the picked port
    }
    return bound;
  }

  public int authPort() {
    return authPort;
  }

  public int acctPort() {
    return acctPort;
  }

  @Override
  public void close() {
    for (Channel c : channels) c.close().syncUninterruptibly();
    group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** One per bound socket (each bind creates its own). */
  private static final class Handler extends SimpleChannelInboundHandler<DatagramPacket> {
    private final RadiusServer server;
    private final RadiusServer.Port port;
    /**
     * Replies finished off the event loop (accounting, once its writer thread has stored the batch):
     * queued and written by one task per batch, with one flush, instead of a task and a system call
     * each.
     */
    private final java.util.Queue<DatagramPacket> outbox = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicBoolean drainQueued = new java.util.concurrent.atomic.AtomicBoolean();

    Handler(RadiusServer server, RadiusServer.Port port) {
      this.server = server;
      this.port = port;
    }

    private void sendFromElsewhere(Channel ch, DatagramPacket out) {
      outbox.add(out);
      if (drainQueued.compareAndSet(false, true)) {
        try {
          ch.eventLoop().execute(() -> drain(ch));
        } catch (java.util.concurrent.RejectedExecutionException e) {
          drainQueued.set(false); // shutting down: the client retransmits to whoever serves next
          outbox.clear();
        }
      }
    }

    private void drain(Channel ch) {
      drainQueued.set(false); // a reply queued after this point schedules the next drain
      DatagramPacket p;
      while ((p = outbox.poll()) != null) {
        ch.write(p, ch.voidPromise());
      }
      ch.flush();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
      InetSocketAddress sender = packet.sender();
      if (!(sender.getAddress() instanceof Inet4Address v4)) return; // IPv6 clients are not configurable yet
      ByteBuf content = packet.content();
      int n = Math.min(content.readableBytes(), 65_535);
      byte[] data = new byte[n];
      content.getBytes(content.readerIndex(), data);
      byte[] a = v4.getAddress();
      int address = ((a[0] & 0xff) << 24) | ((a[1] & 0xff) << 16) | ((a[2] & 0xff) << 8) | (a[3] & 0xff);
      Channel ch = ctx.channel();
      server.handle(port, address, sender.getPort(), data, n, reply -> {
        DatagramPacket out = new DatagramPacket(Unpooled.wrappedBuffer(reply), sender);
        if (ch.eventLoop().inEventLoop()) ch.write(out, ch.voidPromise());
        else sendFromElsewhere(ch, out);
      });
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush(); // one flush per read batch: replies leave together (sendmmsg)
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // A socket error (e.g. ICMP port unreachable surfaced by the kernel) must not close the port.
      log.debug("event=radius_socket_error error={}", cause.toString());
    }
  }
}
