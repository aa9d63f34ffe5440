package org.posnet.host.auth;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import org.posnet.host.hsm.Hsm;
import org.posnet.host.hsm.HsmException;
import org.posnet.host.hsm.MacAlgorithm;
import org.posnet.host.iso.IsoCodec;
import org.posnet.host.iso.IsoDecodeException;
import org.posnet.host.iso.IsoFrame;
import org.posnet.host.iso.IsoMessage;
import org.posnet.host.iso.ProcessingRequirement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a request through its route's steps and answers it. Terminal and card lookups happen first,
 * outside the lock (they may read the database); the steps, the journal append and the state change run
 * under one lock so the state a step reads is the state the entry is applied to, and entries reach the
 * journal in seq order. The reply leaves only when its entry is durable; if the journal fails the
 * terminal gets 96 instead (and will reverse), never an approval that a restart would not know.
 */
public final class Authorizer {
    private static final Logger log = LoggerFactory.getLogger(Authorizer.class);
    /** Not echoed in replies: card secrets, request-only and MAC fields. */
    private static final Set<Integer> NOT_ECHOED = Set.of(14, 22, 26, 35, 36, 48, 52, 53, 55, 62, 63, 64);

    private final RouteTable routes;
    private final HostState state;
    private final Journal journal;
    private final TerminalDirectory terminals;
    private final CardDirectory cards;
    private final Hsm hsm;
    private final IsoCodec codec;
    private final ResponseCodes codes;
    private final AuthPolicy policy;
    private final Clock clock;
    /** Shared with {@link #forLink}: one state, one seq order, one lock. */
    private final ReentrantLock lock;
    /** Issuer mode: answers a remote acquirer's requests (its entries name that acquirer). */
    private final boolean forLink;
    /** Null when no BIN is routed to a remote issuer. */
    private final RemoteIssuer remote;
    /** Parameter versions for the reply header; {@link TerminalManagement#NONE} without terminal management. */
    private final TerminalManagement tms;
    /** Forwarded requests awaiting the issuer: a terminal's retransmission joins the first copy's answer. */
    private final java.util.concurrent.ConcurrentHashMap<RequestKey, CompletableFuture<Outcome>> forwarding =
            new java.util.concurrent.ConcurrentHashMap<>();

    public Authorizer(RouteTable routes, HostState state, Journal journal, TerminalDirectory terminals, CardDirectory cards,
            Hsm hsm, IsoCodec codec, ResponseCodes codes, AuthPolicy policy, Clock clock) {
        this(routes, state, journal, terminals, cards, hsm, codec, codes, policy, clock, null, TerminalManagement.NONE,
                new ReentrantLock(), false);
    }

    /** An acquirer that forwards the BINs {@code remote} serves to their issuer (see {@link RemoteIssuer}). */
    public Authorizer(RouteTable routes, HostState state, Journal journal, TerminalDirectory terminals, CardDirectory cards,
            Hsm hsm, IsoCodec codec, ResponseCodes codes, AuthPolicy policy, Clock clock, RemoteIssuer remote) {
        this(routes, state, journal, terminals, cards, hsm, codec, codes, policy, clock, remote, TerminalManagement.NONE,
                new ReentrantLock(), false);
    }

    /** With terminal management: replies ask a terminal holding an older parameter set to download it. */
    public Authorizer(RouteTable routes, HostState state, Journal journal, TerminalDirectory terminals, CardDirectory cards,
            Hsm hsm, IsoCodec codec, ResponseCodes codes, AuthPolicy policy, Clock clock, RemoteIssuer remote,
            TerminalManagement tms) {
        this(routes, state, journal, terminals, cards, hsm, codec, codes, policy, clock, remote, tms, new ReentrantLock(), false);
    }

    private Authorizer(RouteTable routes, HostState state, Journal journal, TerminalDirectory terminals, CardDirectory cards,
            Hsm hsm, IsoCodec codec, ResponseCodes codes, AuthPolicy policy, Clock clock, RemoteIssuer remote,
            TerminalManagement tms, ReentrantLock lock, boolean forLink) {
        this.lock = lock;
        this.forLink = forLink;
        this.tms = tms;
        this.remote = remote;
        this.routes = routes;
        this.state = state;
        this.journal = journal;
        this.terminals = terminals;
        this.cards = cards;
        this.hsm = hsm;
        this.codec = codec;
        this.codes = codes;
        this.policy = policy;
        this.clock = clock;
    }

