package org.posnet.host.channel;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Finishes answers on their connection's event loop. Answers that become ready off the loop (the journal's
 * group commit releases dozens at once) are handed to each loop in one task per loop and burst, not one task
 * and wake-up per answer, and everything after the commit — metrics, encoding, the write — runs there: the
 * journal thread paces every sale, so it only hands over. Writes take the void promise: no promise and
 * listener per reply, and a failed write reaches the handler's {@code exceptionCaught}, which closes the
 * connection.
 */
public final class ReplyOutbox {
    private final ConcurrentHashMap<EventExecutor, Lane> lanes = new ConcurrentHashMap<>();

    /** Runs {@code finish} on {@code ctx}'s event loop: now when called there, else in that loop's next burst. */
    public void finish(ChannelHandlerContext ctx, Runnable finish) {
        EventExecutor loop = ctx.executor();
        if (loop.inEventLoop()) {
            finish.run();
            return;
        }
        lanes.computeIfAbsent(loop, Lane::new).add(finish);
    }

    /** Writes the reply on its connection's event loop. */
    public void send(ChannelHandlerContext ctx, byte[] bytes) {
        finish(ctx, () -> ctx.writeAndFlush(ctx.alloc().buffer(bytes.length).writeBytes(bytes), ctx.voidPromise()));
    }

    private static final class Lane implements Runnable {
        private final EventExecutor loop;
        private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean scheduled = new AtomicBoolean();

        Lane(EventExecutor loop) {
            this.loop = loop;
        }

        void add(Runnable finish) {
            queue.add(finish);
            if (scheduled.compareAndSet(false, true)) {
                try {
                    loop.execute(this);
                } catch (RejectedExecutionException e) {
                    queue.clear(); // the host is stopping and its connections with it
                }
            }
        }

        /**
         * One burst. A connection has one sale in flight (a terminal waits for its answer), so each write is
         * flushed at once: with io_uring the flush only queues the send, submitted with the loop's other I/O.
         */
        @Override
        public void run() {
            scheduled.set(false); // an answer added from here on schedules the next run
            Runnable r;
            while ((r = queue.poll()) != null) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    // one answer's failure (logged by its handler) must not strand the others queued behind it
                    org.slf4j.LoggerFactory.getLogger(ReplyOutbox.class).error("event=host.reply_failed error=\"{}\"", e.toString());
                }
            }
        }
    }
}
