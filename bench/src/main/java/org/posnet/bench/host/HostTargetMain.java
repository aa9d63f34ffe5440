package org.posnet.bench.host;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.security.SecureRandom;
import org.posnet.common.config.PosnetConfig;
import org.posnet.common.crypto.MasterKey;
import org.posnet.common.db.Database;
import org.posnet.common.event.InProcessEventBus;
import org.posnet.common.fleet.FleetParser;
import org.posnet.common.fleet.FleetStore;
import org.posnet.common.net.NettyDefaults;
import org.posnet.host.HostConfig;
import org.posnet.host.HostService;

/**
 * PosNet's host as the bench's target, in its own JVM so its CPU is its own: {@code DATA_DIR TERMINALS}
 * opens an H2 file database in DATA_DIR (the durable journal lives there), provisions {@link BenchFleet},
 * starts {@link HostService} with its defaults on a free port, prints {@code ready port=P}, and stops on
 * {@code quit} or end of stdin (so it never outlives the bench). On {@code residence} it prints the host's
 * transaction timer as a {@link HostResidence.Reading} line.
 */
public final class HostTargetMain {
    private HostTargetMain() {
    }

    public static void main(String[] args) throws Exception {
        NettyDefaults.apply(); // as `posnet serve` runs
        int terminals = Integer.parseInt(args[1]);
        Database db = Database.open(new PosnetConfig.DatabaseConfig("jdbc:h2:file:" + args[0] + "/posnet", "sa", ""));
        byte[] lmk = new byte[32];
        new SecureRandom().nextBytes(lmk);
        MasterKey masterKey = MasterKey.ofBytes(lmk);
        FleetStore fleet = new FleetStore(db, masterKey);
        fleet.upsert(FleetParser.parse("bench-fleet.yaml", BenchFleet.yaml(terminals)));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        countInBenchBuckets(registry);
        HostService host = new HostService(HostConfig.defaults().withPort(0).withJournalDir(Path.of(args[0], "journal"))
                // a minute's peak, not the nightly snapshot a production host writes in its quiet hours
                .withSnapshots(HostConfig.Snapshots.atStopOnly()), fleet, db, masterKey, new InProcessEventBus(),
                registry);
        System.out.println("ready port=" + host.port());
        System.out.flush();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null && !line.equals("quit"); ) {
                // only quit (or the parent going away) ends the target
                if (line.equals("residence")) {
                    System.out.println(residence(registry).format());
                    System.out.flush();
                }
            }
        }
        host.close();
        // to the bench's output (stderr is inherited): how many entries each fdatasync carried
        double commits = registry.find("posnet.host.journal.commits").functionCounter().count();
        double entries = registry.find("posnet.host.journal.entries").functionCounter().count();
        System.err.printf("host target: %.0f journal entries in %.0f group commits (%.1f per commit)%n", entries, commits,
                commits == 0 ? 0 : entries / commits);
        db.close();
        System.exit(0);
    }

    private static final String TIMER = "posnet.transaction";

    /**
     * The host's transaction timer counted in {@link HostResidence#BOUNDS_NANOS} over the whole run (not a rolling
     * window), so the bench can take its measured window apart from the warm-up. Before the host registers it.
     */
    static void countInBenchBuckets(io.micrometer.core.instrument.MeterRegistry registry) {
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!id.getName().equals(TIMER)) {
                    return config;
                }
                return DistributionStatisticConfig.builder().serviceLevelObjectives(HostResidence.BOUNDS_NANOS)
                        .expiry(Duration.ofDays(365)).bufferLength(1).build().merge(config);
            }
        });
    }

    /** The timer's count and cumulative buckets now (all zero before the first sale registers it). */
    static HostResidence.Reading residence(io.micrometer.core.instrument.MeterRegistry registry) {
        Timer timer = registry.find(TIMER).timer();
        long[] cumulative = new long[HostResidence.BOUNDS_NANOS.length];
        if (timer == null) {
            return new HostResidence.Reading(0, cumulative);
        }
        HistogramSnapshot snapshot = timer.takeSnapshot();
        for (CountAtBucket b : snapshot.histogramCounts()) {
            int i = java.util.Arrays.binarySearch(HostResidence.BOUNDS_NANOS, b.bucket());
            if (i >= 0) {
                cumulative[i] = (long) b.count();
            }
        }
        return new HostResidence.Reading(snapshot.count(), cumulative);
    }
}