    /** Answers one decoded frame; the future completes when the reply may be sent. */
    public CompletableFuture<Outcome> authorize(IsoFrame frame) {
        IsoMessage m = frame.message();
        if (!isRequestMti(m.mti())) {
            return CompletableFuture.completedFuture(new Outcome(null, null, Reason.INVALID_TRANSACTION,
                    codes.code(Reason.INVALID_TRANSACTION), null, false));
        }
        RouteTable.Routing routing = routes.route(m);
        if (routing.route() == null) {
            return done(frame, null, routing.refusal(), null);
        }
        Instant now = clock.instant();
        Exchange x = new Exchange(frame, routing.route(), routing.type60(), routing.batch(), routing.networkCode(), now,
                LocalDateTime.ofInstant(now, policy.zone()));
        for (int n : routing.route().requiredFields()) {
            if (!m.has(n)) {
                return done(frame, x, Reason.FORMAT_ERROR, null);
            }
        }
        if (journal.failed()) {
            return done(frame, x, Reason.SYSTEM_ERROR, null);
        }
        x.terminal = terminals.find(x.terminalId()).orElse(null);
        if (x.terminal != null) {
            x.parametersOutdated = tms.outdated(x.terminalId());
        }
        if (x.type().terminalManagement()) {
            // no state, no journal: the parameter store is the record, and it may be slow, so no lock
            Reason reason = runSteps(x, x.route.steps());
            return done(frame, x, reason == null ? Reason.APPROVED : reason, null);
        }
        String pan = x.pan();
        if (pan != null && Luhn.valid(pan)) {
            x.card = cards.find(pan).orElse(null);
            if (x.card != null) {
                x.cardStatus = cards.status(pan);
            }
        }
        x.canonicalIds();
        x.macBlock = codec.macBlock(m);
        x.fingerprint = fingerprint(x.macBlock);
        String remotePan = remote == null || x.card != null ? null : remotePan(x, pan);
        if (remotePan != null) {
            return forward(frame, x, remotePan);
        }

        lock.lock();
        try {
            x.session = state.session(x.terminalId());
            x.canonicalIds();
            Reason reason = runSteps(x, x.route.steps());
            if (x.repeat == null) {
                return conclude(frame, x, reason);
            }
        } finally {
            lock.unlock();
        }
        return repeat(frame, x);
    }

    /**
     * Issuer mode: an authorizer for requests from a remote acquirer over the link, with the link's routes
     * and codec, sharing this one's state, journal and lock (so seqs stay in order). The acquirer's
     * terminals are not ours: no terminal is looked up and no terminal MAC is added (the link adds its own).
     */
    public Authorizer forLink(RouteTable linkRoutes, IsoCodec linkCodec) {
        return new Authorizer(linkRoutes, state, journal, id -> java.util.Optional.empty(), cards, hsm, linkCodec, codes, policy,
                clock, null, TerminalManagement.NONE, lock, true);
    }

    private Reason runSteps(Exchange x, java.util.List<Step> steps) {
        try {
            for (Step step : steps) {
                Reason reason = step.run(x);
                if (reason != null) {
                    return reason;
                }
            }
            return null;
        } catch (HsmException e) {
            log.error("event=host.hsm_refused type={} terminal={} error=\"{}\"", x.type().label(), x.terminalId(), e.getMessage());
            return Reason.SYSTEM_ERROR;
        }
    }

    /**
     * A card of a remote issuer: the acquirer's checks under the lock, then the link outside it, then the
     * issuer's answer journaled under the lock like any other. Between the two, a retransmission of the same
     * request waits for the first copy's answer instead of going out twice.
     */
    private CompletableFuture<Outcome> forward(IsoFrame frame, Exchange x, String pan) {
        x.issuer = remote.linkFor(pan);
        lock.lock();
        try {
            x.session = state.session(x.terminalId());
            x.canonicalIds();
            Reason reason = runSteps(x, routes.remoteSteps(x.type()));
            if (reason != null && x.repeat == null) {
                return conclude(frame, x, reason);
            }
        } finally {
            lock.unlock();
        }
        if (x.repeat != null) {
            return repeat(frame, x);
        }
        RequestKey key = x.key();
        CompletableFuture<Outcome> mine = new CompletableFuture<>();
        CompletableFuture<Outcome> first = forwarding.putIfAbsent(key, mine);
        if (first != null) {
            return first;
        }
        remote.forward(new RemoteIssuer.Forward(key, x.request, pan, x.session.pik(), x.now))
                .thenCompose(answer -> {
                    lock.lock();
                    try {
                        x.remoteHandle = answer.handle();
                        Reason reason = answer.reason();
                        if (reason.approved() && !originalStillOpen(x)) {
                            // the original changed here while the issuer answered (a terminal reversed it): the
                            // acquirer applies nothing; the issuer's approval needs no 0420 since the original's
                            // own reversal reaches it after this and finds nothing left to undo there
                            log.warn("event=host.link.original_gone type={} terminal={} trace={} action=answer_25",
                                    x.type().label(), x.terminalId(), x.trace());
                            reason = Reason.ORIGINAL_NOT_FOUND;
                        }
                        if (reason.approved()) {
                            if (answer.authCode() != null) {
                                x.replyFields.put(38, answer.authCode());
                            }
                            x.replyFields.putAll(answer.replyFields());
                        }
                        return conclude(frame, x, reason);
                    } finally {
                        lock.unlock();
                    }
                })
                .whenComplete((outcome, failure) -> {
                    forwarding.remove(key);
                    if (failure != null) {
                        mine.completeExceptionally(failure);
                    } else {
                        mine.complete(outcome);
                    }
                });
        return mine;
    }

