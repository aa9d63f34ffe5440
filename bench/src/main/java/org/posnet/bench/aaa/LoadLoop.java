package org.posnet.bench.aaa;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.HdrHistogram.Histogram;

/**
 * One event-loop thread of the generator: a selector over its connected, non-blocking sockets, each with a
 * slot table indexed by RADIUS identifier. After start-up nothing in the loop allocates: packets are patched
 * into one buffer, replies read into another, and connected channels report no sender address.
 */
final class LoadLoop implements Runnable {

    static final int WARMUP = 0;
    static final int MEASURE = 1;
    static final int DRAIN = 2;
    static final int STOP = 3;

    static final int SENT = 0;
    static final int ACCEPT = 1;
    static final int REJECT = 2;
    static final int BAD = 3;
    static final int LOST = 4;
    static final int LATE = 5;
    static final int UNEXPECTED = 6;
    static final int SEND_STALL = 7;
    static final int SOCKET_ERROR = 8;
    static final int KINDS = 9;

    // Short enough that losses are found within a few ms of their deadline; long enough to cost nothing idle.
    private static final long EXPIRY_SCAN_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long SELECT_TIMEOUT_MILLIS = 5;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    // HotSpot's extension counts the bytes a thread allocates: the check that the loop is allocation-free.
    private static final com.sun.management.ThreadMXBean ALLOCATIONS =
            THREADS instanceof com.sun.management.ThreadMXBean t && t.isThreadAllocatedMemorySupported() ? t : null;

    /** Counts by phase: [WARMUP|MEASURE|DRAIN][kind]. Read by the coordinator after join(). */
    final long[][] counts = new long[3][KINDS];
    /** Latency in microseconds of replies received in the measured phase. */
    final Histogram latency = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
    long measureCpuStart = -1;
    long measureCpuEnd = -1;
    long measureAllocatedStart = -1;
    long measureAllocatedEnd = -1;
    volatile Throwable failure;

    private final IntSupplier phaseSource;
    private final Selector selector;
    private final Slots[] slots;
    private final BenchUsers users;
    private final AccessRequestWriter writer;
    private final ReplyVerifier verifier;
    private final ByteBuffer tx;
    private final byte[] rxBytes = new byte[ReplyVerifier.MAX_PACKET + 1];
    private final ByteBuffer rx = ByteBuffer.wrap(rxBytes);
    private final SplittableRandom random;
    private final long timeoutNanos;
    private final int wrongPasswordEvery;
    private final long maxRequests;
    private final int loopIndex;
    private final int loopCount;
    private final Consumer<SelectionKey> onReadable = this::onReadable;

    private int phase = WARMUP;
    private long sequence;
    private int inFlight;
    private long lastExpiryScan;

    LoadLoop(IntSupplier phaseSource, Selector selector, Slots[] slots, BenchUsers users,
             AccessRequestWriter writer, ReplyVerifier verifier, LoadSettings settings, int loopIndex,
             int loopCount, long seed) {
        this.phaseSource = phaseSource;
        this.selector = selector;
        this.slots = slots;
        this.users = users;
        this.writer = writer;
        this.verifier = verifier;
        this.tx = ByteBuffer.wrap(writer.packet());
        this.random = new SplittableRandom(seed);
        this.timeoutNanos = settings.timeout().toNanos();
        this.wrongPasswordEvery = settings.wrongPasswordEvery();
        this.maxRequests = Math.max(1, settings.maxRequests() / loopCount);
        this.loopIndex = loopIndex;
        this.loopCount = loopCount;
    }

    /** One socket and the requests outstanding on it, indexed by identifier. */
    static final class Slots {
        final DatagramChannel channel;
        final int target;
        final boolean[] busy = new boolean[256];
        final long[] sentAt = new long[256];
        final byte[] sentPhase = new byte[256];
        final boolean[] expectAccept = new boolean[256];
        final byte[] authenticators = new byte[256 * 16];
        // The authenticator of the last request declared lost on each identifier, to recognise its late reply.
        final boolean[] stale = new boolean[256];
        final byte[] staleAuthenticators = new byte[256 * 16];
        int inFlight;
        int nextId;

        Slots(DatagramChannel channel, int target) {
            this.channel = channel;
            this.target = target;
        }
    }

    @Override
    public void run() {
        try {
            lastExpiryScan = System.nanoTime();
            while (true) {
                int p = phaseSource.getAsInt();
                if (p != phase) {
                    enter(p);
                }
                if (p == STOP || (p == DRAIN || sequence >= maxRequests) && inFlight == 0) {
                    break;
                }
                if (p < DRAIN) {
                    refill();
                }
                selector.select(onReadable, SELECT_TIMEOUT_MILLIS);
                long now = System.nanoTime();
                if (now - lastExpiryScan >= EXPIRY_SCAN_NANOS) {
                    expire(now);
                    lastExpiryScan = now;
                }
            }
        } catch (Throwable t) {
            failure = t;
        } finally {
            if (phase == MEASURE) {
                measureCpuEnd = THREADS.getCurrentThreadCpuTime();
                measureAllocatedEnd = allocatedBytes();
            }
            for (Slots s : slots) {
                closeQuietly(s.channel);
            }
            closeQuietly(selector);
        }
    }

