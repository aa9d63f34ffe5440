package org.posnet.host;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.posnet.common.fleet.FleetStore;
import org.posnet.common.fleet.StoredTerminal;
import org.posnet.common.time.Ticker;
import org.posnet.host.auth.TerminalDirectory;

/**
 * Terminals from the fleet store, cached for {@code ttlNanos} so a sale does not cost a query, while a
 * terminal suspended in the TMS stops trading within that time. Unknown ids are cached too, so a flood
 * from an unregistered terminal does not reach the database.
 */
final class FleetTerminals implements TerminalDirectory {
    private record Cached(Optional<StoredTerminal> terminal, long loadedAt) {
    }

    private final FleetStore fleet;
    private final Ticker ticker;
    private final long ttlNanos;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    FleetTerminals(FleetStore fleet, Ticker ticker, long ttlNanos) {
        this.fleet = fleet;
        this.ticker = ticker;
        this.ttlNanos = ttlNanos;
    }

    @Override
    public Optional<StoredTerminal> find(String terminalId) {
        long now = ticker.nanos();
        Cached c = cache.get(terminalId);
        if (c == null || now - c.loadedAt >= ttlNanos) {
            c = new Cached(fleet.terminal(terminalId), now);
            cache.put(terminalId, c);
        }
        return c.terminal;
    }
}
