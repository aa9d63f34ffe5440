package org.posnet.host.link;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.posnet.host.auth.Reason;
import org.posnet.host.auth.RemoteIssuer;
import org.posnet.host.auth.RequestKey;
import org.posnet.host.auth.ResponseCodes;
import org.posnet.host.hsm.Hsm;
import org.posnet.host.hsm.HsmError;
import org.posnet.host.hsm.HsmException;
import org.posnet.host.hsm.KeyUnderLmk;
import org.posnet.host.iso.IsoCodec;
import org.posnet.host.iso.IsoDecodeException;
import org.posnet.host.iso.IsoMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One outbound link: maps a terminal request (see {@link Forwarded}) to the link message of the same MTI
 * (PIN translated PIK → ZPK inside the HSM, link STAN/RRN from the armed reversal row, fields 7 and 32;
 * a void's, refund's or completion's 61/37 rewritten to the original's link STAN/RRN), sends it with the per-request timeout, and
 * runs the store-and-forward loop that sends each owed 0420 until the issuer answers 0430, with
 * exponential backoff. The 0420 is stored byte-for-byte at arming, so every repeat is identical and the
 * issuer answers repeats from its journal instead of reversing twice.
 *
 * <p>Database writes after the request left (DONE / PENDING) run on the link's own thread, never on the
 * journal writer's or a worker's.
 */
