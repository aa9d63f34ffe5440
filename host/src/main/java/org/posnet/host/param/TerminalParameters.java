package org.posnet.host.param;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.posnet.common.event.Event;
import org.posnet.common.event.EventBus;
import org.posnet.common.fleet.StoredTerminal;
import org.posnet.common.time.RefreshAheadCache;
import org.posnet.common.time.Ticker;
import org.posnet.host.auth.TerminalManagement;

/**
 * The host's terminal parameters (参数下载) and status uploads (状态上送) over a {@link ParameterStore}.
 * Every reply asks "is this terminal's set outdated?", so the two versions per terminal (stored, held by the
 * terminal) are cached for {@code ttlNanos} and read again on the reloader before that time is up (the reply
 * path does not wait for the database): a set the TMS changes in another process reaches terminals within
 * that time; one changed through {@link #update} at once. What terminals tell the host updates the cache
 * directly.
 */
public final class TerminalParameters implements TerminalManagement {
    /** Terminals whose versions one background re-read asks for. */
    private static final int RELOAD_BATCH = 500;
    private final ParameterStore store;
    private final Function<String, Optional<String>> merchantNames;
    private final List<String> defaultHostAddresses;
    private final EventBus events;
    private final RefreshAheadCache<String, ParameterStore.Versions> cache;

    /**
     * @param merchantNames        merchant id → name, for sets that do not name the merchant themselves
     * @param defaultHostAddresses the host's endpoints ({@code ip:port}) given to terminals on defaults
     * @param reloader             where cached versions are read again before their time is up
     */
    public TerminalParameters(ParameterStore store, Function<String, Optional<String>> merchantNames,
            List<String> defaultHostAddresses, EventBus events, Ticker ticker, long ttlNanos, Executor reloader) {
        this.store = store;
        this.merchantNames = merchantNames;
        this.defaultHostAddresses = List.copyOf(defaultHostAddresses);
        this.events = events;
        this.cache = new RefreshAheadCache<>("parameter-versions", String::valueOf, store::versions, store::versions,
                RELOAD_BATCH, ticker, ttlNanos, reloader);
    }

    @Override
    public ParameterSet parameters(StoredTerminal terminal) {
        Optional<ParameterSet> stored = store.stored(terminal.id());
        String fleetName = merchantNames.apply(terminal.merchant()).orElse("");
        if (stored.isEmpty()) {
            return ParameterSet.defaults(fleetName, defaultHostAddresses);
        }
        ParameterSet p = stored.get();
        if (cache.get(terminal.id()).stored() != p.version()) {
            cache.update(terminal.id(), v -> new ParameterStore.Versions(p.version(), v.held()));
        }
        return p.merchantName().isEmpty() ? new ParameterSet(p.version(), fleetName, p.timeoutSeconds(), p.dialRetries(),
                p.reversalRetries(), p.hostAddresses(), p.hostPhones(), p.managementPhone(), p.tipAllowed(), p.tipPercent(),
                p.manualEntryAllowed(), p.autoSignOff()) : p;
    }

    @Override
    public boolean outdated(String terminalId) {
        ParameterStore.Versions v = cache.get(terminalId);
        // a terminal that never said counts as holding nothing; on defaults (stored 0) nobody is asked
        return v.stored() > 0 && v.held() < v.stored();
    }

    @Override
    public boolean holds(String terminalId, long version, Instant at) {
        long stored = store.stored(terminalId).map(ParameterSet::version).orElse(0L);
        if (version > stored) {
            return false;
        }
        store.terminalHolds(terminalId, version, at);
        cache.put(terminalId, new ParameterStore.Versions(stored, version));
        return true;
    }

    @Override
    public void reported(StatusReport report) {
        store.reported(report);
        Long version = report.parameterVersion();
        if (version != null) {
            cache.update(report.terminal(), v -> new ParameterStore.Versions(v.stored(), version));
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("terminal", report.terminal());
        payload.put("merchant", report.merchant());
        report.items().forEach((k, v) -> payload.put(k, numeric(k) ? (Object) Long.valueOf(v) : v));
        events.publish(Event.of("tms.status.reported", report.terminal(), payload));
    }

    /** For the TMS: stores new values (next version) and makes them the host's answer at once. */
    public ParameterSet update(String terminalId, ParameterSet values, Instant now) {
        ParameterSet stored = store.update(terminalId, values, now);
        cache.remove(terminalId);
        return stored;
    }

    /** Background reads of parameter versions that failed: the cached versions stay until their ttl. */
    public long reloadFailures() {
        return cache.reloadFailures();
    }

    /** The last status upload of a terminal (operator views, the future TMS). */
    public Optional<StatusReport> lastReport(String terminalId) {
        return store.lastReport(terminalId);
    }

    private static boolean numeric(String name) {
        return name.equals("parameterVersion") || name.equals("battery") || name.equals("signal");
    }
}
