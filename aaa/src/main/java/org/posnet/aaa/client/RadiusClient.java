package org.posnet.aaa.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.posnet.aaa.codec.Attr;
import org.posnet.aaa.codec.PasswordHiding;
import org.posnet.aaa.codec.RadiusAttribute;
import org.posnet.aaa.codec.RadiusCode;
import org.posnet.aaa.codec.RadiusCodec;
import org.posnet.aaa.codec.RadiusDecodeException;
import org.posnet.aaa.codec.RadiusPacket;
import org.posnet.aaa.codec.RadiusSigner;
import org.posnet.aaa.codec.SharedSecret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An asynchronous RADIUS client with retransmission, timeout and failover: each request goes to the
 * first server, is retransmitted unchanged {@code retries} times, then goes to the next server as a
 * new packet (new identifier and authenticator, its own secret). Replies are matched by identifier
 * and source and must carry a valid Response Authenticator (and Message-Authenticator when present).
 * All state lives on one event loop, so no locks.
 */
public final class RadiusClient implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RadiusClient.class);
  /** SO_RCVBUF: room for the replies to a full window (256 identifiers per server) and more. */
  static final int RECEIVE_BUFFER = 1 << 20;

  public record Server(InetSocketAddress address, SharedSecret secret) {
    @Override
    public String toString() {
      return address.getAddress().getHostAddress() + ":" + address.getPort();
    }
  }

  /** {@code bind}: local address to send from (a NAS is known to its server by source address); null for any. */
  public record Options(Duration timeout, int retries, String bind) {
    public Options(Duration timeout, int retries) {
      this(timeout, retries, null);
    }

    public static Options defaults() {
      return new Options(Duration.ofSeconds(2), 2, null);
    }
  }

  private final class Pending {
    final int code;
    final List<RadiusAttribute> attributes;
    final byte[] papPassword;
    final CompletableFuture<RadiusPacket> result = new CompletableFuture<>();
    int serverIndex;
    int attempt;
    int id;
    byte[] authenticator;
    byte[] bytes;
    ScheduledFuture<?> timer;

    Pending(int code, List<RadiusAttribute> attributes, byte[] papPassword) {
      this.code = code;
      this.attributes = attributes;
      this.papPassword = papPassword;
    }
  }

  private final List<Server> servers;
  private final Options options;
  private final EventLoopGroup group;
  private final boolean ownGroup;
  private final Channel channel;
  /** Outstanding requests by server index and identifier. */
  private final Pending[][] inFlight;
  private final int[] nextId;
  private final Runnable flush;
  private boolean flushQueued;

  public RadiusClient(List<Server> servers, Options options) throws InterruptedException {
    this(servers, options, null);
  }

  public RadiusClient(List<Server> servers, Options options, EventLoopGroup sharedGroup) throws InterruptedException {
    if (servers.isEmpty()) throw new IllegalArgumentException("a RADIUS client needs at least one server");
    this.servers = List.copyOf(servers);
    this.options = options;
    this.ownGroup = sharedGroup == null;
    this.group = ownGroup ? new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory()) : sharedGroup;
    this.inFlight = new Pending[servers.size()][256];
    this.nextId = new int[servers.size()];
    // replies to a burst of requests arrive together: the kernel's default buffer dropped some under load
    Bootstrap b = new Bootstrap().group(group).option(ChannelOption.SO_RCVBUF, RECEIVE_BUFFER);
    if (group instanceof IoEventLoopGroup g && g.isIoType(EpollIoHandler.class)) {
      // a shared epoll group (an LNS's loop): replies read in batches (recvmmsg), requests sent in batches
      b.channel(EpollDatagramChannel.class).option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, 4096)
          .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(4096 * 16));
    } else {
      b.channel(NioDatagramChannel.class);
    }
    this.channel = b.handler(new SimpleChannelInboundHandler<DatagramPacket>() {
          @Override
          protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
            onReply(p);
          }
        })
        .bind(options.bind() == null ? new InetSocketAddress(0) : new InetSocketAddress(options.bind(), 0)).sync().channel();
    this.flush = () -> {
      flushQueued = false;
      channel.flush();
    };
  }

  /**
   * Sends a request. {@code papPassword}, when not null, is hidden as User-Password for whichever
   * server the request goes to. Access-Request and Status-Server get a Message-Authenticator.
   */
  public CompletableFuture<RadiusPacket> send(int code, List<RadiusAttribute> attributes, byte[] papPassword) {
    Pending p = new Pending(code, List.copyOf(attributes), papPassword == null ? null : papPassword.clone());
    if (channel.eventLoop().inEventLoop()) {
      dispatch(p); // a caller on the same loop (an LNS sharing it): no hand-over
    } else {
      channel.eventLoop().execute(() -> dispatch(p));
    }
    return p.result;
  }

  private void dispatch(Pending p) {
    if (p.serverIndex >= servers.size()) {
      p.result.completeExceptionally(new RadiusTimeoutException("no answer from " + servers + " after " + (options.retries() + 1) + " tries each"));
      return;
    }
    Server s = servers.get(p.serverIndex);
    int id = freeId(p.serverIndex);
    if (id < 0) {
      p.result.completeExceptionally(new IllegalStateException("256 requests already in flight to " + s));
      return;
    }
    p.id = id;
    p.attempt = 0;
    p.bytes = encode(p, s);
    inFlight[p.serverIndex][id] = p;
    transmit(p, s);
  }

  private byte[] encode(Pending p, Server s) {
    boolean computed = RadiusCode.hasComputedRequestAuthenticator(p.code);
    p.authenticator = computed ? new byte[16] : RadiusSigner.randomAuthenticator();
    List<RadiusAttribute> attrs = new ArrayList<>(p.attributes.size() + 2);
    boolean access = p.code == RadiusCode.ACCESS_REQUEST || p.code == RadiusCode.STATUS_SERVER;
    if (access) attrs.add(RadiusAttribute.of(Attr.MESSAGE_AUTHENTICATOR, new byte[16]));
    if (p.papPassword != null) attrs.add(RadiusAttribute.of(Attr.USER_PASSWORD, PasswordHiding.hideUserPassword(p.papPassword, p.authenticator, s.secret())));
    attrs.addAll(p.attributes);
    byte[] out = RadiusCodec.encode(new RadiusPacket(p.code, p.id, p.authenticator, attrs));
    if (computed) {
      RadiusSigner.signComputedRequest(out, s.secret());
      System.arraycopy(out, 4, p.authenticator, 0, 16);
    } else {
      RadiusSigner.signAccessRequest(out, s.secret());
    }
    return out;
  }

  private void transmit(Pending p, Server s) {
    // one flush per turn of the loop: requests made together leave together (sendmmsg with epoll)
    channel.write(new DatagramPacket(Unpooled.wrappedBuffer(p.bytes), s.address()));
    if (!flushQueued) {
      flushQueued = true;
      channel.eventLoop().execute(flush);
    }
    p.timer = channel.eventLoop().schedule(() -> onTimeout(p), options.timeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  private void onTimeout(Pending p) {
    if (p.result.isDone()) return;
    if (p.attempt < options.retries()) {
      p.attempt++;
      transmit(p, servers.get(p.serverIndex)); // same bytes: the server's duplicate cache answers a late original
      return;
    }
    inFlight[p.serverIndex][p.id] = null;
    log.info("event=radius_client_failover from={} request={}", servers.get(p.serverIndex), RadiusCode.name(p.code));
    p.serverIndex++;
    dispatch(p);
  }

  private void onReply(DatagramPacket packet) {
    ByteBuf c = packet.content();
    byte[] data = new byte[c.readableBytes()];
    c.getBytes(c.readerIndex(), data);
    int serverIndex = -1;
    for (int i = 0; i < servers.size(); i++) {
      if (servers.get(i).address().equals(packet.sender())) serverIndex = i;
    }
    if (serverIndex < 0 || data.length < 20) return;
    Pending p = inFlight[serverIndex][data[1] & 0xff];
    if (p == null) return;
    Server s = servers.get(serverIndex);
    RadiusPacket reply;
    try {
      reply = RadiusCodec.decode(data);
    } catch (RadiusDecodeException e) {
      log.warn("event=radius_client_bad_reply server={} reason={}", s, e.reason().label());
      return;
    }
    int length = ((data[2] & 0xff) << 8) | (data[3] & 0xff);
    if (!RadiusSigner.verifyResponse(data, length, p.authenticator, s.secret())) {
      log.warn("event=radius_client_bad_reply server={} reason=bad_authenticator", s);
      return;
    }
    int ma = RadiusCodec.offsetOf(data, Attr.MESSAGE_AUTHENTICATOR);
    if (ma >= 0 && !RadiusSigner.verifyMessageAuthenticator(data, length, ma, p.authenticator, s.secret())) {
      log.warn("event=radius_client_bad_reply server={} reason=bad_message_authenticator", s);
      return;
    }
    inFlight[serverIndex][p.id] = null;
    if (p.timer != null) p.timer.cancel(false);
    p.result.complete(reply);
  }

  private int freeId(int serverIndex) {
    for (int i = 0; i < 256; i++) {
      int id = (nextId[serverIndex] + i) & 0xff;
      if (inFlight[serverIndex][id] == null) {
        nextId[serverIndex] = id + 1;
        return id;
      }
    }
    return -1;
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    if (ownGroup) group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