final class IssuerLink implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IssuerLink.class);
    private static final DateTimeFormatter F7 = DateTimeFormatter.ofPattern("MMddHHmmss").withZone(ZoneOffset.UTC);
    /**
     * Copied from the terminal's request when present (38: a completion's or pre-auth void's quoted
     * authorization code, which is the issuer's own); the rest is the link's own or not forwarded.
     */
    private static final int[] COPIED = {3, 4, 22, 25, 38, 41, 42, 49, 60};

    final RemoteIssuerConfig config;
    private final Hsm hsm;
    private final IsoCodec codec;
    private final ResponseCodes codes;
    private final KeyUnderLmk zpk;
    private final LinkMac mac;
    private final LinkClient client;
    private final ReversalStore store;
    private final Clock clock = Clock.systemUTC();
    private final ScheduledExecutorService thread;

    /** How long a final row is kept: the host's retention, past which no request can name its original. */
    private final Duration keepRows;

    IssuerLink(RemoteIssuerConfig config, Hsm hsm, IsoCodec codec, ResponseCodes codes, KeyUnderLmk zpk, LinkMac mac,
            ReversalStore store, Duration keepRows) {
        this.config = config;
        this.keepRows = keepRows;
        this.hsm = hsm;
        this.codec = codec;
        this.codes = codes;
        this.zpk = zpk;
        this.mac = mac;
        this.store = store;
        // TLS files are read here, once: a bad one fails the host's start naming host.links[name].tls.<key>
        this.client = new LinkClient(config.name(), config.host(), config.port(), codec, config.timeout(),
                config.tls() == null ? null : LinkTls.clientContext(config.name(), config.tls()));
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "host-link-saf-" + config.name());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Settles the rows a previous run left open from what the journal says (owed → PENDING, answered →
     * DONE), then starts the store-and-forward loop.
     */
    void start(Predicate<RequestKey> reversalOwed) {
        int owed = 0;
        for (ReversalStore.Open row : store.unsettled(config.name())) {
            if (reversalOwed.test(ReversalStore.key(row.requestKey()))) {
                store.owe(row.id(), clock.instant());
                owed++;
            } else if (row.status().equals(ReversalStore.ARMED)) {
                store.done(row.id());
            }
        }
        log.info("event=host.link.started link={} remote={}:{} reversals_owed_at_start={}", config.name(), config.host(),
                config.port(), owed);
        long every = Math.max(50, Math.min(config.retryInitial().toMillis(), 1000));
        thread.scheduleWithFixedDelay(this::sendDue, 0, every, TimeUnit.MILLISECONDS);
        thread.scheduleWithFixedDelay(this::pruneRows, 0, 1, TimeUnit.HOURS);
    }

    /** Drops the final rows older than the retention, so the table holds weeks of forwarded requests, not years. */
    private void pruneRows() {
        safely(() -> {
            int gone = store.prune(config.name(), clock.instant().minus(keepRows));
            if (gone > 0) {
                log.info("event=host.link.rows_pruned link={} rows={} older_than_days={}", config.name(), gone, keepRows.toDays());
            }
        });
    }

    CompletableFuture<RemoteIssuer.Answer> forward(RemoteIssuer.Forward f) {
        Forwarded kind = Forwarded.of(f.request(), codec.dialect().subfields(60));
        if (kind == null) {
            // the authorizer forwards only routes with remote steps, all of which are listed in Forwarded
            log.error("event=host.link.not_forwardable link={} mti={}", config.name(), f.request().mti());
            return CompletableFuture.completedFuture(new RemoteIssuer.Answer(Reason.INVALID_TRANSACTION, null, 0));
        }
        IsoMessage original = null;
        if (kind.referring()) {
            try {
                original = forwardedOriginal(f, kind);
            } catch (RuntimeException | IsoDecodeException e) {
                log.error("event=host.link.original_lookup_failed link={} error=\"{}\"", config.name(), e.toString());
                return CompletableFuture.completedFuture(new RemoteIssuer.Answer(Reason.SYSTEM_ERROR, null, 0));
            }
            if (original == null) {
                // the acquirer journaled the original but no link reference for it: nothing the issuer could find
                log.warn("event=host.link.original_unknown link={} type={} terminal={} trace={} action=answer_25", config.name(),
                        kind.name().toLowerCase(java.util.Locale.ROOT), f.key().terminal(), f.key().trace());
                return CompletableFuture.completedFuture(new RemoteIssuer.Answer(Reason.ORIGINAL_NOT_FOUND, null, 0));
            }
        }
        byte[] pinUnderZpk = null;
        if (f.request().has(52)) {
            try {
                pinUnderZpk = hsm.translatePin(f.pik(), f.request().bytes(52), f.pan(), zpk);
            } catch (HsmException e) {
                // nothing left the acquirer: answered here, no reversal to arm
                boolean format = e.error() == HsmError.PIN_FORMAT || e.error() == HsmError.BAD_INPUT;
                log.warn("event=host.link.pin_translate_failed link={} error={}", config.name(), e.error());
                return CompletableFuture.completedFuture(new RemoteIssuer.Answer(format ? Reason.PIN_FORMAT : Reason.SYSTEM_ERROR, null, 0));
            }
        }
        long id;
        IsoMessage request;
        try {
            id = kind.reversible() ? store.arm(config.name(), f.key(), clock.instant())
                    : store.numberInquiry(config.name(), f.key(), clock.instant());
            String stan = org.posnet.common.text.Digits.zeroPadded((id - 1) % 999_999 + 1, 6);
            String f7 = F7.format(f.now());
            request = linkRequest(f, stan, org.posnet.common.text.Digits.zeroPadded(id % 1_000_000_000_000L, 12), f7, pinUnderZpk, original);
            if (kind.reversible()) {
                IsoMessage advice = request.without(52).without(26).without(53).without(14).withMti("0420")
                        .with(90, request.mti() + stan + f7 + zeros(config.acquirerInstitution()) + "00000000000");
                store.advice(id, HexFormat.of().formatHex(codec.encode(advice)));
            }
            request = mac.sign(request);
        } catch (RuntimeException | HsmException e) {
            // before the request left: nothing can have been approved at the issuer
            log.error("event=host.link.arm_failed link={} error=\"{}\"", config.name(), e.toString());
            return CompletableFuture.completedFuture(new RemoteIssuer.Answer(Reason.SYSTEM_ERROR, null, 0));
        }
        return client.exchange(request, config.timeout()).handle((reply, failure) -> {
            if (failure == null) {
                try {
                    if (mac.verify(reply)) {
                        Reason reason = codes.reasonOf(reply.string(39));
                        if (reason.needsSignOn() && reason != Reason.ISSUER_UNAVAILABLE) {
                            reason = Reason.SYSTEM_ERROR; // the link's keys, not the terminal's: no sign-on request
                        }
                        java.util.Map<Integer, String> fields = new java.util.HashMap<>();
                        if (reason.approved() && reply.has(54)) {
                            fields.put(54, reply.string(54)); // an inquiry's balance, as the issuer reported it
                        }
                        return new RemoteIssuer.Answer(reason, reason.approved() ? reply.string(38) : null, id, fields);
                    }
                    log.warn("event=host.link.bad_mac link={} stan={} action=reverse", config.name(), reply.string(11));
                } catch (HsmException e) {
                    log.error("event=host.link.mac_check_failed link={} error={}", config.name(), e.error());
                }
            } else {
                log.warn("event=host.link.no_answer link={} id={} after_millis={} cause={} action=98{}", config.name(),
                        id, config.timeout().toMillis(), failure instanceof TimeoutException ? "timeout" : failure.toString(),
                        kind.reversible() ? "_and_reverse" : "");
            }
            if (kind.reversible()) {
                owe(id);
            }
            return new RemoteIssuer.Answer(Reason.ISSUER_UNAVAILABLE, null, id);
        });
    }

    /**
     * The link message the original of a void, refund or completion went out as (its stored 0420, which
     * carries the link STAN and the 37 it was sent with), or null when this link forwarded no such request.
     * Field 61 names the original by the terminal's batch and trace; the acquirer's request key of the
     * original is those under the original's MTI.
     */
    private IsoMessage forwardedOriginal(RemoteIssuer.Forward f, Forwarded kind) throws IsoDecodeException {
        String f61 = f.request().string(61);
        if (f61 == null || f61.length() < 12) {
            return null;
        }
        RequestKey originalKey = new RequestKey(kind.originalMti, f.key().terminal(), f.key().merchant(), f61.substring(0, 6),
                f61.substring(6, 12));
        String hex = store.forwardedAdvice(config.name(), originalKey);
        return hex == null ? null : codec.decodeMessage(HexFormat.of().parseHex(hex));
    }

    private IsoMessage linkRequest(RemoteIssuer.Forward f, String stan, String rrn, String f7, byte[] pinUnderZpk,
            IsoMessage original) {
        IsoMessage t = f.request();
        IsoMessage.Builder b = IsoMessage.builder(t.mti()).with(2, f.pan()).with(7, f7).with(11, stan)
                .with(32, config.acquirerInstitution()).with(37, rrn);
        for (int n : COPIED) {
            if (t.has(n)) {
                b.with(n, t.string(n));
            }
        }
        if (original != null) {
            // the issuer journaled the original under the link's STAN and RRN, not the terminal's: 61 keeps the
            // terminal's batch (the link's 60.2 is the terminal's) and date, with the original's link STAN;
            // 37 is the RRN the original carried on the link (a completion's is its pre-auth's, as on-us)
            String f61 = t.string(61);
            b.with(61, f61.substring(0, 6) + original.string(11) + f61.substring(12));
            b.with(37, original.string(37));
        }
        String expiry = t.string(14);
        String track = t.string(35);
        if (expiry == null && track != null && track.indexOf('D') > 0 && track.length() >= track.indexOf('D') + 5) {
            expiry = track.substring(track.indexOf('D') + 1, track.indexOf('D') + 5);
        }
        if (expiry != null) {
            b.with(14, expiry);
        }
        if (pinUnderZpk != null) {
            b.with(52, pinUnderZpk);
            for (int n : new int[] {26, 53}) {
                if (t.has(n)) {
                    b.with(n, t.string(n));
                }
            }
        }
        return b.build();
    }

    private static String zeros(String digits) {
        return "0".repeat(11 - digits.length()) + digits;
    }

    /** The acquirer journaled its answer: an issuer's answer needs no reversal, a 98 does. */
    void answered(long id, Reason reason) {
        thread.execute(() -> safely(() -> {
            if (reason == Reason.ISSUER_UNAVAILABLE) {
                store.owe(id, clock.instant());
            } else {
                store.done(id);
            }
        }));
    }

    void owe(long id) {
        thread.execute(() -> safely(() -> store.owe(id, clock.instant())));
    }

    void reversed(RequestKey original) {
        thread.execute(() -> safely(() -> {
            if (store.oweByKey(original, clock.instant())) {
                log.info("event=host.link.reversal_owed link={} cause=terminal_reversal terminal={} trace={}", config.name(),
                        original.terminal(), original.trace());
                sendDue();
            }
        }));
    }

    /** Sends every due 0420 in order; stops at the first failure (the others would wait out the same dead link). */
    private void sendDue() {
        safely(() -> {
            for (ReversalStore.Due d : store.due(config.name(), clock.instant(), 50)) {
                if (!send(d)) {
                    Duration wait = backoff(d.attempts());
                    store.retryAt(d.id(), clock.instant().plus(wait));
                    log.warn("event=host.link.reversal_retry link={} id={} attempts={} next_in_millis={}", config.name(), d.id(),
                            d.attempts() + 1, wait.toMillis());
                    return;
                }
                store.acked(d.id(), clock.instant());
                log.info("event=host.link.reversal_acked link={} id={} attempts={}", config.name(), d.id(), d.attempts() + 1);
            }
        });
    }

    private boolean send(ReversalStore.Due d) {
        try {
            IsoMessage advice = mac.sign(codec.decodeMessage(HexFormat.of().parseHex(d.adviceHex())));
            IsoMessage reply = client.exchange(advice, config.timeout()).get();
            // any 0430 acknowledges the advice (that is what an advice response means); its MAC must hold
            return reply.mti().equals("0430") && mac.verify(reply);
        } catch (IsoDecodeException e) {
            throw new IllegalStateException("stored 0420 " + d.id() + " does not decode: " + e.getMessage());
        } catch (HsmException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    Duration backoff(int attempts) {
        long millis = config.retryInitial().toMillis() << Math.min(attempts, 20);
        return Duration.ofMillis(Math.min(millis, config.retryMax().toMillis()));
    }

    private void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            // the next tick retries; the rows are durable, so nothing is lost by skipping this one
            log.error("event=host.link.saf_failed link={} error=\"{}\"", config.name(), e.toString());
        }
    }

    /** Reversal rows by status (tests, operator views). */
    java.util.Map<String, Integer> reversalCounts() {
        return store.counts(config.name());
    }

    int longestBin(String pan) {
        int best = 0;
        for (String bin : config.bins()) {
            if (pan.startsWith(bin) && bin.length() > best) {
                best = bin.length();
            }
        }
        return best;
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.close();
    }
}
