package org.posnet.host;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.posnet.common.crypto.Redaction;
import org.posnet.common.event.Event;
import org.posnet.common.event.EventBus;
import org.posnet.host.auth.JournalEntry;
import org.posnet.host.auth.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each answer into its metrics ({@code posnet_transactions_total{type,code}},
 * {@code posnet_transaction_seconds}), one masked log line, and — for journaled facts, not repeats —
 * an event on the bus, built only when a subscriber hears its type.
 */
final class TransactionRecorder {
    private static final Logger log = LoggerFactory.getLogger("org.posnet.host.txn");

    private final MeterRegistry registry;
    private final EventBus bus;
    private final Timer timer;
    /**
     * Counters by type (ordinal + 1; 0 for unrouted) and then code, registered once: a builder and registry
     * lookup per sale, or even a joined key string, costs more than the count.
     */
    @SuppressWarnings("unchecked")
    private final java.util.concurrent.ConcurrentHashMap<String, Counter>[] counters =
            new java.util.concurrent.ConcurrentHashMap[org.posnet.host.auth.TxnType.values().length + 1];

    TransactionRecorder(MeterRegistry registry, EventBus bus) {
        this.registry = registry;
        this.bus = bus;
        for (int i = 0; i < counters.length; i++) {
            counters[i] = new java.util.concurrent.ConcurrentHashMap<>();
        }
        this.timer = Timer.builder("posnet.transaction")
                .description("time from a frame's arrival to its reply being handed to the channel")
                .publishPercentileHistogram()
                .register(registry);
    }

    void record(Outcome o, String terminal, long nanos) {
        String type = o.type() == null ? "unrouted" : o.type().label();
        java.util.concurrent.ConcurrentHashMap<String, Counter> byCode = counters[o.type() == null ? 0 : o.type().ordinal() + 1];
        byCode.computeIfAbsent(o.code(), code -> Counter.builder("posnet.transactions").tag("type", type)
                .tag("code", code).register(registry)).increment();
        timer.record(nanos, TimeUnit.NANOSECONDS);
        // One line per transaction at DEBUG: the journal is the record; INFO would cost more than the sale.
        log.debug("event=host.txn type={} terminal={} code={} reason={} repeat={} micros={}", type, terminal, o.code(),
                o.reason(), o.repeat(), nanos / 1000);
        JournalEntry e = o.entry();
        if (e == null || o.repeat()) {
            return;
        }
        String eventType = eventType(e);
        if (!bus.wants(eventType)) {
            return; // nobody hears it: building it was a tenth of the journal thread's time a sale
        }
        // built as the immutable map the event keeps (Event copies any other map once more)
        java.util.List<Map.Entry<String, Object>> fields = new java.util.ArrayList<>(12);
        fields.add(Map.entry("type", type));
        fields.add(Map.entry("terminal", e.terminal()));
        fields.add(Map.entry("merchant", e.merchant()));
        fields.add(Map.entry("batch", e.batch()));
        fields.add(Map.entry("trace", e.trace()));
        fields.add(Map.entry("code", e.responseCode()));
        fields.add(Map.entry("reason", e.reason().name()));
        fields.add(Map.entry("seq", e.seq()));
        if (e.pan() != null) {
            fields.add(Map.entry("pan", Redaction.pan(e.pan())));
        }
        if (e.amountFen() != 0 && o.type() != org.posnet.host.auth.TxnType.BATCH_UPLOAD) {
            fields.add(Map.entry("amountFen", e.amountFen()));
        }
        if (e.rrn() != null) {
            fields.add(Map.entry("rrn", e.rrn()));
        }
        if (e.type() == org.posnet.host.auth.TxnType.SETTLEMENT) {
            fields.add(Map.entry("balanced", e.detail() != null && e.detail().startsWith("balanced")));
        }
        @SuppressWarnings("unchecked")
        Map.Entry<String, Object>[] entries = fields.toArray(new Map.Entry[0]);
        Map<String, Object> payload = Map.ofEntries(entries);
        bus.publish(Event.of(eventType, e.terminal(), payload));
    }

    private static String eventType(JournalEntry e) {
        return switch (e.type()) {
            case SIGN_ON -> "host.terminal.signed_on";
            case SIGN_OFF -> "host.terminal.signed_off";
            case SETTLEMENT -> "host.batch.settled";
            case BATCH_UPLOAD -> "host.batch.uploaded";
            default -> e.reason().approved() ? "host.txn.approved" : "host.txn.declined";
        };
    }
}
