package org.posnet.vpdn.lac;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.posnet.aaa.client.RadiusClient;
import org.posnet.aaa.client.RadiusTimeoutException;
import org.posnet.aaa.codec.Attr;
import org.posnet.aaa.codec.PasswordHiding;
import org.posnet.aaa.codec.RadiusAttribute;
import org.posnet.aaa.codec.RadiusCode;
import org.posnet.aaa.codec.RadiusCodec;
import org.posnet.aaa.codec.RadiusDecodeException;
import org.posnet.aaa.codec.RadiusPacket;
import org.posnet.aaa.codec.RadiusSigner;
import org.posnet.aaa.codec.Tagged;
import org.posnet.vpdn.l2tp.transport.Udp;
import org.posnet.vpdn.ppp.AuthRequest;

/**
 * The LAC's RADIUS client to the carrier AAA (role {@code lac}). Not {@link RadiusClient}: decrypting
 * Tunnel-Password needs the Request Authenticator of the Access-Request, which that client keeps to
 * itself. Same behaviour otherwise: Message-Authenticator on every request, replies verified,
 * {@code retries} retransmissions per server, then the next server.
 */
public final class RadiusCarrierAaa implements CarrierAaa, AutoCloseable {
  /** NAS-Port-Type Wireless - Other (RFC 2865 §5.41): the terminal dials over the carrier's radio. */
  private static final int NAS_PORT_TYPE_WIRELESS = 18;

  private final List<RadiusClient.Server> servers;
  private final RadiusClient.Options options;
  private final String nasIdentifier;
  private final EventLoopGroup group;
  private final boolean ownGroup;
  private final Channel channel;
  private final Udp.BatchedWriter out;
  private final Exchange[] inFlight = new Exchange[256];
  private int nextId;

  private final class Exchange {
    final List<RadiusAttribute> attributes;
    final CompletableFuture<CarrierAnswer> result = new CompletableFuture<>();
    int server;
    int attempt;
    int id;
    byte[] authenticator;
    byte[] bytes;
    ScheduledFuture<?> timer;

    Exchange(List<RadiusAttribute> attributes) {
      this.attributes = attributes;
    }
  }

  public RadiusCarrierAaa(List<RadiusClient.Server> servers, RadiusClient.Options options, String nasIdentifier)
      throws InterruptedException {
    this(servers, options, nasIdentifier, null);
  }

  /**
   * {@code group}: a one-loop event loop group to run on (its owner shuts it down), e.g. the one the
   * {@link Lac} runs on; null for a loop of its own.
   */
  public RadiusCarrierAaa(List<RadiusClient.Server> servers, RadiusClient.Options options, String nasIdentifier,
      EventLoopGroup group) throws InterruptedException {
    if (servers.isEmpty()) {
      throw new IllegalArgumentException("the carrier AAA needs at least one server");
    }
    this.servers = List.copyOf(servers);
    this.options = options;
    this.nasIdentifier = nasIdentifier;
    this.ownGroup = group == null;
    this.group = ownGroup ? Udp.newGroup(1) : group.next();
    this.channel = Udp.bootstrap(this.group)
        .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
          @Override
          protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
            ByteBuf c = p.content();
            byte[] data = new byte[c.readableBytes()];
            c.getBytes(c.readerIndex(), data);
            reply(data, p.sender());
          }

