package org.posnet.sim.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.posnet.host.iso.Dialect;
import org.posnet.host.iso.IsoCodec;
import org.posnet.sim.terminal.Card;
import org.posnet.sim.terminal.Exchange;
import org.posnet.sim.terminal.KeyCheckException;
import org.posnet.sim.terminal.PosTerminal;
import org.posnet.sim.terminal.TerminalIdentity;
import org.posnet.sim.terminal.TerminalProtocolException;

/**
 * Closed-loop sale load: each terminal signs on (blocking {@link PosTerminal}), then keeps exactly one
 * sale with PIN and MAC in flight over its own connection; {@code threads} selector threads serve all
 * connections. Every reply is checked (MTI, trace, terminal, MAC, code 00); anything else is an error,
 * counted by kind. Latency = request written → reply read, recorded from {@link #beginMeasurement()}.
 */
public final class SaleLoad {
    /**
     * @param host      the acquiring host (or any peer speaking the same dialect)
     * @param terminals who trades; terminal i pays with {@code cards.get(i)}
     * @param threads   selector threads (each serves terminals/threads connections)
     * @param fen       amount per sale
     */
    public record Plan(InetSocketAddress host, List<TerminalIdentity> terminals, List<Card> cards, int threads, long fen) {
        public Plan {
            if (terminals.size() != cards.size() || terminals.isEmpty() || threads < 1) {
                throw new IllegalArgumentException("one card per terminal, at least one terminal and one thread");
            }
            terminals = List.copyOf(terminals);
            cards = List.copyOf(cards);
        }
    }

    /** What the measured window saw. */
    public record Report(long sales, double seconds, Histogram latencyNanos, Map<String, Long> errors) {
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
    }

    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(5);

    private final Plan plan;
    private final IsoCodec codec = new IsoCodec(Dialect.unionPayPos());
    private final FieldWalk walk = new FieldWalk(codec.dialect());
    private final List<Worker> workers = new ArrayList<>();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private volatile boolean running = true;
    private volatile long measureFromNanos = Long.MAX_VALUE;
    /** Every reply since the start, checked or not: tells a warm-up that the target is answering. */
    private final LongAdder replies = new LongAdder();

    private SaleLoad(Plan plan) {
        this.plan = plan;
    }

