package org.posnet.host;

import java.util.Optional;
import java.util.concurrent.Executor;
import org.posnet.common.fleet.FleetStore;
import org.posnet.common.fleet.StoredTerminal;
import org.posnet.common.time.RefreshAheadCache;
import org.posnet.common.time.Ticker;
import org.posnet.host.auth.TerminalDirectory;

/**
 * Terminals from the fleet store, cached for {@code ttlNanos} so a sale does not cost a query, while a
 * terminal suspended in the TMS stops trading within that time. Unknown ids are cached too, so a flood
 * from an unregistered terminal does not reach the database. A terminal in use is read again on
 * {@code reloader} before its time is up, so the event loop authorizing its sales never waits for the
 * database after the terminal's first sale (those queries held a loop 0.5–5 ms each under load).
 */
final class FleetTerminals implements TerminalDirectory {
    /** Terminals re-read per query in the background: a large fleet costs a few queries a second, not thousands. */
    static final int RELOAD_BATCH = 500;

    private final RefreshAheadCache<String, Optional<StoredTerminal>> cache;

    FleetTerminals(FleetStore fleet, Ticker ticker, long ttlNanos, Executor reloader) {
        this.cache = new RefreshAheadCache<>("terminals", String::valueOf, fleet::terminal, fleet::terminals, RELOAD_BATCH,
                ticker, ttlNanos, reloader);
    }

    @Override
    public Optional<StoredTerminal> find(String terminalId) {
        return cache.get(terminalId);
    }

    /** Background reads that failed (the database did not answer): the cached records stay until their ttl. */
    long reloadFailures() {
        return cache.reloadFailures();
    }
}
