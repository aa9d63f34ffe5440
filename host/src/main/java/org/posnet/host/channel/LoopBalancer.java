package org.posnet.host.channel;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorChooserFactory;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Gives each new terminal connection the event loop that has the fewest open ones. Netty's own chooser takes
 * the loops in turn, blind to connections that have closed meanwhile: a terminal that signs on over a short
 * connection and then opens the one it keeps (PosNet's load terminals do, and so do POS terminals that
 * reconnect after sign-on) put every kept connection on the same loop of two, and the other loop idle.
 *
 * <p>{@link EventExecutorChooserFactory.EventExecutorChooser#next} counts a connection for the loop it picks
 * (the acceptor calls it once per accepted connection, on the boss thread); {@link #closed} uncounts it.
 * A connection whose registration fails (only while the loops shut down) stays counted.
 */
final class LoopBalancer implements EventExecutorChooserFactory {
    private volatile Chooser chooser;

    @Override
    public EventExecutorChooser newChooser(EventExecutor[] executors) {
        Chooser c = new Chooser(executors);
        chooser = c;
        return c;
    }

    /** Uncounts a connection of {@code loop}, when it closes. */
    void closed(EventExecutor loop) {
        Chooser c = chooser;
        if (c != null) {
            c.closed(loop);
        }
    }

    /** Open connections per loop, in the group's order (for tests and diagnostics). */
    int[] openConnections() {
        Chooser c = chooser;
        return c == null ? new int[0] : c.counts.snapshot();
    }

    private static final class Chooser implements EventExecutorChooser {
        private final EventExecutor[] loops;
        private final Counts counts;

        Chooser(EventExecutor[] loops) {
            this.loops = loops.clone();
            this.counts = new Counts(loops.length);
        }

        @Override
        public EventExecutor next() {
            return loops[counts.pick()];
        }

        void closed(EventExecutor loop) {
            for (int i = 0; i < loops.length; i++) {
                if (loops[i] == loop) {
                    counts.release(i);
                    return;
                }
            }
        }
    }

    /**
     * The open connections of each of n slots: {@link #pick} takes the slot with the fewest (ties in turn, so
     * equal loops share new connections as Netty's chooser would) and counts one for it; {@link #release}
     * uncounts one. Picks come from one thread, releases from any.
     */
    static final class Counts {
        private final AtomicIntegerArray open;
        private int turn;

        Counts(int slots) {
            if (slots < 1) {
                throw new IllegalArgumentException("no slots");
            }
            open = new AtomicIntegerArray(slots);
        }

        int pick() {
            int n = open.length();
            int start = turn;
            turn = (turn + 1) % n;
            int best = start;
            int fewest = open.get(start);
            for (int k = 1; k < n && fewest > 0; k++) {
                int i = (start + k) % n;
                int c = open.get(i);
                if (c < fewest) {
                    best = i;
                    fewest = c;
                }
            }
            open.incrementAndGet(best);
            return best;
        }

        void release(int slot) {
            open.decrementAndGet(slot);
        }

        int[] snapshot() {
            int[] s = new int[open.length()];
            for (int i = 0; i < s.length; i++) {
                s[i] = open.get(i);
            }
            return s;
        }
    }
}
