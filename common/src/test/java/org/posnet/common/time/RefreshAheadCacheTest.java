package org.posnet.common.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Reads before ¾ of the ttl are cached; later ones return the cached value and queue one reload; past the
 * ttl the reader loads. Reloads run when the test says ({@link #runReloads}), so every interleaving below
 * is exact, with no thread or sleep.
 */
class RefreshAheadCacheTest {
    private static final Duration TTL = Duration.ofSeconds(40);

    private final FakeTicker ticker = new FakeTicker();
    private final Map<String, String> source = new HashMap<>();
    private final AtomicInteger loads = new AtomicInteger();
    private final Queue<Runnable> queued = new ArrayDeque<>();
    private boolean sourceDown;
    private final Executor reloader = queued::add;
    private final RefreshAheadCache<String, String> cache = new RefreshAheadCache<>("test", key -> {
        loads.incrementAndGet();
        if (sourceDown) {
            throw new IllegalStateException("database unavailable");
        }
        return source.getOrDefault(key, "none");
    }, ticker, TTL.toNanos(), reloader);

    private void runReloads() {
        for (Runnable r; (r = queued.poll()) != null; ) {
            r.run();
        }
    }

    @Test
    void beforeThreeQuarters_theCachedValue_andNoQuery() {
        source.put("t1", "active");
        assertThat(cache.get("t1")).isEqualTo("active");
        source.put("t1", "suspended");
        ticker.advance(Duration.ofSeconds(29).plusMillis(999));
        assertThat(cache.get("t1")).isEqualTo("active");
        assertThat(loads).hasValue(1);
        assertThat(queued).isEmpty();
    }

    @Test
    void inTheLastQuarter_theReaderGetsTheCachedValue_andOneReloadFetchesTheNewOne() {
        source.put("t1", "active");
        cache.get("t1");
        source.put("t1", "suspended");
        ticker.advance(Duration.ofSeconds(30));

        assertThat(cache.get("t1")).isEqualTo("active");
        assertThat(cache.get("t1")).isEqualTo("active");
        assertThat(queued).hasSize(1); // one reload for both reads
        assertThat(loads).hasValue(1); // the reader did not query

        runReloads();
        assertThat(cache.get("t1")).isEqualTo("suspended");
        assertThat(loads).hasValue(2);
        assertThat(cache.reloads()).isEqualTo(1);

        // the reloaded value is trusted from when its reload began
        ticker.advance(Duration.ofSeconds(29));
        cache.get("t1");
        assertThat(queued).isEmpty();
    }

    @Test
    void pastTheTtl_withTheReloadNotYetRun_theReaderLoads() {
        source.put("t1", "active");
        cache.get("t1");
        ticker.advance(Duration.ofSeconds(35));
        cache.get("t1"); // queues a reload that does not run in time
        source.put("t1", "suspended");
        ticker.advance(Duration.ofSeconds(5));

        assertThat(cache.get("t1")).isEqualTo("suspended");
        assertThat(loads).hasValue(2);
        runReloads(); // late, over an entry that is no longer the one it was asked for: dropped
        assertThat(cache.get("t1")).isEqualTo("suspended");
    }

    @Test
    void aReload_neverOverwrites_aValuePutOrUpdatedOrRemovedWhileItRan() {
        source.put("t1", "v1");
        cache.get("t1");
        ticker.advance(Duration.ofSeconds(31));
        cache.get("t1");
        cache.put("t1", "written-by-host"); // the source got it too, after the reload read it
        runReloads();
        assertThat(cache.get("t1")).isEqualTo("written-by-host");

        ticker.advance(Duration.ofSeconds(31));
        cache.get("t1");
        cache.update("t1", v -> v + "+held");
        runReloads();
        assertThat(cache.get("t1")).isEqualTo("written-by-host+held");

        ticker.advance(Duration.ofSeconds(31));
        cache.get("t1");
        cache.remove("t1");
        runReloads();
        source.put("t1", "v2");
        assertThat(cache.get("t1")).isEqualTo("v2"); // loaded by the reader, not resurrected by the reload
    }

    @Test
    void anUpdate_keepsTheValuesTtl_andDoesNotAddAKey() {
        cache.update("absent", v -> "x");
        source.put("t1", "v1");
        assertThat(cache.get("absent")).isEqualTo("none");
        cache.get("t1");
        ticker.advance(Duration.ofSeconds(20));
        cache.update("t1", v -> v + "'");
        ticker.advance(Duration.ofSeconds(20));
        source.put("t1", "v2");
        assertThat(cache.get("t1")).isEqualTo("v2"); // 40 s after its load, not 20 after the update
    }

    @Test
    void aFailedReload_keepsTheValue_isCounted_andIsRetriedAfterASixteenthOfTheTtl() {
        source.put("t1", "active");
        cache.get("t1");
        ticker.advance(Duration.ofSeconds(30));
        sourceDown = true;
        cache.get("t1");
        runReloads();
        assertThat(cache.reloadFailures()).isEqualTo(1);
        assertThat(cache.get("t1")).isEqualTo("active");
        assertThat(queued).isEmpty(); // not asked again at once

        ticker.advance(TTL.dividedBy(16));
        sourceDown = false;
        source.put("t1", "suspended");
        cache.get("t1");
        assertThat(queued).hasSize(1);
        runReloads();
        assertThat(cache.get("t1")).isEqualTo("suspended");
    }

    @Test
    void aFailedReload_logsTheKeyAsAskedAndNoCardNumberFromTheError() {
        String pan = "6222021234567890123";
        ch.qos.logback.classic.Logger logger =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(RefreshAheadCache.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
                new ch.qos.logback.core.read.ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        try {
            RefreshAheadCache<String, String> cards = new RefreshAheadCache<>("card-statuses",
                    org.posnet.common.crypto.Redaction::pan, k -> {
                        if (sourceDown) {
                            // as a database driver words it: the statement's arguments quoted
                            throw new IllegalStateException("query failed, arguments:{named:{pan:" + k + "}}");
                        }
                        return "active";
                    }, ticker, TTL.toNanos(), reloader);
            cards.get(pan);
            ticker.advance(Duration.ofSeconds(30));
            sourceDown = true;
            cards.get(pan);
            runReloads();
        } finally {
            logger.detachAppender(logs);
        }
        assertThat(logs.list).hasSize(1);
        String line = logs.list.get(0).getFormattedMessage();
        assertThat(line).contains("cache=card-statuses", "key=622202*********0123", "pan:622202*********0123")
                .doesNotContain(pan);
    }

    @Test
    void aRejectedReload_leavesTheKeyFreeToReloadLater() {
        AtomicInteger offered = new AtomicInteger();
        RefreshAheadCache<String, String> closing = new RefreshAheadCache<>("test", k -> "v", ticker, TTL.toNanos(), r -> {
            offered.incrementAndGet();
            throw new RejectedExecutionException("shut down");
        });
        closing.get("t1");
        ticker.advance(Duration.ofSeconds(31));
        assertThat(closing.get("t1")).isEqualTo("v");
        assertThat(closing.get("t1")).isEqualTo("v");
        assertThat(offered).hasValue(2);
    }

    @Test
    void aBulkLoader_readsTheDueKeysInBatches_andALeftOutKeyIsAFailureOfItsOwn() {
        java.util.List<java.util.List<String>> asked = new java.util.ArrayList<>();
        RefreshAheadCache<String, String> bulk = new RefreshAheadCache<>("test", String::valueOf, k -> {
            loads.incrementAndGet();
            return source.getOrDefault(k, "none");
        }, keys -> {
            asked.add(keys);
            java.util.Map<String, String> out = new HashMap<>();
            keys.stream().filter(k -> !k.equals("t4")).forEach(k -> out.put(k, source.getOrDefault(k, "none")));
            return out;
        }, 2, ticker, TTL.toNanos(), reloader);
        for (String k : new String[] {"t1", "t2", "t3", "t4"}) {
            source.put(k, "old");
            bulk.get(k);
        }
        source.replaceAll((k, v) -> "new");
        ticker.advance(Duration.ofSeconds(31));
        for (String k : new String[] {"t1", "t2", "t3", "t4"}) {
            assertThat(bulk.get(k)).isEqualTo("old");
        }
        assertThat(queued).hasSize(1); // one drain for all four
        runReloads();
        assertThat(asked).containsExactly(java.util.List.of("t1", "t2"), java.util.List.of("t3", "t4"));
        assertThat(bulk.get("t1")).isEqualTo("new");
        assertThat(bulk.get("t3")).isEqualTo("new");
        assertThat(bulk.get("t4")).isEqualTo("old"); // not answered: kept, counted, retried later
        assertThat(bulk.reloadFailures()).isEqualTo(1);
        assertThat(bulk.reloads()).isEqualTo(4);
        assertThat(loads).hasValue(4); // only the first reads were the readers'

        ticker.advance(TTL.dividedBy(16));
        bulk.get("t4");
        assertThat(queued).hasSize(1); // a drain again, for t4 alone
    }

    @Test
    void aBulkReadThatThrows_keepsEveryValue() {
        RefreshAheadCache<String, String> bulk = new RefreshAheadCache<>("test", String::valueOf, k -> "v", keys -> {
            throw new IllegalStateException("database unavailable");
        }, 10, ticker, TTL.toNanos(), reloader);
        bulk.get("t1");
        bulk.get("t2");
        ticker.advance(Duration.ofSeconds(31));
        bulk.get("t1");
        bulk.get("t2");
        runReloads();
        assertThat(bulk.reloadFailures()).isEqualTo(2);
        assertThat(bulk.get("t1")).isEqualTo("v");
    }

    @Test
    void aZeroTtl_loadsOnEveryRead() {
        RefreshAheadCache<String, String> none = new RefreshAheadCache<>("test", k -> {
            loads.incrementAndGet();
            return "v";
        }, ticker, 0, reloader);
        none.get("t1");
        none.get("t1");
        assertThat(loads).hasValue(2);
        assertThat(queued).isEmpty();
    }
}