          @Override
          public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // a socket error (an ICMP error surfaced by the kernel) must not close the socket
          }
        })
        .bind(options.bind() == null ? new InetSocketAddress(0) : new InetSocketAddress(options.bind(), 0))
        .sync().channel();
    this.out = new Udp.BatchedWriter(channel);
  }

  @Override
  public CompletableFuture<CarrierAnswer> authorize(AuthRequest r, String imsi) {
    List<RadiusAttribute> a = new ArrayList<>();
    a.add(RadiusAttribute.of(Attr.MESSAGE_AUTHENTICATOR, new byte[16]));
    a.add(RadiusAttribute.text(Attr.USER_NAME, r.user()));
    byte[] response = r.response();
    byte[] chapPassword = new byte[1 + response.length];
    chapPassword[0] = (byte) r.chapId();
    System.arraycopy(response, 0, chapPassword, 1, response.length);
    a.add(RadiusAttribute.of(Attr.CHAP_PASSWORD, chapPassword));
    a.add(RadiusAttribute.of(Attr.CHAP_CHALLENGE, r.challenge()));
    a.add(RadiusAttribute.text(Attr.CALLING_STATION_ID, imsi));
    a.add(RadiusAttribute.text(Attr.NAS_IDENTIFIER, nasIdentifier));
    a.add(RadiusAttribute.integer(Attr.NAS_PORT_TYPE, NAS_PORT_TYPE_WIRELESS));
    a.add(RadiusAttribute.integer(Attr.SERVICE_TYPE, Attr.SERVICE_TYPE_FRAMED));
    a.add(RadiusAttribute.integer(Attr.FRAMED_PROTOCOL, Attr.FRAMED_PROTOCOL_PPP));
    Exchange x = new Exchange(a);
    if (channel.eventLoop().inEventLoop()) {
      dispatch(x); // a LAC on the same loop: no hand-over
    } else {
      channel.eventLoop().execute(() -> dispatch(x));
    }
    return x.result;
  }

  private void dispatch(Exchange x) {
    if (x.server >= servers.size()) {
      x.result.completeExceptionally(new RadiusTimeoutException("no answer from the carrier AAA " + servers));
      return;
    }
    int id = -1;
    for (int i = 0; i < 256 && id < 0; i++) {
      int candidate = (nextId + i) & 0xff;
      if (inFlight[candidate] == null) {
        id = candidate;
      }
    }
    if (id < 0) {
      x.result.completeExceptionally(new IllegalStateException("256 carrier AAA requests in flight"));
      return;
    }
    nextId = id + 1;
    x.id = id;
    x.attempt = 0;
    x.authenticator = RadiusSigner.randomAuthenticator();
    x.bytes = RadiusCodec.encode(new RadiusPacket(RadiusCode.ACCESS_REQUEST, id, x.authenticator, x.attributes));
    RadiusSigner.signAccessRequest(x.bytes, servers.get(x.server).secret());
    inFlight[id] = x;
    transmit(x);
  }

  private void transmit(Exchange x) {
    out.write(x.bytes, servers.get(x.server).address());
    x.timer = channel.eventLoop().schedule(() -> timeout(x), options.timeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  private void timeout(Exchange x) {
    if (x.result.isDone()) {
      return;
    }
    if (x.attempt++ < options.retries()) {
      transmit(x);
      return;
    }
    inFlight[x.id] = null;
    x.server++;
    dispatch(x);
  }

  private void reply(byte[] data, InetSocketAddress from) {
    if (data.length < 20) {
      return;
    }
    Exchange x = inFlight[data[1] & 0xff];
    if (x == null || !servers.get(x.server).address().equals(from)) {
      return;
    }
    RadiusClient.Server s = servers.get(x.server);
    RadiusPacket p;
    try {
      p = RadiusCodec.decode(data);
    } catch (RadiusDecodeException e) {
      return;
    }
    int length = ((data[2] & 0xff) << 8) | (data[3] & 0xff);
    int ma = RadiusCodec.offsetOf(data, Attr.MESSAGE_AUTHENTICATOR);
    if (!RadiusSigner.verifyResponse(data, length, x.authenticator, s.secret())
        || (ma >= 0 && !RadiusSigner.verifyMessageAuthenticator(data, length, ma, x.authenticator, s.secret()))) {
      return; // forged or for another secret: wait for the genuine answer or time out
    }
    inFlight[x.id] = null;
    x.timer.cancel(false);
    x.result.complete(answer(p, x.authenticator, s));
  }

  private static CarrierAnswer answer(RadiusPacket p, byte[] requestAuthenticator, RadiusClient.Server s) {
    if (p.code() != RadiusCode.ACCESS_ACCEPT) {
      String msg = p.text(Attr.REPLY_MESSAGE);
      return new CarrierAnswer(false, msg == null ? "rejected" : msg, List.of());
    }
    Map<Integer, String[]> byTag = new TreeMap<>(); // tag -> {endpoint, password, preference, assignment, type}
    for (RadiusAttribute a : p.attributes()) {
      if (a.vendor() != 0) {
        continue;
      }
      int tag = Tagged.tagOf(a);
      switch (a.type()) {
        case Attr.TUNNEL_SERVER_ENDPOINT -> slot(byTag, tag)[0] = Tagged.textOf(a);
        case Attr.TUNNEL_PASSWORD -> {
          byte[] clear = PasswordHiding.revealTunnelPassword(a.value(), requestAuthenticator, s.secret());
          if (clear != null) {
            slot(byTag, a.value().length > 0 ? a.value()[0] & 0xff : 0)[1] = new String(clear, StandardCharsets.UTF_8);
          }
        }
        case Attr.TUNNEL_PREFERENCE -> slot(byTag, a.value().length > 0 ? a.value()[0] & 0xff : 0)[2] =
            Integer.toString(Tagged.integerOf(a));
        case Attr.TUNNEL_ASSIGNMENT_ID -> slot(byTag, tag)[3] = Tagged.textOf(a);
        case Attr.TUNNEL_TYPE -> slot(byTag, a.value().length > 0 ? a.value()[0] & 0xff : 0)[4] =
            Integer.toString(Tagged.integerOf(a));
        default -> { }
      }
    }
    List<TunnelEndpoint> endpoints = new ArrayList<>();
    byTag.forEach((tag, v) -> {
      boolean l2tp = v[4] == null || Integer.parseInt(v[4]) == Attr.TUNNEL_TYPE_L2TP;
      if (v[0] != null && l2tp) {
        endpoints.add(new TunnelEndpoint(tag, v[2] == null ? Integer.MAX_VALUE : Integer.parseInt(v[2]), v[0],
            v[1], v[3] == null ? "" : v[3]));
      }
    });
    endpoints.sort(Comparator.comparingInt(TunnelEndpoint::preference));
    if (endpoints.isEmpty()) {
      return new CarrierAnswer(false, "Access-Accept without an L2TP Tunnel-Server-Endpoint", List.of());
    }
    return new CarrierAnswer(true, "accepted", endpoints);
  }

  private static String[] slot(Map<Integer, String[]> byTag, int tag) {
    return byTag.computeIfAbsent(tag, t -> new String[5]);
  }

  public Duration timeout() {
    return options.timeout();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    if (ownGroup) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }
}
