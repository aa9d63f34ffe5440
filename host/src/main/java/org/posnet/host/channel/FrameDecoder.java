package org.posnet.host.channel;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts frames out of the TCP stream by the 2-byte big-endian length prefix and hands each on as one
 * {@code byte[]} (prefix included), without parsing it. A length below the smallest possible message
 * (TPDU + header + MTI + bitmap) or above the configured maximum cannot be resynchronised: the
 * connection is closed, and nothing more is read from it.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    private static final Logger log = LoggerFactory.getLogger(FrameDecoder.class);
    /** TPDU 5 + header 6 + MTI 2 + primary bitmap 8. */
    public static final int MIN_LENGTH = 21;

    private final int maxLength;
    private boolean broken;

    public FrameDecoder(int maxLength) {
        this.maxLength = maxLength;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (broken) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < 2) {
            return;
        }
        int length = in.getUnsignedShort(in.readerIndex());
        if (length < MIN_LENGTH || length > maxLength) {
            broken = true;
            in.skipBytes(in.readableBytes());
            log.warn("event=host.frame_refused remote={} length={} min={} max={} action=close", ctx.channel().remoteAddress(),
                    length, MIN_LENGTH, maxLength);
            ctx.close();
            return;
        }
        if (in.readableBytes() < 2 + length) {
            return;
        }
        byte[] frame = new byte[2 + length];
        in.readBytes(frame);
        out.add(frame);
    }
}
