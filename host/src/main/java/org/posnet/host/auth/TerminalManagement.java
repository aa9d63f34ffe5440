package org.posnet.host.auth;

import java.time.Instant;
import org.posnet.common.fleet.StoredTerminal;
import org.posnet.host.param.ParameterSet;
import org.posnet.host.param.StatusReport;

/**
 * Terminal management as authorization sees it: the parameter set a terminal downloads, whether it holds
 * an older one than the host (header processing requirement 1), and what it reports. Implemented by
 * {@link org.posnet.host.param.TerminalParameters}; may read and write the database, so it is called outside
 * the authorization lock.
 */
public interface TerminalManagement {

    /** The set a terminal downloads: its stored one, else the host's defaults (version 0). */
    ParameterSet parameters(StoredTerminal terminal);

    /** True when a stored set is newer than the version the terminal last said it holds. Cheap (cached). */
    boolean outdated(String terminalId);

    /**
     * The terminal says it now holds {@code version} (download end). False, and nothing recorded, when no set
     * of that version was ever stored for it (newer than the stored one).
     */
    boolean holds(String terminalId, long version, Instant at);

    /** Stores a status upload and announces it ({@code tms.status.reported}). */
    void reported(StatusReport report);

    /** No terminal management: never outdated. The host then has no parameter routes. */
    TerminalManagement NONE = new TerminalManagement() {
        @Override
        public ParameterSet parameters(StoredTerminal terminal) {
            throw new IllegalStateException("no terminal management configured");
        }

        @Override
        public boolean outdated(String terminalId) {
            return false;
        }

        @Override
        public boolean holds(String terminalId, long version, Instant at) {
            return false;
        }

        @Override
        public void reported(StatusReport report) {
            throw new IllegalStateException("no terminal management configured");
        }
    };
}