    /** Signs every terminal on and starts the load; fails if any sign-on fails. */
    public static SaleLoad start(Plan plan) throws IOException, TerminalProtocolException, KeyCheckException {
        SaleLoad load = new SaleLoad(plan);
        List<List<LoadTerminal>> shares = new ArrayList<>();
        for (int t = 0; t < plan.threads(); t++) {
            shares.add(new ArrayList<>());
        }
        for (int i = 0; i < plan.terminals().size(); i++) {
            TerminalIdentity id = plan.terminals().get(i);
            String batch;
            org.posnet.sim.terminal.WorkingKeys keys;
            try (PosTerminal pos = new PosTerminal(id, plan.host(), REPLY_TIMEOUT, load.codec)) {
                Exchange signOn = pos.signOn("003");
                if (!signOn.approved()) {
                    throw new TerminalProtocolException("sign-on of " + id.terminalId() + " answered " + signOn.code());
                }
                batch = pos.batch();
                keys = pos.keys();
            }
            SocketChannel ch = SocketChannel.open(plan.host());
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.configureBlocking(false);
            shares.get(i % plan.threads()).add(new LoadTerminal(ch, id, keys, batch, plan.cards().get(i), plan.fen(), load.codec,
                    load.walk, 1));
        }
        for (int t = 0; t < plan.threads(); t++) {
            Worker w = load.new Worker(shares.get(t), t);
            load.workers.add(w);
            w.thread.start();
        }
        return load;
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

    /** Stops all threads and reports the window since {@link #beginMeasurement()}. */
    public Report stop() throws InterruptedException {
        long end = System.nanoTime();
        running = false;
        Histogram all = new Histogram(3);
        long sales = 0;
        for (Worker w : workers) {
            w.thread.join(10_000);
            all.add(w.latency);
            sales += w.sales;
            for (LoadTerminal lt : w.terminals) {
                if (lt.sentAtNanos != 0 && end - lt.sentAtNanos > REPLY_TIMEOUT.toNanos()) {
                    error("no-reply");
                }
                try {
                    lt.channel.close();
                } catch (IOException e) {
                    // closing a connection we are done with
                }
            }
        }
        Map<String, Long> counted = new TreeMap<>();
        errors.forEach((k, v) -> counted.put(k, v.sum()));
        double seconds = measureFromNanos == Long.MAX_VALUE ? 0 : (end - measureFromNanos) / 1e9;
        return new Report(sales, seconds, all, counted);
    }

    /** Replies that were decoded in full because the byte check did not pass them (read after {@link #stop}). */
    long fullChecks() {
        long n = 0;
        for (Worker w : workers) {
            for (LoadTerminal lt : w.terminals) {
                n += lt.fullChecks;
            }
        }
        return n;
    }

    private void error(String kind) {
        errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    /** One selector thread; its histogram and counter are read only after it has stopped. */
    private final class Worker {
        final List<LoadTerminal> terminals;
        final Thread thread;
        final Histogram latency = new Histogram(3);
        long sales;

        Worker(List<LoadTerminal> terminals, int index) {
            this.terminals = terminals;
            this.thread = new Thread(this::run, "sale-load-" + index);
            this.thread.setDaemon(true);
        }

        private void run() {
            try (Selector selector = Selector.open()) {
                for (LoadTerminal lt : terminals) {
                    send(lt, lt.channel.register(selector, SelectionKey.OP_READ, lt));
                }
                while (running) {
                    // the consumer form spares the selected-key set and its iterator per wake-up
                    selector.select(this::ready, 100);
                }
            } catch (IOException e) {
                error("io-" + e.getClass().getSimpleName());
            } catch (UncheckedIOException e) {
                error("io-" + e.getCause().getClass().getSimpleName());
            }
        }

        private void ready(SelectionKey key) {
            LoadTerminal lt = (LoadTerminal) key.attachment();
            try {
                if (key.isValid() && key.isWritable()) {
                    flush(lt, key);
                }
                if (key.isValid() && key.isReadable()) {
                    read(lt, key);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void flush(LoadTerminal lt, SelectionKey key) throws IOException {
            lt.channel.write(lt.out);
            if (!lt.out.hasRemaining()) {
                key.interestOps(SelectionKey.OP_READ);
            }
        }

        /** One read per readiness; every whole frame in the buffer is checked where it lies, not copied out. */
        private void read(LoadTerminal lt, SelectionKey key) throws IOException {
            int n = lt.channel.read(lt.in);
            if (n < 0) {
                error("closed-by-peer");
                key.cancel();
                return;
            }
            byte[] b = lt.in.array();
            int p = 0;
            int end = lt.in.position();
            while (end - p >= 2) {
                int length = (b[p] & 0xFF) << 8 | b[p + 1] & 0xFF;
                if (end - p < length + 2) {
                    break;
                }
                long now = System.nanoTime();
                replies.increment();
                String failure = lt.failureOf(b, p, p + 2 + length);
                p += 2 + length;
                boolean measured = lt.sentAtNanos >= measureFromNanos;
                if (failure != null) {
                    error(failure);
                } else if (measured) {
                    sales++;
                    latency.recordValue(now - lt.sentAtNanos);
                }
                if (running) {
                    send(lt, key);
                } else {
                    lt.sentAtNanos = 0;
                }
            }
            if (p > 0) {
                lt.in.flip().position(p);
                lt.in.compact();
            }
        }

        /** One write per sale; only a full socket buffer waits for OP_WRITE. */
        private void send(LoadTerminal lt, SelectionKey key) throws IOException {
            lt.prepareSale();
            lt.sentAtNanos = System.nanoTime();
            lt.channel.write(lt.out);
            if (lt.out.hasRemaining()) {
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
        }
    }
}