    /**
     * The PAN to forward when a remote issuer serves this request's card, else null (on-us, not routed, or
     * a type that is not forwarded). A void, refund or completion without field 2 or a track is its
     * original's card: looked up in the acquirer's own journal so it is not taken for an on-us request.
     */
    private String remotePan(Exchange x, String pan) {
        if (routes.remoteSteps(x.type()) == null) {
            return null;
        }
        if (pan == null) {
            String[] ref = x.original();
            if (ref == null) {
                return null;
            }
            lock.lock();
            try {
                Txn original = state.txn(x.terminalId(), ref[0], ref[1]);
                pan = original == null ? null : original.pan();
            } finally {
                lock.unlock();
            }
            if (pan == null || cards.find(pan).isPresent()) {
                return null;
            }
        }
        return Luhn.valid(pan) && remote.linkFor(pan) != null ? pan : null;
    }

    /**
     * Under the lock, when the issuer approved: the original the acquirer's steps found is still open (a
     * refund still within what is left), so applying the approval here is what the issuer did there.
     */
    private boolean originalStillOpen(Exchange x) {
        if (x.originalSeq == 0) {
            return true;
        }
        Txn original = state.txn(x.originalSeq);
        return original != null && original.status() == Txn.Status.APPROVED
                && (x.type() != TxnType.REFUND || x.amountFen() <= original.amountFen() - original.refundedFen());
    }

    /** Under the lock: the decided reason becomes a (journaled) answer. */
    private CompletableFuture<Outcome> conclude(IsoFrame frame, Exchange x, Reason stepsReason) {
        {
            Reason reason = stepsReason;
            if (reason == null) {
                reason = Reason.APPROVED;
            }
            if (!journaled(x, reason)) {
                return done(frame, x, reason, null);
            }
            long seq = state.nextSeq();
            Reason decided = reason;
            IsoMessage reply = reply(x, decided, seq);
            // the reply is signed and encoded now, so the journal's thread only releases it
            Outcome signed = finish(frame, x, decided, reply, null, false);
            JournalEntry entry = entry(x, decided, seq, reply, signed.wire());
            Outcome ready = new Outcome(signed.reply(), signed.type(), signed.reason(), signed.code(), entry, false, signed.wire());
            state.apply(entry);
            CompletableFuture<Void> durable = journal.append(entry);
            return durable.handle((ok, failure) -> {
                if (failure != null) {
                    log.error("event=host.journal_failed seq={} type={} terminal={} error=\"{}\"", seq, x.type().label(),
                            x.terminalId(), failure.toString());
                    return finish(frame, x, Reason.SYSTEM_ERROR, reply(x, Reason.SYSTEM_ERROR, 0), null, false);
                }
                afterDurable(x, entry);
                return ready;
            });
        }
    }

    /**
     * The same request again: the answer journaled for it, read back from the journal once durable (a
     * retransmission can overtake its first copy's sync), outside the lock since it may read a file.
     */
    private CompletableFuture<Outcome> repeat(IsoFrame frame, Exchange x) {
        HostState.Answer answer = x.repeat;
        return journal.durable(answer.seq()).thenApply(v -> {
            JournalEntry e = journal.read(answer.seq());
            IsoMessage reply = e == null ? null : journaledReply(e);
            if (reply == null) {
                // an entry written before replies were journaled with it: rebuilt from the request
                reply = reply(x, answer.reason(), answer.seq());
            }
            return finish(frame, x, answer.reason(), reply, null, true);
        });
    }

