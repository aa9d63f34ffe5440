package org.posnet.sim.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocalThread;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.posnet.common.net.NettyTransport;
import org.posnet.host.iso.Dialect;
import org.posnet.host.iso.IsoCodec;
import org.posnet.sim.terminal.Card;
import org.posnet.sim.terminal.Exchange;
import org.posnet.sim.terminal.KeyCheckException;
import org.posnet.sim.terminal.PosTerminal;
import org.posnet.sim.terminal.TerminalIdentity;
import org.posnet.sim.terminal.TerminalProtocolException;

/**
 * Sale load: each terminal signs on (blocking {@link PosTerminal}), then sends sales with PIN and MAC over
 * its own connection, never more than one in flight; {@code threads} Netty event loops (io_uring
 * where the machine has it, else epoll, else NIO: {@link NettyTransport}, {@link #TRANSPORT_PROPERTY}) serve
 * all connections. Every reply is checked (MTI, trace, terminal, MAC, code 00); anything else is an error, counted by kind.
 *
 * <p>Two ways to send. <b>Closed loop</b> ({@code rate} 0): the next sale goes as soon as the reply is in, so
 * the load finds the target's ceiling, and latency there is Little's law (terminals ÷ sales/s) plus the tail.
 * <b>Paced</b> ({@code rate} > 0): the sales are due on a fixed schedule, {@code rate} a second over all
 * terminals, each terminal's evenly spaced and the terminals staggered; a sale whose reply is late goes as
 * soon as the reply is in. Latency is then timed from when the sale was <em>due</em>, not when it went, so a
 * stall of the target counts for every sale it held back, not only for the one it caught (coordinated omission).
 *
 * <p>Latency = the sale's start (closed loop: just before it is written; paced: when it was due) → the reply's
 * bytes read, recorded from {@link #beginMeasurement()}. The send lag (due → written) is the generator's own
 * lateness, reported apart so a late generator is not taken for a slow target.
 */
public final class SaleLoad {
    static {
        // before Netty's leak detector loads (the bench JVM's first Netty use is here): 1 buffer in 4096, as the host
        org.posnet.common.net.NettyDefaults.apply();
    }

    /**
     * @param host      the acquiring host (or any peer speaking the same dialect)
     * @param terminals who trades; terminal i pays with {@code cards.get(i)}
     * @param threads   event loop threads (each serves terminals/threads connections)
     * @param fen       amount per sale
     * @param rate      sales a second offered over all terminals, paced; 0 for a closed loop
     */
    public record Plan(InetSocketAddress host, List<TerminalIdentity> terminals, List<Card> cards, int threads, long fen, double rate) {
        public Plan {
            if (terminals.size() != cards.size() || terminals.isEmpty() || threads < 1) {
                throw new IllegalArgumentException("one card per terminal, at least one terminal and one thread");
            }
            if (!(rate >= 0) || Double.isInfinite(rate)) {
                throw new IllegalArgumentException("rate is sales a second (0 for a closed loop), not " + rate);
            }
            terminals = List.copyOf(terminals);
            cards = List.copyOf(cards);
        }

        /** A closed loop: each terminal's next sale as soon as its reply is in. */
        public Plan(InetSocketAddress host, List<TerminalIdentity> terminals, List<Card> cards, int threads, long fen) {
            this(host, terminals, cards, threads, fen, 0);
        }

        boolean paced() {
            return rate > 0;
        }

        /** A paced terminal's time between two sales due. */
        long intervalNanos() {
            return Math.max(1, Math.round(terminals.size() * 1e9 / rate));
        }
    }

    /**
     * What the measured window saw.
     *
     * @param sendLagNanos how late each measured sale was written after it was due (paced; closed loop: all 0)
     */
    public record Report(long sales, double seconds, Histogram latencyNanos, Histogram sendLagNanos, Map<String, Long> errors) {
        public long errorCount() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }

        public double salesPerSecond() {
            return seconds <= 0 ? 0 : sales / seconds;
        }

        public double p50Millis() {
            return latencyNanos.getValueAtPercentile(50) / 1e6;
        }

        public double p99Millis() {
            return latencyNanos.getValueAtPercentile(99) / 1e6;
        }

        public double p999Millis() {
            return latencyNanos.getValueAtPercentile(99.9) / 1e6;
        }

