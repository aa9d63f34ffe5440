package org.posnet.host.channel;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requests each terminal has unanswered, across all its connections: a real terminal has one in flight,
 * so a terminal with more is broken or hostile and must not take the workers from the others.
 */
public final class InFlight {
    private final int limit;
    private final ConcurrentHashMap<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    public InFlight(int limit) {
        this.limit = limit;
    }

    /** Takes a slot; false (and nothing taken) when the terminal is at its limit. */
    public boolean tryAcquire(String terminal) {
        AtomicInteger c = counts.computeIfAbsent(terminal, t -> new AtomicInteger());
        if (c.incrementAndGet() > limit) {
            c.decrementAndGet();
            return false;
        }
        return true;
    }

    public void release(String terminal) {
        AtomicInteger c = counts.get(terminal);
        if (c != null) {
            c.decrementAndGet();
        }
    }
}
