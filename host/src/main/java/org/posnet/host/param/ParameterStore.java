package org.posnet.host.param;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where terminal parameter sets and what terminals report are kept (tables {@code terminal_parameter_set},
 * {@code terminal_status}). The host reads and records through it; the TMS changes sets through
 * {@link #update}. Implemented over the database by {@link DatabaseParameterStore}.
 */
public interface ParameterStore {

    /**
     * A terminal's two parameter versions: the stored set's ({@code 0} when it runs on defaults) and the one
     * it said it holds ({@code -1} when it never said).
     */
    record Versions(long stored, long held) {
    }

    /** The terminal's stored set, or empty when it runs on the host's defaults. */
    Optional<ParameterSet> stored(String terminalId);

    /**
     * Stores new values for a terminal (the given version is ignored): version = the previous one + 1, or 1
     * for a first set. Returns the stored set with its version.
     */
    ParameterSet update(String terminalId, ParameterSet values, Instant now);

    /** The parameter version the terminal last said it holds, or empty when it never said. */
    OptionalLong terminalVersion(String terminalId);

    /** The terminal finished downloading (0800/361) or reported (0820/362) holding {@code version}. */
    void terminalHolds(String terminalId, long version, Instant at);

    /** Keeps a status upload (the last one per terminal), and the version it names, if any. */
    void reported(StatusReport report);

    /** The last status upload of a terminal. */
    Optional<StatusReport> lastReport(String terminalId);

    /** Both versions of one terminal. */
    default Versions versions(String terminalId) {
        OptionalLong held = terminalVersion(terminalId);
        return new Versions(stored(terminalId).map(ParameterSet::version).orElse(0L), held.isPresent() ? held.getAsLong() : -1);
    }

    /** Both versions of several terminals (every id asked is a key of the answer): one by one unless a store can do better. */
    default Map<String, Versions> versions(List<String> terminalIds) {
        Map<String, Versions> out = new HashMap<>();
        terminalIds.forEach(id -> out.put(id, versions(id)));
        return out;
    }
}