        public double sendLagP99Millis() {
            return sendLagNanos.getValueAtPercentile(99) / 1e6;
        }
    }

    /**
     * Property naming the loops' {@link NettyTransport}: {@code auto} (the default), {@code io_uring}, {@code epoll}
     * or {@code nio}. The generator shares the machine with the target it drives, so every µs it spends per
     * sale is a µs the target does not get: hence io_uring first under {@code auto}.
     */
    static final String TRANSPORT_PROPERTY = "posnet.sim.transport";

    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(5);
    /**
     * Paced: the least time between two wake-ups of a loop to send what is due. At tens of thousands of sales a
     * second a timer per sale cost the generator ~30 µs a sale and fell behind its own schedule; sales due in
     * the same 100 µs go together instead (the wait is timed, as send lag, against the target).
     */
    private static final long TICK_NANOS = 100_000;
    /** How long {@link #stop} waits for a loop to hand over its numbers, and for the loops to end. */
    private static final long STOP_WAIT_SECONDS = 10;

    private final Plan plan;
    /** Paced: a terminal's time between two sales due (0 for a closed loop). */
    private final long intervalNanos;
    private final NettyTransport transport;
    private final EventLoopGroup group;
    private final IsoCodec codec = new IsoCodec(Dialect.unionPayPos());
    private final FieldWalk walk = new FieldWalk(codec.dialect());
    private final List<Worker> workers = new ArrayList<>();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private volatile boolean running = true;
    private volatile long measureFromNanos = Long.MAX_VALUE;
    /** Every reply since the start, checked or not: tells a warm-up that the target is answering. */
    private final LongAdder replies = new LongAdder();
    /** What {@link #stop} reported: the loops are gone, so a second call can only repeat it. */
    private Report report;

    private SaleLoad(Plan plan, NettyTransport transport) {
        this.plan = plan;
        this.intervalNanos = plan.paced() ? plan.intervalNanos() : 0;
        this.transport = transport;
        this.group = new MultiThreadIoEventLoopGroup(plan.threads(), threadFactory(), transport.handlers());
        for (EventExecutor e : group) {
            workers.add(new Worker((EventLoop) e));
        }
    }

    /** Signs every terminal on and starts the load; fails if any sign-on or connection fails. */
    public static SaleLoad start(Plan plan) throws IOException, TerminalProtocolException, KeyCheckException {
        return start(plan, NettyTransport.configured(TRANSPORT_PROPERTY));
    }

    static SaleLoad start(Plan plan, NettyTransport transport) throws IOException, TerminalProtocolException, KeyCheckException {
        SaleLoad load = new SaleLoad(plan, transport);
        boolean started = false;
        try {
            for (int i = 0; i < plan.terminals().size(); i++) {
                TerminalIdentity id = plan.terminals().get(i);
                String batch;
                org.posnet.sim.terminal.WorkingKeys keys;
                byte[] clearMak;
                try (PosTerminal pos = new PosTerminal(id, plan.host(), REPLY_TIMEOUT, load.codec)) {
                    Exchange signOn = pos.signOn("003");
                    if (!signOn.approved()) {
                        throw new TerminalProtocolException("sign-on of " + id.terminalId() + " answered " + signOn.code());
                    }
                    batch = pos.batch();
                    keys = pos.keys();
                    clearMak = LoadTerminal.clearMak(id, signOn.reply().bytes(62));
                }
                LoadTerminal lt;
                try {
                    lt = new LoadTerminal(id, keys, clearMak, batch, plan.cards().get(i), plan.fen(), load.codec, load.walk, 1);
                } finally {
                    java.util.Arrays.fill(clearMak, (byte) 0); // its round keys are all the cipher keeps
                }
                load.workers.get(i % load.workers.size()).connect(lt, i);
            }
            // the first sales go out once every terminal is signed on and connected, as they always have
            long origin = System.nanoTime();
            for (Worker w : load.workers) {
                w.loop.execute(() -> w.begin(origin));
            }
            started = true;
            return load;
        } finally {
            if (!started) {
                load.shutdown();
            }
        }
    }

    /** The transport the loops use ({@code IO_URING}, {@code EPOLL} or {@code NIO}). */
    public String transport() {
        return transport.name();
    }

    /**
     * Waits until {@code count} replies have come back since the start (or {@code max} passed): a cold
     * target on a busy machine may take seconds for its first answers, and a window measured before
     * them would measure start-up. Returns whether they came.
     */
    public boolean awaitReplies(long count, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (replies.sum() < count) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** From now on replies count (the warm-up before it does not). */
    public void beginMeasurement() {
        measureFromNanos = System.nanoTime();
    }

    /**
     * Stops sending, closes every connection, ends the loops and reports the window since
     * {@link #beginMeasurement()}. A sale still unanswered {@link #REPLY_TIMEOUT} after it was written
     * counts as {@code no-reply}.
     */
    public synchronized Report stop() throws InterruptedException {
        if (report != null) {
            return report;
        }
        long end = System.nanoTime();
        running = false;
        Histogram all = new Histogram(3);
        Histogram lag = new Histogram(3);
        long sales = 0;
        for (Worker w : workers) {
            // the loop's own numbers, handed over by the loop itself: they are touched on no other thread
            Future<Worker.Tally> tally = w.loop.submit(() -> w.finish(end));
            if (tally.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS) && tally.isSuccess()) {
                all.add(tally.getNow().latency());
                lag.add(tally.getNow().sendLag());
                sales += tally.getNow().sales();
            } else {
                error("stop-timeout");
            }
        }
        shutdown();
        Map<String, Long> counted = new TreeMap<>();
        errors.forEach((k, v) -> counted.put(k, v.sum()));
        double seconds = measureFromNanos == Long.MAX_VALUE ? 0 : (end - measureFromNanos) / 1e9;
        report = new Report(sales, seconds, all, lag, counted);
        return report;
    }

    /** Ends the loops; a connection still open is closed with them. Bounded: never hangs the caller. */
    private void shutdown() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** Replies that were decoded in full because the byte check did not pass them (read after {@link #stop}). */
    long fullChecks() {
        long n = 0;
        for (Worker w : workers) {
            for (Connection c : w.connections) {
                n += c.lt.fullChecks;
            }
        }
        return n;
    }

    /** Errors counted so far, of every kind (tests wait on it). */
    long errorsSoFar() {
        return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    private void error(String kind) {
        errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    /** Loop threads named {@code sale-load-N} (the bench reads CPU by thread name); daemons, so a load never stopped cannot keep the JVM up. */
    private static ThreadFactory threadFactory() {
        AtomicInteger next = new AtomicInteger();
        return r -> {
            Thread t = new FastThreadLocalThread(r, "sale-load-" + next.getAndIncrement());
            t.setDaemon(true);
            return t;
        };
    }

    /** One event loop and its terminals; its histogram and counter are touched only on the loop. */
    private final class Worker {
        /** What a loop saw, handed to {@link #stop}. */
        record Tally(Histogram latency, Histogram sendLag, long sales) {
        }

        final EventLoop loop;
        /** Filled before {@link #begin} runs on the loop, read by the loop after (the task hand-off orders them). */
        final List<Connection> connections = new ArrayList<>();
        final Histogram latency = new Histogram(3);
        final Histogram sendLag = new Histogram(3);
        long sales;
        /**
         * Paced: the walk over the schedule. Every terminal's sales are an interval apart and the terminals are
         * staggered in plan order, so this loop's sales fall due in the order of {@link #connections}, round after
         * round: slot ({@link #round}, {@link #cursor}) is due at origin + round × interval + its offset.
         */
        private long origin;
        private long round;
        private int cursor;

        Worker(EventLoop loop) {
            this.loop = loop;
        }

        /** Opens the terminal's connection on this loop; blocks until it is up. */
        void connect(LoadTerminal lt, int index) throws IOException {
            // paced, terminal i's sales are due i/n of an interval into each round: the terminals evenly staggered
            Connection c = new Connection(this, lt, intervalNanos * index / plan.terminals().size());
            ChannelFuture f = new Bootstrap().group(loop).channel(transport.socketChannel())
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) REPLY_TIMEOUT.toMillis())
                    .handler(c)
                    .connect(plan.host())
                    .awaitUninterruptibly();
            if (!f.isSuccess()) {
                throw new IOException("load terminal cannot connect to " + plan.host() + ": " + f.cause(), f.cause());
            }
            connections.add(c);
        }

        /** On the loop: every terminal's first sale, now (closed loop) or on its schedule from {@code origin}. */
        void begin(long origin) {
            if (plan.paced()) {
                this.origin = origin;
                for (Connection c : connections) {
                    c.dueNanos = origin + c.offsetNanos;
                }
                tick();
                return;
            }
            for (Connection c : connections) {
                if (running) {
                    c.send();
                }
            }
        }

        private long slotDue() {
            return origin + round * intervalNanos + connections.get(cursor).offsetNanos;
        }

        /**
         * Paced, on the loop: sends every sale due by now whose terminal is free (one still waiting for its reply
         * sends when the reply comes), then sleeps until the next is due, at least {@link #TICK_NANOS}.
         */
        void tick() {
            if (!running || connections.isEmpty()) {
                return;
            }
            long now = System.nanoTime();
            for (long due = slotDue(); due <= now; due = slotDue()) {
                Connection c = connections.get(cursor);
                if (!c.lt.inFlight && c.dueNanos <= now) {
                    c.send();
                }
                if (++cursor == connections.size()) {
                    cursor = 0;
                    round++;
                }
            }
            loop.schedule(this::tick, Math.max(slotDue() - now, TICK_NANOS), TimeUnit.NANOSECONDS);
        }

        /** On the loop, once {@link #running} is off: unanswered sales counted, connections closed, numbers out. */
        Tally finish(long end) {
            for (Connection c : connections) {
                if (c.lt.inFlight && end - c.lt.sentAtNanos > REPLY_TIMEOUT.toNanos()) {
                    error("no-reply");
                }
                c.close();
            }
            return new Tally(latency.copy(), sendLag.copy(), sales);
        }
    }

    /** One terminal's connection: its pipeline's only handler, run on its worker's loop. */
    private final class Connection extends ChannelInboundHandlerAdapter {
        final Worker worker;
        final LoadTerminal lt;
        /** Paced: when this terminal's sales fall due in each round, and when its next is due (or its sale in flight was). */
        final long offsetNanos;
        long dueNanos;
        private ChannelHandlerContext ctx;
        /** We closed it (stop, or an error already counted): its end is not the peer's doing. */
        private boolean closing;

        Connection(Worker worker, LoadTerminal lt, long offsetNanos) {
            this.worker = worker;
            this.lt = lt;
            this.offsetNanos = offsetNanos;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }

        /**
         * Received bytes go to the terminal's frame buffer (a reply is ~150 bytes, so the copy out of the
         * transport's pooled buffer is cheap and lets the byte check work on an array); every whole frame
         * there is checked where it lies.
         */
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            long now = System.nanoTime();
            try {
                while (b.isReadable() && !closing) {
                    int n = Math.min(b.readableBytes(), lt.in.length - lt.inLength);
                    b.readBytes(lt.in, lt.inLength, n);
                    lt.inLength += n;
                    frames(now);
                }
            } finally {
                b.release();
            }
        }

        private void frames(long now) {
            byte[] b = lt.in;
            int p = 0;
            int end = lt.inLength;
            while (end - p >= 2) {
                int length = (b[p] & 0xFF) << 8 | b[p + 1] & 0xFF;
                if (length + 2 > b.length) {
                    // no reply to a sale is this long: the stream is not ours to resync, so the connection goes
                    error("oversized-reply");
                    close();
                    return;
                }
                if (end - p < length + 2) {
                    break;
                }
                replies.increment();
                int from = p;
                p += 2 + length;
                if (!lt.inFlight) {
                    // nothing asked (the load is stopping): this terminal's last answer again, or an earlier one, is a
                    // stale reply, as it is while a sale is out; anything else was never asked for
                    String f = lt.failureOf(b, from, p);
                    error(f == null || LoadTerminal.STALE.equals(f) ? LoadTerminal.STALE : "unsolicited-reply");
                    continue;
                }
                String failure = lt.failureOf(b, from, p);
                if (LoadTerminal.STALE.equals(failure)) {
                    // a repeated or late answer: taking it for this sale's would put two sales in flight
                    error(failure);
                    continue;
                }
                lt.inFlight = false;
                long startedAt = plan.paced() ? dueNanos : lt.sentAtNanos;
                if (failure != null) {
                    error(failure);
                } else if (startedAt >= measureFromNanos) {
                    worker.sales++;
                    worker.latency.recordValue(Math.max(0, now - startedAt));
                    worker.sendLag.recordValue(Math.max(0, lt.sentAtNanos - startedAt));
                }
                if (!running) {
                    continue;
                }
                if (plan.paced()) {
                    // the schedule does not slip: a sale held back by a slow reply is due when it was due, so
                    // it goes now; one not due yet goes with its loop's next tick
                    dueNanos += intervalNanos;
                    if (dueNanos <= now) {
                        send();
                    }
                } else {
                    send();
                }
            }
            if (p > 0) {
                System.arraycopy(b, p, b, 0, end - p);
                lt.inLength = end - p;
            }
        }

        /** The next sale: one write, flushed at once (io_uring submits it with the loop's other I/O). */
        void send() {
            if (closing || !ctx.channel().isActive()) {
                return;
            }
            lt.prepareSale();
            ByteBuf out = lt.outgoing(ctx.alloc());
            lt.inFlight = true;
            lt.sentAtNanos = System.nanoTime();
            // a failed write reaches exceptionCaught, where it is counted and the connection closed
            ctx.writeAndFlush(out, ctx.voidPromise());
        }

        void close() {
            closing = true;
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!closing) {
                closing = true;
                error("closed-by-peer");
            }
            lt.releaseOutgoing();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (!closing) {
                error((cause instanceof IOException ? "io-" : "fault-") + cause.getClass().getSimpleName());
                close();
            }
        }
    }
}
