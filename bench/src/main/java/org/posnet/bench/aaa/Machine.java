package org.posnet.bench.aaa;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One line about the machine a result came from, since numbers without it cannot be compared. */
final class Machine {

    private Machine() {
    }

    static String describe() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse(cpu);
        } catch (IOException e) {
            // not Linux: say so rather than fail the run
        }
        return Runtime.getRuntime().availableProcessors() + " × " + cpu + ", Linux " + System.getProperty("os.version")
                + ", Java " + System.getProperty("java.version");
    }
}
