package org.posnet.host.channel;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requests each terminal has unanswered, across all its connections: a real terminal has one in flight,
 * so a terminal with more is broken or hostile and must not take the workers from the others. A
 * connection keeps the {@link Slot} of the terminal it last served, so a request costs no map lookup.
 */
public final class InFlight {
    /** One terminal's count of unanswered requests. */
    public static final class Slot {
        private final AtomicInteger count = new AtomicInteger();
    }

    private final int limit;
    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();

    public InFlight(int limit) {
        this.limit = limit;
    }

    /** The terminal's slot, shared by all its connections. */
    public Slot slot(String terminal) {
        return slots.computeIfAbsent(terminal, t -> new Slot());
    }

    /**
     * A slot of one connection's own, for frames that name no terminal (no field 41): such frames are only
     * answered with an error, and keying them by connection in the shared map would grow it per connection.
     */
    public static Slot connectionSlot() {
        return new Slot();
    }

    /** Takes a place; false (and nothing taken) when the slot is at the limit. */
    public boolean tryAcquire(Slot s) {
        if (s.count.incrementAndGet() > limit) {
            s.count.decrementAndGet();
            return false;
        }
        return true;
    }

    public void release(Slot s) {
        s.count.decrementAndGet();
    }
}