    private void enter(int next) {
        if (next >= MEASURE && measureCpuStart < 0) {
            measureCpuStart = THREADS.getCurrentThreadCpuTime();
            measureAllocatedStart = allocatedBytes();
        }
        if (next >= DRAIN && phase == MEASURE) {
            measureCpuEnd = THREADS.getCurrentThreadCpuTime();
            measureAllocatedEnd = allocatedBytes();
        }
        phase = next;
    }

    private static long allocatedBytes() {
        return ALLOCATIONS == null ? -1 : ALLOCATIONS.getCurrentThreadAllocatedBytes();
    }

    private void refill() throws IOException {
        for (Slots s : slots) {
            while (s.inFlight < s.target && sequence < maxRequests && send(s)) {
                // keep the socket's share of requests outstanding
            }
        }
    }

    private boolean send(Slots s) throws IOException {
        int id = s.nextId;
        for (int k = 0; k < 256 && s.busy[id]; k++) {
            id = (id + 1) & 255;
        }
        if (s.busy[id]) {
            return false;
        }
        long n = sequence;
        int user = 1 + (int) ((n * loopCount + loopIndex) % users.count());
        boolean wrong = wrongPasswordEvery > 0 && n % wrongPasswordEvery == wrongPasswordEvery - 1;
        int at = id * 16;
        putLong(s.authenticators, at, random.nextLong());
        putLong(s.authenticators, at + 8, random.nextLong());
        int length = writer.write(id, s.authenticators, at, user, wrong);
        tx.clear().limit(length);
        long sentAt = System.nanoTime();
        int written;
        try {
            written = s.channel.write(tx);
        } catch (PortUnreachableException e) {
            counts[phase][SOCKET_ERROR]++;
            return false;
        }
        if (written == 0) {
            counts[phase][SEND_STALL]++; // nothing left the host: not a request, try again next round
            return false;
        }
        sequence = n + 1;
        s.busy[id] = true;
        s.sentAt[id] = sentAt;
        s.sentPhase[id] = (byte) phase;
        s.expectAccept[id] = !wrong;
        s.inFlight++;
        inFlight++;
        s.nextId = (id + 1) & 255;
        counts[phase][SENT]++;
        return true;
    }

    private void onReadable(SelectionKey key) {
        Slots s = (Slots) key.attachment();
        try {
            while (true) {
                rx.clear();
                int n;
                try {
                    n = s.channel.read(rx);
                } catch (PortUnreachableException e) {
                    counts[phase][SOCKET_ERROR]++;
                    return;
                }
                if (n <= 0) {
                    return;
                }
                onReply(s, n, System.nanoTime());
            }
        } catch (IOException e) {
            failure = e;
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void onReply(Slots s, int length, long now) {
        long[] c = counts[phase];
        if (length < 20 || length > ReplyVerifier.MAX_PACKET) {
            c[BAD]++;
            return;
        }
        int id = rxBytes[1] & 0xff;
        int at = id * 16;
        if (s.busy[id] && verifier.answers(rxBytes, length, s.authenticators, at)) {
            ReplyOutcome outcome = verifier.verify(rxBytes, length, s.authenticators, at);
            if (outcome == ReplyOutcome.ACCEPT || outcome == ReplyOutcome.REJECT) {
                boolean accepted = outcome == ReplyOutcome.ACCEPT;
                c[accepted ? ACCEPT : REJECT]++;
                if (accepted != s.expectAccept[id]) {
                    c[UNEXPECTED]++;
                }
                if (phase == MEASURE) {
                    latency.recordValue(Math.max(0, (now - s.sentAt[id]) / 1000));
                }
            } else {
                c[BAD]++;
            }
            free(s, id);
        } else if (s.stale[id] && verifier.answers(rxBytes, length, s.staleAuthenticators, at)) {
            s.stale[id] = false;
            c[LATE]++;
        } else {
            c[BAD]++; // answers nothing we sent: tampered, wrong secret, or unsolicited
            if (s.busy[id]) {
                free(s, id); // a server answers once; waiting on for this request would misreport it as lost
            }
        }
    }

    private void expire(long now) {
        for (Slots s : slots) {
            if (s.inFlight == 0) {
                continue;
            }
            for (int id = 0; id < 256; id++) {
                if (s.busy[id] && now - s.sentAt[id] > timeoutNanos) {
                    counts[s.sentPhase[id]][LOST]++;
                    System.arraycopy(s.authenticators, id * 16, s.staleAuthenticators, id * 16, 16);
                    s.stale[id] = true;
                    free(s, id);
                }
            }
        }
    }

    private void free(Slots s, int id) {
        s.busy[id] = false;
        s.inFlight--;
        inFlight--;
    }

    private static void putLong(byte[] b, int at, long v) {
        for (int k = 0; k < 8; k++) {
            b[at + k] = (byte) (v >>> (56 - 8 * k));
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // closing at the end of a run; nothing left to report to
        }
    }
}
