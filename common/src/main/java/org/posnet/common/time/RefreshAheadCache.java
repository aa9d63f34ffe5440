package org.posnet.common.time;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Values loaded from a slow source (a database), each trusted for {@code ttl} from when its load began.
 * A value read in the last quarter of its ttl is reloaded on {@code reloader} while the caller gets the
 * cached one at once, so a caller on an event loop waits for the source only on a key's first use. Past
 * its ttl (no reload finished in time: the source is slow or failing) the caller loads it itself, as a
 * plain TTL cache would: the ttl stays the bound on how stale a value can be.
 *
 * <p>A reload never overwrites a value put, updated or removed while it ran (that one is newer), and a
 * failed reload keeps the cached value, is logged and counted, and is retried no sooner than a sixteenth
 * of the ttl later. Values must not be null (use {@code Optional} for "not there").
 */
public final class RefreshAheadCache<K, V> {
    private static final Logger log = LoggerFactory.getLogger(RefreshAheadCache.class);

    /** A key to reload, and the entry it was asked for over. */
    private record Due<K, V>(K key, Entry<V> seen) {
    }

    /** A value and the tick its load began: equal values from different loads are different entries. */
    private static final class Entry<V> {
        final V value;
        final long loadedAt;

        Entry(V value, long loadedAt) {
            this.value = value;
            this.loadedAt = loadedAt;
        }
    }

    private final String name;
    private final Function<K, String> keyForLog;
    private final Function<K, V> loader;
    private final Ticker ticker;
    private final long ttlNanos;
    private final long refreshAfterNanos;
    private final Executor reloader;
    private final ConcurrentHashMap<K, Entry<V>> entries = new ConcurrentHashMap<>();
    /** Keys with a reload queued or running: one at a time per key. */
    private final Set<K> reloading = ConcurrentHashMap.newKeySet();
    /** Tick of a key's last failed reload, so a failing source is not asked again on every read. */
    private final ConcurrentHashMap<K, Long> failedAt = new ConcurrentHashMap<>();
    /** Reads the due keys, a batch at a time (the single loader, one key a batch, when none was given). */
    private final Function<List<K>, Map<K, V>> bulkLoader;
    private final int maxBatch;
    /** Reloads asked for and not yet run, for the bulk loader; {@link #draining} while a drain task is queued or running. */
    private final ConcurrentLinkedQueue<Due<K, V>> due = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicLong reloads = new AtomicLong();
    private final AtomicLong reloadFailures = new AtomicLong();

    /** With keys logged as they are (terminal ids, not secrets). */
    public RefreshAheadCache(String name, Function<K, V> loader, Ticker ticker, long ttlNanos, Executor reloader) {
        this(name, String::valueOf, loader, ticker, ttlNanos, reloader);
    }

    /**
     * @param name      what the values are, for the log ({@code terminals})
     * @param keyForLog how a key may appear in the log ({@code Redaction::pan} for card numbers)
     * @param loader    reads a key's value from the source (may throw; never returns null)
     * @param reloader  runs reloads off the callers' threads (a single background thread is plenty)
     */
    public RefreshAheadCache(String name, Function<K, String> keyForLog, Function<K, V> loader, Ticker ticker, long ttlNanos,
            Executor reloader) {
        this(name, keyForLog, loader, null, 0, ticker, ttlNanos, reloader);
    }

    /**
     * With reloads read {@code maxBatch} keys at a time by {@code bulkLoader}, which answers every key it is asked
     * (a thousand terminals in use re-read one by one would be a thousand queries every ttl on one thread).
     * A reader that must load a key itself (first use, past its ttl) still uses {@code loader}.
     */
    public RefreshAheadCache(String name, Function<K, String> keyForLog, Function<K, V> loader,
            Function<List<K>, Map<K, V>> bulkLoader, int maxBatch, Ticker ticker, long ttlNanos, Executor reloader) {
        if (bulkLoader != null && maxBatch < 1) {
            throw new IllegalArgumentException(name + ": a bulk loader needs a batch of at least 1");
        }
        // without a bulk loader a reload reads one key with the single loader: the same path, batches of one
        this.bulkLoader = bulkLoader != null ? bulkLoader : keys -> Map.of(keys.get(0), loader.apply(keys.get(0)));
        this.maxBatch = bulkLoader != null ? maxBatch : 1;
        if (ttlNanos < 0) {
            throw new IllegalArgumentException(name + ": ttl must not be negative");
        }
        this.name = name;
        this.keyForLog = keyForLog;
        this.loader = loader;
        this.ticker = ticker;
        this.ttlNanos = ttlNanos;
        this.refreshAfterNanos = ttlNanos - ttlNanos / 4;
        this.reloader = reloader;
    }