    /** The reply an entry recorded (its detail, or after {@code reply=} in a settlement's), or null. */
    private IsoMessage journaledReply(JournalEntry e) {
        String detail = e.detail();
        int at = detail == null ? -1 : detail.lastIndexOf(REPLY_MARK);
        String hex = at >= 0 ? detail.substring(at + REPLY_MARK.length()) : detail;
        try {
            return hex == null || hex.isEmpty() ? null : codec.decodeMessage(HexFormat.of().parseHex(hex));
        } catch (IsoDecodeException | IllegalArgumentException ex) {
            return null;
        }
    }

    /** Separates a settlement's or batch upload's reconciliation text from its reply in the entry's detail. */
    private static final String REPLY_MARK = " reply=";

    /** Tells the link what is now durable: a forwarded request's answer, or a terminal's reversal. */
    private void afterDurable(Exchange x, JournalEntry entry) {
        if (remote == null) {
            return;
        }
        if (x.remoteHandle != 0) {
            remote.answered(x.remoteHandle, entry.reason());
        } else if (entry.type() == TxnType.REVERSAL && entry.reason().approved()
                && (entry.pan() == null || remote.linkFor(entry.pan()) != null)) {
            String originalMti = x.type60.equals("10") || x.type60.equals("11") ? "0100" : "0200";
            remote.reversed(new RequestKey(originalMti, x.terminalId(), x.merchantId(), x.batch, x.trace()));
        }
    }

    /** Sign-on and sign-off change state when they succeed; financial answers once their MAC verified. */
    private static boolean journaled(Exchange x, Reason reason) {
        return switch (x.type()) {
            case ECHO, PARAMETER_DOWNLOAD, PARAMETER_DOWNLOAD_END, STATUS_UPLOAD -> false;
            case SIGN_ON, SIGN_OFF -> reason.approved();
            default -> x.macVerified && reason != Reason.DUPLICATE;
        };
    }

    private static boolean isRequestMti(String mti) {
        // x0x0 / x2x0 / x4x0: requests and advices; responses (odd third digit) are never answered
        return (mti.charAt(2) - '0') % 2 == 0 && mti.charAt(3) == '0';
    }

    /**
     * The entry records the RRN and authorization code the terminal holds — the reply's 37 and 38, which
     * a completion or void echoes from its original — because that is what a later void or refund quotes.
     */
    private JournalEntry entry(Exchange x, Reason reason, long seq, IsoMessage reply, byte[] wire) {
        String pan = x.entryPan != null ? x.entryPan : x.pan();
        boolean financial = !x.type().networkManagement();
        String batch = x.type() == TxnType.SIGN_ON ? x.assignedBatch : x.batch;
        long amount = x.type() == TxnType.BATCH_UPLOAD ? x.uploadCount : x.amountFen();
        String detail = x.detail;
        if (financial) {
            // the reply, without its MAC, is what a repeat of this request gets (read back from the journal)
            byte[] unsigned = wire == null ? null : codec.unsignedMessage(wire);
            String hex = HexFormat.of().formatHex(unsigned != null ? unsigned : codec.encode(reply));
            detail = x.type() == TxnType.SETTLEMENT || x.type() == TxnType.BATCH_UPLOAD ? x.detail + REPLY_MARK + hex : hex;
        }
        return new JournalEntry(seq, x.now, x.type(), reason, codes.code(reason), x.terminalId(), x.merchantId(),
                x.request.mti(), batch, x.trace(), pan, amount, reply.has(37) ? reply.string(37) : rrn(seq),
                reply.has(38) ? reply.string(38) : authCode(seq), x.originalSeq, x.pinTries,
                financial ? x.fingerprint : null, financial && detail == null ? "" : detail, x.issuer,
                forLink ? remoteAcquirer(x.request) : null);
    }

    /** Who sent a request over the link: its acquiring institution (field 32), or {@code link} when it names none. */
    private static String remoteAcquirer(IsoMessage request) {
        String id = request.has(32) ? request.string(32) : "";
        return id.isEmpty() ? "link" : id;
    }

    static String rrn(long seq) {
        return org.posnet.common.text.Digits.zeroPadded(seq % 1_000_000_000_000L, 12);
    }

    static String authCode(long seq) {
        return org.posnet.common.text.Digits.zeroPadded(seq % 1_000_000L, 6);
    }

