package org.posnet.bench.aaa;

/**
 * A RADIUS server under test: started with the bench's users, driven by {@link RadiusLoadGenerator},
 * observed through its process (CPU, memory), then stopped. FreeRADIUS is one; PosNet is the other.
 */
public interface AaaTarget extends AutoCloseable {

    /** Short name for the result table, e.g. {@code FreeRADIUS 3.2.1}. */
    String name();

    /**
     * Provisions {@code users}, starts the server and returns once it answers RADIUS (blocking, bounded
     * by the implementation's own start timeout).
     */
    RadiusEndpoint start(BenchUsers users) throws Exception;

    /** The process whose CPU time counts as the server's; {@code /proc/PID/stat} is read around the measured phase. */
    long pid();

    /** Heap in use after the users are loaded, or -1 when the server has no managed heap to report. */
    long heapUsedBytes();

    /** Stops the server and removes what {@link #start} wrote; bounded in time; safe to call twice. */
    void stop();

    @Override
    default void close() {
        stop();
    }
}