    /** The key's value: cached, or (first use, or past its ttl) loaded now by the caller. */
    public V get(K key) {
        long now = ticker.nanos();
        Entry<V> e = entries.get(key);
        if (e == null || now - e.loadedAt >= ttlNanos) {
            V v = Objects.requireNonNull(loader.apply(key), "loader returned null");
            entries.put(key, new Entry<>(v, now));
            return v;
        }
        if (now - e.loadedAt >= refreshAfterNanos && mayRetry(key, now) && reloading.add(key)) {
            due.add(new Due<>(key, e));
            if (draining.compareAndSet(false, true)) {
                try {
                    reloader.execute(this::drain);
                } catch (RejectedExecutionException closing) {
                    // shutting down: the ttl still bounds the values; the keys are free to be asked again
                    for (Due<K, V> d; (d = due.poll()) != null; ) {
                        reloading.remove(d.key());
                    }
                    draining.set(false);
                }
            }
        }
        return e.value;
    }

    /** Sets a value known to be current (just written to the source), trusted for a full ttl from now. */
    public void put(K key, V value) {
        entries.put(key, new Entry<>(Objects.requireNonNull(value), ticker.nanos()));
    }

    /** Changes a cached value in place (its ttl runs on from its load); nothing when the key is not cached. */
    public void update(K key, UnaryOperator<V> change) {
        entries.computeIfPresent(key, (k, e) -> new Entry<>(Objects.requireNonNull(change.apply(e.value)), e.loadedAt));
    }

    /** Forgets a key: its next read loads it. */
    public void remove(K key) {
        entries.remove(key);
    }

    /** Reloads run (successful or not), for tests and metrics. */
    public long reloads() {
        return reloads.get();
    }

    public long reloadFailures() {
        return reloadFailures.get();
    }

    /** Reloads whatever is due, a batch per bulk read, until nothing is. */
    private void drain() {
        while (true) {
            List<Due<K, V>> batch = new ArrayList<>();
            for (Due<K, V> d; batch.size() < maxBatch && (d = due.poll()) != null; ) {
                batch.add(d);
            }
            if (!batch.isEmpty()) {
                reloadAll(batch);
                continue;
            }
            draining.set(false);
            // a key queued after the poll above and before the flag dropped found a drain running: take it on
            if (due.isEmpty() || !draining.compareAndSet(false, true)) {
                return;
            }
        }
    }

    private void reloadAll(List<Due<K, V>> batch) {
        long started = ticker.nanos();
        List<K> keys = new ArrayList<>(batch.size());
        batch.forEach(d -> keys.add(d.key()));
        try {
            Map<K, V> values = bulkLoader.apply(keys);
            for (Due<K, V> d : batch) {
                V v = values.get(d.key());
                if (v == null) {
                    failed(d.key(), started, new IllegalStateException("the bulk read did not answer this key"));
                    continue;
                }
                Entry<V> fresh = new Entry<>(v, started);
                entries.computeIfPresent(d.key(), (k, current) -> current == d.seen() ? fresh : current);
                failedAt.remove(d.key());
            }
        } catch (RuntimeException e) {
            batch.forEach(d -> failed(d.key(), started, e));
        } finally {
            reloads.addAndGet(batch.size());
            batch.forEach(d -> reloading.remove(d.key()));
        }
    }

    private void failed(K key, long started, RuntimeException e) {
        reloadFailures.incrementAndGet();
        failedAt.put(key, started);
        log.warn("event=cache.reload_failed cache={} key={} error=\"{}\" note=\"the cached value is kept until its ttl\"",
                name, keyForLog.apply(key), org.posnet.common.crypto.Redaction.panRuns(e.toString()));
    }

    private boolean mayRetry(K key, long now) {
        Long failed = failedAt.get(key);
        return failed == null || now - failed >= ttlNanos / 16;
    }
}
