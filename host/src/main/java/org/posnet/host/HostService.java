package org.posnet.host;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.posnet.common.crypto.MasterKey;
import org.posnet.common.db.Database;
import org.posnet.common.event.EventBus;
import org.posnet.common.fleet.FleetStore;
import org.posnet.common.time.Ticker;
import org.posnet.host.auth.Authorizer;
import org.posnet.host.auth.HostState;
import org.posnet.host.auth.ResponseCodes;
import org.posnet.host.auth.Reason;
import org.posnet.host.auth.RequestKey;
import org.posnet.host.auth.RouteTable;
import org.posnet.host.auth.Txn;
import org.posnet.host.link.IssuerService;
import org.posnet.host.param.DatabaseParameterStore;
import org.posnet.host.param.TerminalParameters;
import org.posnet.host.link.LinkConfig;
import org.posnet.host.link.RemoteIssuers;
import org.posnet.host.channel.InFlight;
import org.posnet.host.channel.TerminalHandler;
import org.posnet.host.channel.TerminalServer;
import org.posnet.host.hsm.Hsm;
import org.posnet.host.hsm.MasterKeyWrapper;
import org.posnet.host.hsm.SoftwareHsm;
import org.posnet.host.iso.Dialect;
import org.posnet.host.iso.IsoCodec;
import org.posnet.host.journal.FileJournal;
import org.posnet.host.journal.StateSnapshot;
import org.posnet.host.ledger.Ledger;
import org.posnet.host.ledger.MdrTable;
import org.posnet.host.ledger.ReserveFigures;
import org.posnet.host.ledger.SettlementFile;
import org.posnet.host.ledger.SettlementReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The acquiring host, wired: software HSM under the master key, journal replayed into state and into the
 * ledger, authorization over the fleet's terminals and cards, the terminal channel listening. Construct it to start it;
 * {@link #close()} stops listening, lets the journal write what is queued, and stops the workers.
 */
public final class HostService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HostService.class);

    private final FileJournal journal;
    /** The journal's key: its records and the state snapshot are encrypted under it. */
    private final org.posnet.host.journal.RecordCipher journalCipher;
    /** Where the journal and its state snapshot live. */
    private final java.nio.file.Path journalDir;
    /** The first journal seq the start read (1: the whole journal; past 1: from a state snapshot). */
    private final long replayedFrom;
    private final Ledger ledger;
    private final FleetStore fleet;
    private final Database db;
    private final Authorizer authorizer;
    private final ExecutorService workers;
    private final ExecutorService cacheReloader;
    /** Writes the running host's state snapshots (HostConfig.Snapshots); null when only a clean stop writes one. */
    private final java.util.concurrent.ScheduledExecutorService snapshotter;
    private final HostConfig.Snapshots snapshots;
    private final java.time.ZoneId zone;
    private final Clock clock;
    /** The seq of the last snapshot written or read at start (0: none). */
    private volatile long snapshotSeq;
    private final io.micrometer.core.instrument.Timer snapshotHeld;
    private final io.micrometer.core.instrument.Counter snapshotFailures;
    private final TerminalServer server;
    private final RemoteIssuers remotes;
    private final IssuerService issuer;
    private final TerminalParameters parameters;

    public HostService(HostConfig config, FleetStore fleet, Database db, MasterKey masterKey, EventBus events,
            MeterRegistry registry) {
        this(config, fleet, db, masterKey, events, registry, Clock.systemUTC());
    }

    public HostService(HostConfig config, FleetStore fleet, Database db, MasterKey masterKey, EventBus events,
            MeterRegistry registry, Clock clock) {
        this(config, fleet, db, masterKey, events, registry, clock, MdrTable.defaults());
    }

    public HostService(HostConfig config, FleetStore fleet, Database db, MasterKey masterKey, EventBus events,
            MeterRegistry registry, Clock clock, MdrTable mdr) {
        this(config, fleet, db, masterKey, events, registry, clock, mdr, LinkConfig.none());
    }

    /**
     * With issuer links: {@code links.remotes()} routes those BINs to remote issuers (98 on timeout, 0420
     * store-and-forward), {@code links.issuerMode()} also answers remote acquirers on its own port.
     */
    public HostService(HostConfig config, FleetStore fleet, Database db, MasterKey masterKey, EventBus events,
            MeterRegistry registry, Clock clock, MdrTable mdr, LinkConfig links) {
        this.fleet = fleet;
        this.db = db;
        Dialect dialect = config.dialectFile() == null ? Dialect.unionPayPos() : Dialect.load(config.dialectFile());
        IsoCodec codec = new IsoCodec(dialect);
        Hsm hsm = new SoftwareHsm(new MasterKeyWrapper(masterKey), random());
        ResponseCodes codes = ResponseCodes.unionPay().withOverrides(config.responseCodeOverrides());
        journalDir = config.requireJournalDir();
        // card numbers and replies are encrypted at rest under the journal's own key, sealed under the LMK beside it
        journalCipher = org.posnet.host.journal.RecordCipher.openOrCreate(journalDir, masterKey);
        journal = new FileJournal(journalDir, config.journalMaxBatch(), journalCipher);
        org.posnet.host.journal.LegacyJournalImport.importIfEmpty(db, journal);
        org.posnet.host.journal.LegacyJournalImport.deleteImported(db, journal);
        long started = System.nanoTime();
        ledger = Ledger.load(db, mdr, new FleetMerchants(fleet), config.policy().zone(), masterKey.panTokens(), clock);
        // the state as of the last clean stop, when it goes with this journal; the journal from there on
        StateSnapshot.Loaded snapshot = StateSnapshot.load(journalDir, config.policy().preAuthHold(),
                config.policy().stateRetention(), journal.durableSeq(), journal::read, journalCipher);
        HostState state = snapshot != null ? snapshot.state()
                : new HostState(config.policy().preAuthHold(), config.policy().stateRetention());
        long replayFrom = snapshot == null ? 1 : Math.min(snapshot.seq(), ledger.store().cursor()) + 1;
        replayedFrom = replayFrom;
        // one pass rebuilds both: the issuer state after the snapshot, and the ledger for entries above its stored cursor
        journal.replayFrom(replayFrom, e -> {
            if (e.seq() > state.lastSeq()) {
                state.apply(e);
            }
            ledger.replay(e);
        });
        ledger.start();
        journal.onDurable(ledger::post);
        FunctionCounter.builder("posnet.host.journal.commits", journal, FileJournal::commits)
                .description("group commits (fdatasync) of the host journal").register(registry);
        FunctionCounter.builder("posnet.host.journal.entries", journal, FileJournal::written)
                .description("entries made durable in the host journal").register(registry);
        log.info("event=host.journal_replayed entries_to_seq={} from_seq={} snapshot_seq={} millis={}", state.lastSeq(), replayFrom,
                snapshot == null ? 0 : snapshot.seq(), (System.nanoTime() - started) / 1_000_000);
        snapshotSeq = snapshot == null ? 0 : snapshot.seq();
        snapshots = config.snapshots();
        io.micrometer.core.instrument.Gauge.builder("posnet.host.snapshot.seq", this, HostService::snapshotSeq)
                .description("journal seq of the last state snapshot written or started from; a start after a crash"
                        + " replays the journal after it").register(registry);
        io.micrometer.core.instrument.Gauge.builder("posnet.host.snapshot.behind", this, h -> h.journalDurableSeq() - h.snapshotSeq())
                .description("journal entries after the last state snapshot: what a start after a crash would replay")
                .register(registry);
        snapshotHeld = io.micrometer.core.instrument.Timer.builder("posnet.host.snapshot.held")
                .description("how long a running host's state snapshot held the state (authorizations waited)")
                .register(registry);
        snapshotFailures = io.micrometer.core.instrument.Counter.builder("posnet.host.snapshot.failures")
                .description("running state snapshots that failed or were skipped (tried again a minute later)")
                .register(registry);
        zone = config.policy().zone();
        this.clock = clock;
        // one daemon thread reads cached terminals and parameter versions again before their ttl runs out,
        // so authorizing on an event loop never waits for the database after a terminal's first sale
        cacheReloader = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "host-cache-reload");
            t.setDaemon(true);
            return t;
        });
        parameters = new TerminalParameters(new DatabaseParameterStore(db), id -> fleet.merchant(id).map(m -> m.name()),
                java.util.List.of(), events, Ticker.system(), config.terminalCacheTtl().toNanos(), cacheReloader);
        RouteTable routes = RouteTable.unionPay(state, hsm, codec, config.policy(), parameters);
        remotes = links.remotes().isEmpty() ? null : new RemoteIssuers(links.remotes(), hsm, db, masterKey, codes, config.policy());
        FleetTerminals terminals = new FleetTerminals(fleet, Ticker.system(), config.terminalCacheTtl().toNanos(), cacheReloader);
        FleetCards cards = new FleetCards(fleet, hsm, Ticker.system(), config.terminalCacheTtl().toNanos(), cacheReloader);
        // a failing background read is invisible to the sales (the cached value serves until its ttl): count it
        countReloadFailures(registry, "terminals", terminals::reloadFailures);
        countReloadFailures(registry, "card-statuses", cards::reloadFailures);
        countReloadFailures(registry, "parameter-versions", parameters::reloadFailures);
        authorizer = new Authorizer(routes, state, journal, terminals, cards, hsm, codec, codes, config.policy(), clock, remotes,
                parameters);
        // what the bounded state holds (HostState: batches go retention after their first transaction)
        io.micrometer.core.instrument.Gauge.builder("posnet.host.state.batches", authorizer, a -> a.read(HostState::heldBatches))
                .description("terminal batches the host keeps in memory (answers, approvals, totals)").register(registry);
        io.micrometer.core.instrument.Gauge.builder("posnet.host.state.chunks", authorizer, a -> a.read(HostState::heldChunks))
                .description("chunks of per-transaction facts in memory, 16,384 journal entries each").register(registry);
        io.micrometer.core.instrument.Gauge.builder("posnet.host.state.cards", authorizer, a -> a.read(HostState::heldCards))
                .description("card numbers in memory: those of the transactions kept (they go with the last)").register(registry);
        io.micrometer.core.instrument.Gauge.builder("posnet.host.state.accounts", authorizer, a -> a.read(HostState::cardAccounts))
                .description("on-us card accounts in memory (balance change, holds, wrong-PIN count); kept for good").register(registry);
        FunctionCounter.builder("posnet.host.preauth.holds.expired", authorizer, a -> a.read(HostState::expiredHolds))
                .description("pre-auth holds released because their time ran out (since the journal began)").register(registry);
        if (remotes != null) {
            // after the replay, so a reversal row left open by a crash is settled against what was journaled
            remotes.start(key -> authorizer.read(s -> reversalOwed(s, key)));
        }
        AtomicInteger threadIds = new AtomicInteger();
        workers = config.workers() == 0 ? null : Executors.newFixedThreadPool(config.workers(), r -> {
            Thread t = new Thread(r, "host-auth-" + threadIds.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // workers 0: authorize on the connection's event loop — no hand-off and wake-up per request; a
        // directory cache miss (one query per terminal per terminalCacheTtl) then holds that loop briefly
        java.util.concurrent.Executor authorizing = workers == null ? Runnable::run : workers;
        TransactionRecorder recorder = new TransactionRecorder(registry, events);
        InFlight inFlight = new InFlight(config.maxInFlightPerTerminal());
        org.posnet.host.channel.ReplyOutbox outbox = new org.posnet.host.channel.ReplyOutbox();
        IssuerService issuerStarted = null;
        try {
            issuerStarted = links.issuerMode() == null ? null : new IssuerService(links.issuerMode(), authorizer, state, hsm,
                    config.policy(), config.maxFrameBytes(), config.idleTimeout(), authorizing);
            server = new TerminalServer(config.bind(), config.port(), config.maxFrameBytes(), config.idleTimeout(),
                    config.tls() == null ? null : TerminalServer.tls(config.tls().certificate(), config.tls().privateKey(),
                            config.tls().clientCa()),
                    registry.counter("posnet.host.tls.handshake_failures")::increment,
                    () -> new TerminalHandler(codec, authorizer, authorizing, inFlight, codes, recorder::record, outbox));
        } catch (RuntimeException e) {
            if (issuerStarted != null) {
                issuerStarted.close(); // started before the terminal port failed (a bad TLS file, a port in use)
            }
            if (remotes != null) {
                remotes.close();
            }
            if (workers != null) {
                workers.shutdownNow();
            }
            cacheReloader.shutdown();
            journal.close();
            ledger.close();
            throw e;
        }
        issuer = issuerStarted;
        if (snapshots.periodic()) {
            snapshotter = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "host-snapshot");
                t.setDaemon(true);
                return t;
            });
            long every = snapshots.every().toMillis();
            snapshotter.scheduleWithFixedDelay(this::periodicSnapshot, every, every, TimeUnit.MILLISECONDS);
        } else {
            snapshotter = null;
        }
        if (issuer != null) {
            FunctionCounter.builder("posnet.host.issuer.tls.handshake_failures", issuer, IssuerService::tlsHandshakeFailures)
                    .description("connections to the issuer port closed before a TLS handshake completed").register(registry);
        }
        log.info("event=host.listening bind={} port={} dialect={}", config.bind(), server.port(), dialect.name());
    }

    /** The port terminals connect to (the bound one when the config said 0). */
    public int port() {
        return server.port();
    }

    /**
     * A forwarded request owes the issuer a 0420 unless the acquirer journaled the issuer's answer and that
     * answer still stands: no entry (crash before journaling), a 98, or an approval since reversed. A sale
     * since voided or a pre-auth since completed stands (the void/completion went to the issuer itself).
     */
    private static boolean reversalOwed(HostState s, RequestKey key) {
        HostState.Answer a = s.answer(key);
        if (a == null || a.reason() == Reason.ISSUER_UNAVAILABLE) {
            return true;
        }
        if (!a.reason().approved()) {
            return false;
        }
        Txn t = s.txn(a.seq());
        return t == null || t.status() == Txn.Status.REVERSED;
    }

    /** Connections to the issuer-mode port closed before a TLS handshake completed (0 without issuer mode). */
    public long issuerTlsHandshakeFailures() {
        return issuer == null ? 0 : issuer.tlsHandshakeFailures();
    }

    /** The issuer-mode port for remote acquirers; -1 when issuer mode is off. */
    public int issuerPort() {
        return issuer == null ? -1 : issuer.port();
    }

    /** Reversal advices per link and status ({@code ARMED/DONE/PENDING/ACKED}); empty without links. */
    public java.util.Map<String, java.util.Map<String, Integer>> linkReversals() {
        return remotes == null ? java.util.Map.of() : remotes.reversalCounts();
    }

    /** Terminal parameter sets (the TMS updates them here) and status uploads. */
    public TerminalParameters terminalParameters() {
        return parameters;
    }

    /** The first journal seq this start read: 1 for the whole journal, more when it began from a state snapshot. */
    public long replayedFrom() {
        return replayedFrom;
    }

    /** For tests and operator views: reads the host's state under its lock. */
    public Authorizer authorizer() {
        return authorizer;
    }

    /** The double-entry ledger: {@code cutover(date)}, {@code check()}, {@code flush()}. */
    public Ledger ledger() {
        return ledger;
    }

    /** T+1 settlement of a closed business day, as API data. */
    public SettlementReport settlement(java.time.LocalDate businessDate) {
        return SettlementReport.of(ledger.store(), fleet, businessDate);
    }

    /** What this bank settles with other banks (links' issuers, remote acquirers) for a closed business day. */
    public org.posnet.host.ledger.InterbankPositions interbankPositions(java.time.LocalDate businessDate) {
        return org.posnet.host.ledger.InterbankPositions.of(ledger.store(), businessDate);
    }

    /** Writes the T+1 settlement CSV of a closed business day (format: {@link SettlementFile}). */
    public SettlementReport writeSettlementFile(java.time.LocalDate businessDate, java.nio.file.Path file) {
        return new SettlementFile(ledger.store(), fleet).write(businessDate, file);
    }

    /** The reserve-fund figures, after posting everything journaled so far. */
    public ReserveFigures reserveFigures() {
        ledger.flush();
        return ReserveFigures.of(ledger.store(), journal.durableSeq());
    }

    @Override
    public void close() {
        server.close();
        if (issuer != null) {
            issuer.close();
        }
        if (remotes != null) {
            remotes.close();
        }
        finish(workers, 5);
        // not interrupted: an interrupt in the middle of a query can close the database's file under it
        finish(cacheReloader, 5);
        // a periodic snapshot being written finishes first: the one below uses the same temporary file
        finish(snapshotter, 60);
        journal.close(); // its last commits still reach the ledger, which closes after it
        ledger.close();
        saveSnapshot();
    }

    /** Lets an executor (if any) finish what it runs, up to {@code seconds}, without interrupting it. */
    private static void finish(ExecutorService executor, int seconds) {
        if (executor == null) {
            return;
        }
        executor.shutdown();
        try {
            executor.awaitTermination(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A state snapshot while the host runs, when enough of the journal has grown since the last one: the state is
     * held (authorizations wait) while its last entry becomes durable and while it is frozen (its small parts
     * copied, the rest shared copy-on-write, HostState#freeze); it is written, synced and put in place after,
     * while the host authorizes on. A start after a crash then replays only what came after it.
     */
    void periodicSnapshot() {
        long since = journal.durableSeq() - snapshotSeq;
        if (!snapshots.due(since, java.time.LocalTime.now(clock.withZone(zone))) || journal.failed()) {
            return;
        }
        long started = System.nanoTime();
        long[] heldNanos = new long[1];
        try {
            StateSnapshot.Taken taken = authorizer.read(state -> {
                long locked = System.nanoTime();
                try {
                    // no entry is added while the state is held: only those already appended must become durable
                    if (!journal.awaitDurable(state.lastSeq(), java.time.Duration.ofSeconds(5))) {
                        return null;
                    }
                    return StateSnapshot.take(state, journal.read(state.lastSeq()));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                } finally {
                    heldNanos[0] = System.nanoTime() - locked;
                }
            });
            snapshotHeld.record(heldNanos[0], TimeUnit.NANOSECONDS);
            if (taken == null) {
                snapshotFailures.increment();
                log.warn("event=host.state_snapshot_skipped reason=\"the journal did not make the state's last entry durable in"
                        + " 5 s\" note=\"tried again in {}\"", snapshots.every());
                return;
            }
            StateSnapshot.Written written = taken.write(journalDir, journalCipher);
            written.commit();
            snapshotSeq = written.seq();
            log.info("event=host.state_snapshot_saved seq={} entries_since_last={} file_mb={} millis={} held_millis={}"
                    + " periodic=true", written.seq(), since, written.bytes() >> 20, (System.nanoTime() - started) / 1_000_000,
                    heldNanos[0] / 1_000_000);
        } catch (RuntimeException | java.io.IOException e) {
            snapshotFailures.increment();
            log.warn("event=host.state_snapshot_failed error=\"{}\" note=\"tried again in {}; a start after a crash replays from"
                    + " the last snapshot\"", e.toString(), snapshots.every());
        }
    }

    /** The journal's last durable seq. */
    public long journalDurableSeq() {
        return journal.durableSeq();
    }

    /** The seq of the last state snapshot this host wrote or started from (0: none). */
    public long snapshotSeq() {
        return snapshotSeq;
    }

    /**
     * The state as of the journal's last entry, for the next start to begin from (StateSnapshot). Only when every
     * entry the state holds is durable: a state ahead of its journal must not outlive the process.
     */
    private void saveSnapshot() {
        long started = System.nanoTime();
        try {
            long seq = authorizer.read(state -> {
                if (state.lastSeq() == 0) {
                    return 0L; // nothing journaled yet
                }
                if (journal.failed() || state.lastSeq() != journal.durableSeq()) {
                    return -1L;
                }
                try {
                    StateSnapshot.save(journalDir, state, journal.read(state.lastSeq()), journalCipher);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return state.lastSeq();
            });
            if (seq < 0) {
                log.warn("event=host.state_snapshot_skipped reason=\"not every entry of the state is durable\" note=\"the next start"
                        + " replays the journal from the last snapshot or its beginning\"");
            } else if (seq > 0) {
                snapshotSeq = seq;
                log.info("event=host.state_snapshot_saved seq={} millis={}", seq, (System.nanoTime() - started) / 1_000_000);
            }
        } catch (RuntimeException e) {
            log.warn("event=host.state_snapshot_failed error=\"{}\" note=\"the next start replays the journal from the last"
                    + " snapshot or its beginning\"", e.toString());
        }
    }

    private static void countReloadFailures(MeterRegistry registry, String cache, LongSupplier failures) {
        FunctionCounter.builder("posnet.host.cache.reload_failures", failures, LongSupplier::getAsLong).tag("cache", cache)
                .description("background re-reads of cached fleet data that failed").register(registry);
    }

    private static SecureRandom random() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }
}
