package org.posnet.host.channel;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.posnet.host.auth.Authorizer;
import org.posnet.host.auth.Outcome;
import org.posnet.host.auth.Reason;
import org.posnet.host.auth.ResponseCodes;
import org.posnet.host.iso.IsoCodec;
import org.posnet.host.iso.IsoDecodeException;
import org.posnet.host.iso.IsoFrame;
import org.posnet.host.iso.IsoMessage;
import org.posnet.host.iso.MessageHeader;
import org.posnet.host.iso.ProcessingRequirement;
import org.posnet.host.iso.Tpdu;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One terminal connection: decodes each frame, hands it to the {@link Authorizer} on a worker, writes the
 * reply when it is durable. A frame whose TPDU, header and MTI read but whose body does not gets 30;
 * one that cannot even be addressed closes the connection. Every path ends in a reply or a close.
 */
public final class TerminalHandler extends SimpleChannelInboundHandler<byte[]> {
    private static final Logger log = LoggerFactory.getLogger(TerminalHandler.class);

    /** Told of every answer, for metrics and events. */
    public interface Listener {
        void answered(Outcome outcome, String terminal, long nanos);
    }

    private final IsoCodec codec;
    private final Authorizer authorizer;
    private final Executor workers;
    private final InFlight inFlight;
    private final ResponseCodes codes;
    private final Listener listener;
    private final ReplyOutbox outbox;
    /** The terminal this connection last served and its in-flight slot (event loop only). */
    private String slotTerminal;
    private InFlight.Slot slot;
    private InFlight.Slot connectionSlot;

    public TerminalHandler(IsoCodec codec, Authorizer authorizer, Executor workers, InFlight inFlight, ResponseCodes codes,
            Listener listener) {
        this(codec, authorizer, workers, inFlight, codes, listener, new ReplyOutbox());
    }

    /** With the server's shared outbox, so replies released together go out in one event-loop task. */
    public TerminalHandler(IsoCodec codec, Authorizer authorizer, Executor workers, InFlight inFlight, ResponseCodes codes,
            Listener listener, ReplyOutbox outbox) {
        this.outbox = outbox;
        this.codec = codec;
        this.authorizer = authorizer;
        this.workers = workers;
        this.inFlight = inFlight;
        this.codes = codes;
        this.listener = listener;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, byte[] bytes) {
        long start = System.nanoTime();
        IsoFrame frame;
        try {
            frame = codec.decode(bytes);
        } catch (IsoDecodeException e) {
            refuse(ctx, bytes, e);
            return;
        }
        IsoMessage m = frame.message();
        String terminal = m.has(41) ? m.string(41) : "conn:" + ctx.channel().id().asShortText();
        InFlight.Slot place = m.has(41) ? slotOf(terminal) : connectionSlot();
        if (!inFlight.tryAcquire(place)) {
            log.warn("event=host.busy terminal={} mti={}", terminal, m.mti());
            write(ctx, frame.reply(bare(m.mti(), Reason.BUSY, m), ProcessingRequirement.NONE));
            return;
        }
        try {
            // the rest of the answer runs on this connection's loop, not on the thread that completed it (the
            // journal's, after a group commit)
            workers.execute(() -> authorizer.authorize(frame).whenComplete((outcome, failure) -> outbox.finish(ctx, () -> {
                inFlight.release(place);
                if (failure != null) {
                    log.error("event=host.authorize_failed terminal={} mti={} error=\"{}\"", terminal, m.mti(), failure.toString());
                    write(ctx, frame.reply(bare(m.mti(), Reason.SYSTEM_ERROR, m), ProcessingRequirement.NONE));
                    return;
                }
                listener.answered(outcome, terminal, System.nanoTime() - start);
                if (outcome.reply() == null) {
                    log.warn("event=host.unanswerable terminal={} mti={} action=close", terminal, m.mti());
                    ctx.close();
                } else {
                    send(ctx, outcome.wire() != null ? outcome.wire() : codec.encode(outcome.reply()));
                }
            })));
        } catch (RejectedExecutionException e) {
            inFlight.release(place);
            ctx.close(); // shutting down
        }
    }