    // ------------------------------------------------------------------ replies

    private IsoMessage reply(Exchange x, Reason reason, long seq) {
        IsoMessage m = x.request;
        IsoMessage.Builder b = IsoMessage.builder(responseMti(m.mti())).withFieldsOf(m, NOT_ECHOED);
        if (x.local != null) {
            // HHmmss and MMDD by hand: a DateTimeFormatter costs more than the rest of the reply's fields
            java.time.LocalDateTime t = x.local;
            b.with(12, org.posnet.common.text.Digits.zeroPadded(t.getHour() * 10_000 + t.getMinute() * 100 + t.getSecond(), 6))
                    .with(13, org.posnet.common.text.Digits.zeroPadded(t.getMonthValue() * 100 + t.getDayOfMonth(), 4));
        }
        if (!policy.institution().isEmpty()) {
            b.with(32, policy.institution());
        }
        if (seq > 0 && !m.has(37)) {
            b.with(37, rrn(seq));
        }
        if (seq > 0 && reason.approved() && !m.has(38) && !x.type().networkManagement()) {
            b.with(38, authCode(seq));
        }
        b.with(39, codes.code(reason));
        if (reason.approved()) {
            x.replyFields.forEach((n, v) -> {
                if (v instanceof byte[] bytes) {
                    b.with(n, bytes);
                } else {
                    b.with(n, (String) v);
                }
            });
        } else if (x.replyFields.get(48) instanceof String f48) {
            b.with(48, f48); // a 95 to the last batch upload still echoes the count
        }
        return b.build();
    }

    private CompletableFuture<Outcome> done(IsoFrame frame, Exchange x, Reason reason, JournalEntry entry) {
        IsoMessage reply = x == null ? bareReply(frame.message(), reason) : reply(x, reason, 0);
        return CompletableFuture.completedFuture(finish(frame, x, reason, reply, entry, false));
    }

    /** A reply to a request that could not be routed: its MTI + 10 with the identifying fields echoed. */
    private IsoMessage bareReply(IsoMessage m, Reason reason) {
        IsoMessage.Builder b = IsoMessage.builder(responseMti(m.mti()));
        for (int n : new int[] {3, 4, 11, 41, 42, 60}) {
            if (m.has(n)) {
                b.with(n, m.string(n));
            }
        }
        return b.with(39, codes.code(reason)).build();
    }

    /** Adds the MAC when the session allows, sets the header's processing requirement. */
    private Outcome finish(IsoFrame frame, Exchange x, Reason reason, IsoMessage reply, JournalEntry entry, boolean repeat) {
        TxnType type = x == null ? null : x.type();
        // signing on again comes first: a terminal without working keys cannot use new parameters either
        ProcessingRequirement requirement = reason.needsSignOn() ? ProcessingRequirement.SIGN_ON_AGAIN
                : x != null && x.parametersOutdated ? ProcessingRequirement.DOWNLOAD_PARAMETERS : ProcessingRequirement.NONE;
        IsoFrame unsigned = frame.reply(reply, requirement);
        if (x != null && !type.networkManagement() && x.session != null && x.terminal != null) {
            // the reply is encoded once, MAC included: the frame is written as these bytes
            try {
                MacAlgorithm algorithm = MacCheck.algorithm(x.terminal, policy.tdesMac());
                byte[] wire = codec.encodeWithMac(unsigned, block -> hsm.generateMac(algorithm, x.session.mak(), block));
                return new Outcome(unsigned, type, reason, codes.code(reason), entry, repeat, wire);
            } catch (HsmException e) {
                log.error("event=host.mac_generate_failed terminal={} error=\"{}\"", x.terminalId(), e.getMessage());
            } catch (Exception e) {
                log.error("event=host.reply_encode_failed terminal={} error=\"{}\"", x.terminalId(), e.toString());
            }
        }
        return new Outcome(unsigned, type, reason, codes.code(reason), entry, repeat);
    }

    static String responseMti(String mti) {
        return mti.substring(0, 2) + (char) (mti.charAt(2) + 1) + mti.charAt(3);
    }

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable in this JVM", e);
        }
    });

    private static String fingerprint(byte[] macBlock) {
        return HexFormat.of().formatHex(SHA256.get().digest(macBlock));
    }

    /** The state, for reads under the same lock (tests, operator views). */
    public <T> T read(java.util.function.Function<HostState, T> reader) {
        lock.lock();
        try {
            return reader.apply(state);
        } finally {
            lock.unlock();
        }
    }
}
