package org.posnet.host;

import ch.qos.logback.classic.Level;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import org.posnet.common.config.PosnetConfig;
import org.posnet.common.crypto.MasterKey;
import org.posnet.common.db.Database;
import org.posnet.common.event.InProcessEventBus;
import org.posnet.common.fleet.FleetParser;
import org.posnet.common.fleet.FleetStore;
import org.slf4j.LoggerFactory;

/**
 * The host as its own JVM, for {@link KillNineTest}: {@code HostProcess URL USER PASSWORD LMK_HEX JOURNAL_DIR [FLEET_FILE]}
 * opens the database (provisioning the fleet file when one is given), starts {@link HostService} on a free
 * port, prints {@code LISTENING <port>}, and runs until a {@code stop} line (or end of input) on stdin —
 * then closes cleanly and prints {@code STOPPED}. The test kills it with SIGKILL in between.
 */
public final class HostProcess {
    private HostProcess() {
    }

    public static void main(String[] args) throws Exception {
        // per-transaction log lines would make the child spend its time writing its own stdout
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.posnet.host.txn")).setLevel(Level.WARN);
        Database db = Database.open(new PosnetConfig.DatabaseConfig(args[0], args[1], args[2]));
        MasterKey lmk = MasterKey.ofBytes(TerminalCrypto.hex(args[3]));
        FleetStore fleet = new FleetStore(db, lmk);
        if (args.length > 5) {
            fleet.upsert(FleetParser.parse(Path.of(args[5])));
        }
        // snapshots while running, often: a kill then lands between (or in the middle of) them
        HostConfig config = HostConfig.defaults().withPort(0).withJournalDir(Path.of(args[4]))
                .withSnapshots(new HostConfig.Snapshots(java.time.Duration.ofMillis(100), 100, java.time.LocalTime.MIDNIGHT,
                        java.time.LocalTime.MIDNIGHT));
        HostService host = new HostService(config, fleet, db, lmk, new InProcessEventBus(), new SimpleMeterRegistry(), Clock.systemUTC());
        System.out.println("REPLAYED_FROM " + host.replayedFrom());
        System.out.println("SNAPSHOT_SEQ " + host.snapshotSeq());
        System.out.println("LISTENING " + host.port());
        System.out.flush();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null && !line.trim().equals("stop")) {
                // only "stop" (or the parent going away) ends the host
            }
        }
        host.close();
        db.close();
        System.out.println("STOPPED");
        System.out.flush();
    }
}
