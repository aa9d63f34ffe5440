package org.posnet.vpdn.lns;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.List;
import org.posnet.vpdn.l2tp.transport.Udp;
import org.posnet.aaa.codec.Attr;
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
 * The Dynamic Authorization server of RFC 5176 on the LNS (the AAA is the client): a
 * Disconnect-Request names a session by Acct-Session-Id or User-Name; we clear it with CDN and
 * answer Disconnect-ACK, or Disconnect-NAK with Error-Cause 503 when no such session lives here.
 * CoA-Request is answered CoA-NAK 405: nothing of a call can be changed in flight. Requests whose
 * authenticator does not verify with the AAA's secret are dropped unanswered.
 */
final class DisconnectServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DisconnectServer.class);
  private static final byte[] ZERO16 = new byte[16];
  static final int ERROR_UNSUPPORTED_SERVICE = 405;
  static final int ERROR_SESSION_NOT_FOUND = 503;

  /** Clears the sessions a request names; returns how many there were. */
  @FunctionalInterface
  interface Sessions {
    int disconnect(String acctSessionId, String userName);
  }

  private final Channel channel;
  private final SharedSecret secret;
  private final Sessions sessions;

  DisconnectServer(EventLoop loop, String bind, int port, SharedSecret secret, Sessions sessions) throws InterruptedException {
    this.secret = secret;
    this.sessions = sessions;
    this.channel = Udp.bootstrap(loop) // the endpoint's loop: same transport as its channel
        .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
          @Override
          protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
            ByteBuf c = p.content();
            byte[] data = new byte[c.readableBytes()];
            c.getBytes(c.readerIndex(), data);
            byte[] reply = answer(data);
            if (reply != null) {
              ctx.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(reply), p.sender()));
            }
          }
        })
        .bind(bind, port).sync().channel();
  }

  int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  private byte[] answer(byte[] data) {
    RadiusPacket req;
    try {
      req = RadiusCodec.decode(data);
    } catch (RadiusDecodeException e) {
      log.info("event=disconnect_drop reason=malformed detail=\"{}\"", e.getMessage());
      return null;
    }
    int length = ((data[2] & 0xff) << 8) | (data[3] & 0xff);
    if (req.code() != RadiusCode.DISCONNECT_REQUEST && req.code() != RadiusCode.COA_REQUEST) {
      log.info("event=disconnect_drop reason=unexpected_code code={}", req.codeName());
      return null;
    }
    int ma = RadiusCodec.offsetOf(data, Attr.MESSAGE_AUTHENTICATOR);
    if (!RadiusSigner.verifyComputedRequest(data, length, secret)
        || (ma >= 0 && !RadiusSigner.verifyMessageAuthenticator(data, length, ma, ZERO16, secret))) {
      log.warn("event=disconnect_drop reason=bad_authenticator");
      return null;
    }
    if (req.code() == RadiusCode.COA_REQUEST) {
      return reply(req, RadiusCode.COA_NAK, ERROR_UNSUPPORTED_SERVICE);
    }
    String id = req.text(Attr.ACCT_SESSION_ID);
    String user = req.text(Attr.USER_NAME);
    int n = (id == null && user == null) ? 0 : sessions.disconnect(id, user);
    log.info("event=disconnect_request acct_session_id={} user={} cleared={}", id, user, n);
    return n > 0 ? reply(req, RadiusCode.DISCONNECT_ACK, 0) : reply(req, RadiusCode.DISCONNECT_NAK, ERROR_SESSION_NOT_FOUND);
  }

  private byte[] reply(RadiusPacket req, int code, int errorCause) {
    List<RadiusAttribute> attrs = errorCause == 0 ? List.of() : List.of(RadiusAttribute.integer(Attr.ERROR_CAUSE, errorCause));
    byte[] out = RadiusCodec.encode(new RadiusPacket(code, req.identifier(), req.authenticator(), attrs));
    RadiusSigner.signResponse(out, req.authenticator(), secret);
    return out;
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
  }
}
