package org.posnet.host;

import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.posnet.common.crypto.MasterKey;
import org.posnet.common.db.TestDatabase;
import org.posnet.common.db.TestDatabases;
import org.posnet.common.fleet.FleetParser;
import org.posnet.common.fleet.FleetStore;
import org.posnet.common.time.Ticker;
import org.posnet.host.hsm.MasterKeyWrapper;
import org.posnet.host.hsm.SoftwareHsm;

/**
 * Microbenchmark of a sale's card and terminal lookups once cached (thread-CPU ns and allocated bytes
 * per sale). Off by default:
 * {@code mvn -o -pl host surefire:test -Dtest=FleetLookupBench -Dposnet.bench=true}.
 */
@EnabledIfSystemProperty(named = "posnet.bench", matches = "true")
class FleetLookupBench {

    @Test
    void cachedLookups() throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        MasterKey masterKey = MasterKey.ofBytes(key);
        try (TestDatabase tdb = TestDatabases.h2()) {
            FleetStore fleet = new FleetStore(tdb.open(), masterKey);
            fleet.upsert(FleetParser.parse("fleet.yaml", HostHarness.fleetYaml()));
            FleetCards cards = new FleetCards(fleet, new SoftwareHsm(new MasterKeyWrapper(masterKey), new SecureRandom()), Ticker.system(), 30_000_000_000L, Runnable::run);
            FleetTerminals terminals = new FleetTerminals(fleet, Ticker.system(), 30_000_000_000L, Runnable::run);
            // a new String per sale, as decoded from fields 2 and 41
            char[] pan = HostHarness.PAN.toCharArray();
            char[] terminal = HostHarness.TERMINAL.toCharArray();
            var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long tid = Thread.currentThread().getId();
            int iterations = 2_000_000;
            long found = 0;
            for (int round = 0; round < 6; round++) {
                // odd rounds only make the two Strings, so the difference is the lookups
                boolean lookups = round % 2 == 0;
                long bytes0 = mx.getThreadAllocatedBytes(tid);
                long cpu0 = mx.getCurrentThreadCpuTime();
                for (int i = 0; i < iterations; i++) {
                    String p = new String(pan);
                    String t = new String(terminal);
                    if (lookups) {
                        found += cards.find(p).isPresent() ? 1 : 0;
                        found += terminals.find(t).isPresent() ? 1 : 0;
                    } else {
                        found += p.length() + t.length();
                    }
                }
                long cpu = mx.getCurrentThreadCpuTime() - cpu0;
                long bytes = mx.getThreadAllocatedBytes(tid) - bytes0;
                System.out.printf("%s: %.0f ns CPU, %.1f bytes allocated per sale%n",
                        lookups ? "Strings + card and terminal lookups" : "Strings only                       ",
                        (double) cpu / iterations, (double) bytes / iterations);
            }
            System.out.println("(found " + found + ")");
        }
    }
}
