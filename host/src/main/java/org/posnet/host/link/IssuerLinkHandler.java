package org.posnet.host.link;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.posnet.host.auth.Authorizer;
import org.posnet.host.hsm.HsmException;
import org.posnet.host.iso.IsoCodec;
import org.posnet.host.iso.IsoDecodeException;
import org.posnet.host.iso.IsoFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issuer mode, one acquirer connection: decode, authorize with the link's routes on a worker, MAC the reply
 * under the zone MAK, write it once durable. Requests are answered as they complete (a link multiplexes;
 * the acquirer matches by STAN). A frame that does not decode closes the connection: the acquirer is a
 * host, not a terminal, and will reconnect; its timeout and 0420 cover whatever was in flight.
 */
final class IssuerLinkHandler extends SimpleChannelInboundHandler<byte[]> {
    private static final Logger log = LoggerFactory.getLogger(IssuerLinkHandler.class);

    private final IsoCodec codec;
    private final Authorizer authorizer;
    private final LinkMac mac;
    private final Executor workers;

    IssuerLinkHandler(IsoCodec codec, Authorizer authorizer, LinkMac mac, Executor workers) {
        this.codec = codec;
        this.authorizer = authorizer;
        this.mac = mac;
        this.workers = workers;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, byte[] bytes) {
        IsoFrame frame;
        try {
            frame = codec.decode(bytes);
        } catch (IsoDecodeException e) {
            log.warn("event=host.issuer.decode_failed remote={} field={} error=\"{}\" action=close", ctx.channel().remoteAddress(),
                    e.field(), e.getMessage());
            ctx.close();
            return;
        }
        try {
            workers.execute(() -> authorizer.authorize(frame).whenComplete((outcome, failure) -> {
                if (failure != null || outcome.reply() == null) {
                    log.error("event=host.issuer.unanswered mti={} stan={} error=\"{}\" action=close", frame.message().mti(),
                            frame.message().string(11), failure);
                    ctx.close();
                    return;
                }
                IsoFrame reply = outcome.reply();
                try {
                    reply = new IsoFrame(reply.tpdu(), reply.header(), mac.sign(reply.message()));
                } catch (HsmException e) {
                    log.error("event=host.issuer.mac_failed error={} action=close", e.error());
                    ctx.close();
                    return;
                }
                ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(codec.encode(reply)))
                        .addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
            }));
        } catch (RejectedExecutionException e) {
            ctx.close(); // shutting down
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("event=host.issuer.channel_error remote={} error=\"{}\" action=close", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
