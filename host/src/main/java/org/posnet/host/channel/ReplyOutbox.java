package org.posnet.host.channel;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Replies that become ready off the event loop (the journal's group commit releases dozens at once) are
 * handed to their connection's event loop in one task per loop and burst, not one task and wake-up per
 * reply; each connection is flushed once per burst. Replies ready on the event loop itself are written at
 * once. Writes take the void promise: no promise and listener per reply, and a failed write reaches the
 * handler's {@code exceptionCaught}, which closes the connection.
 */
public final class ReplyOutbox {
    private record Reply(ChannelHandlerContext ctx, byte[] bytes) {
    }

    private final ConcurrentHashMap<EventExecutor, Lane> lanes = new ConcurrentHashMap<>();

    /** Writes the reply on its connection's event loop. */
    public void send(ChannelHandlerContext ctx, byte[] bytes) {
        EventExecutor loop = ctx.executor();
        if (loop.inEventLoop()) {
            ctx.writeAndFlush(ctx.alloc().buffer(bytes.length).writeBytes(bytes), ctx.voidPromise());
            return;
        }
        lanes.computeIfAbsent(loop, Lane::new).add(new Reply(ctx, bytes));
    }

    private static final class Lane implements Runnable {
        private final EventExecutor loop;
        private final ConcurrentLinkedQueue<Reply> queue = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean scheduled = new AtomicBoolean();
        private final List<ChannelHandlerContext> written = new ArrayList<>();

        Lane(EventExecutor loop) {
            this.loop = loop;
        }

        void add(Reply r) {
            queue.add(r);
            if (scheduled.compareAndSet(false, true)) {
                try {
                    loop.execute(this);
                } catch (RejectedExecutionException e) {
                    queue.clear(); // the host is stopping and its connections with it
                }
            }
        }

        @Override
        public void run() {
            scheduled.set(false); // a reply added from here on schedules the next run
            Reply r;
            while ((r = queue.poll()) != null) {
                ChannelHandlerContext ctx = r.ctx;
                ctx.write(ctx.alloc().buffer(r.bytes.length).writeBytes(r.bytes), ctx.voidPromise());
                if (!written.contains(ctx)) {
                    written.add(ctx);
                }
            }
            for (ChannelHandlerContext ctx : written) {
                ctx.flush();
            }
            written.clear();
        }
    }
}