    private InFlight.Slot slotOf(String terminal) {
        if (!terminal.equals(slotTerminal)) {
            slot = inFlight.slot(terminal);
            slotTerminal = terminal;
        }
        return slot;
    }

    private InFlight.Slot connectionSlot() {
        if (connectionSlot == null) {
            connectionSlot = InFlight.connectionSlot();
        }
        return connectionSlot;
    }

    private void write(ChannelHandlerContext ctx, IsoFrame reply) {
        send(ctx, codec.encode(reply));
    }

    /** Every reply leaves through the outbox: on the event loop at once, from other threads batched per loop. */
    private void send(ChannelHandlerContext ctx, byte[] frame) {
        if (ctx.executor().isShuttingDown()) {
            return; // the host is stopping and the connection with it; the terminal reverses what got no answer
        }
        outbox.send(ctx, frame);
    }

    /**
     * A frame that did not decode: answer 30 when its TPDU, header and request MTI can be read back,
     * else close.
     */
    private void refuse(ChannelHandlerContext ctx, byte[] bytes, IsoDecodeException e) {
        String mti = e.field() > IsoDecodeException.MTI ? bcd(bytes, 13, 2) : null;
        String header = bcd(bytes, 7, 6);
        log.warn("event=host.decode_failed remote={} field={} offset={} error=\"{}\" action={}", ctx.channel().remoteAddress(),
                e.field(), e.offset(), e.getMessage(), mti == null || header == null || !isRequest(mti) ? "close" : "reply_30");
        if (mti == null || header == null || !isRequest(mti)) {
            ctx.close();
            return;
        }
        Tpdu tpdu = new Tpdu(bytes[2] & 0xFF, (bytes[3] & 0xFF) << 8 | bytes[4] & 0xFF, (bytes[5] & 0xFF) << 8 | bytes[6] & 0xFF);
        IsoFrame request = new IsoFrame(tpdu, new MessageHeader(header), IsoMessage.builder(mti).build());
        write(ctx, request.reply(bare(mti, Reason.FORMAT_ERROR, null), ProcessingRequirement.NONE));
    }

    private IsoMessage bare(String mti, Reason reason, IsoMessage request) {
        IsoMessage.Builder b = IsoMessage.builder(mti.substring(0, 2) + (char) (mti.charAt(2) + 1) + mti.charAt(3));
        if (request != null) {
            for (int n : new int[] {11, 41, 42}) {
                if (request.has(n)) {
                    b.with(n, request.string(n));
                }
            }
        }
        return b.with(39, codes.code(reason)).build();
    }

    private static boolean isRequest(String mti) {
        return (mti.charAt(2) - '0') % 2 == 0 && mti.charAt(3) == '0';
    }

    /** The digits of {@code n} BCD bytes at {@code at}, or null when they are not all decimal. */
    private static String bcd(byte[] b, int at, int n) {
        if (b.length < at + n) {
            return null;
        }
        StringBuilder sb = new StringBuilder(n * 2);
        for (int i = at; i < at + n; i++) {
            int hi = (b[i] >> 4) & 0xF;
            int lo = b[i] & 0xF;
            if (hi > 9 || lo > 9) {
                return null;
            }
            sb.append((char) ('0' + hi)).append((char) ('0' + lo));
        }
        return sb.toString();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            log.info("event=host.idle_close remote={}", ctx.channel().remoteAddress());
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof java.nio.channels.ClosedChannelException) {
            // a reply for a terminal that already hung up (it reverses what got no answer)
            log.debug("event=host.reply_to_closed remote={}", ctx.channel().remoteAddress());
            return;
        }
        if (cause instanceof java.io.IOException && String.valueOf(cause.getMessage()).contains("reset by peer")) {
            // a terminal that hangs up hard (RST) is how many end a session; nothing to act on
            log.debug("event=host.connection_reset remote={}", ctx.channel().remoteAddress());
            ctx.close();
            return;
        }
        log.warn("event=host.channel_error remote={} error=\"{}\" action=close", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
