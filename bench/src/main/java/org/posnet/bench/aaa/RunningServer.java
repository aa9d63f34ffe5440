package org.posnet.bench.aaa;

/**
 * A RADIUS server someone else started (e.g. {@code posnet serve} in another terminal), already provisioned
 * with {@link BenchUsers}: the bench drives it but neither starts nor stops it.
 *
 * @param pid the server's process id for CPU accounting, or -1 when unknown (CPU columns then say n/a)
 */
public record RunningServer(String name, RadiusEndpoint endpoint, long pid) implements AaaTarget {

    @Override
    public RadiusEndpoint start(BenchUsers users) {
        return endpoint;
    }

    @Override
    public long heapUsedBytes() {
        return -1;
    }

    @Override
    public void stop() {
        // not ours to stop
    }
}
