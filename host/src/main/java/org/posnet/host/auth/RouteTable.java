package org.posnet.host.auth;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.posnet.host.hsm.Hsm;
import org.posnet.host.iso.IsoCodec;
import org.posnet.host.iso.IsoMessage;
import org.posnet.host.iso.SubfieldLayout;

/**
 * Routing as data (jPOS Switch): {@link RouteKey} → {@link Route}. Built by hand, no reflection; a key
 * added twice fails at build. {@link #unionPay} is cup-8583.md's message table; each route's steps run
 * in the order documented in host/README.md.
 */
public final class RouteTable {

    /** The MTIs whose 60.3 is part of the key. */
    private static final Set<String> KEYED_BY_NETWORK_CODE = Set.of("0800", "0820", "0320");

    private final Map<RouteKey, Route> routes;
    private final Set<String> mtis;
    private final SubfieldLayout field60;
    /** For cards a remote issuer answers: the acquirer's own checks before the request is forwarded. */
    private final Map<TxnType, List<Step>> remote;

    private RouteTable(Map<RouteKey, Route> routes, SubfieldLayout field60, Map<TxnType, List<Step>> remote) {
        this.routes = Map.copyOf(routes);
        this.remote = Map.copyOf(remote);
        Set<String> m = new HashSet<>();
        routes.keySet().forEach(k -> m.add(k.mti()));
        this.mtis = Set.copyOf(m);
        this.field60 = field60;
    }

    /** A route, or the reason there is none: 12 for an unknown kind of request, 30 for an unreadable 60. */
    public record Routing(Route route, RouteKey key, String type60, String batch, String networkCode, Reason refusal) {
    }

    public Routing route(IsoMessage m) {
        if (!mtis.contains(m.mti())) {
            return new Routing(null, null, null, null, null, Reason.INVALID_TRANSACTION);
        }
        String f60 = m.string(60);
        if (f60 == null) {
            return new Routing(null, null, null, null, null, Reason.FORMAT_ERROR);
        }
        List<String> parts;
        try {
            parts = field60.split(60, f60);
        } catch (IllegalArgumentException e) {
            return new Routing(null, null, null, null, null, Reason.FORMAT_ERROR);
        }
        String type60 = parts.get(0);
        String batch = parts.get(1);
        String networkCode = parts.size() > 2 ? parts.get(2) : "";
        String pc = m.has(3) ? m.string(3) : "";
        RouteKey key = new RouteKey(m.mti(), pc, type60, KEYED_BY_NETWORK_CODE.contains(m.mti()) ? networkCode : "");
        Route route = routes.get(key);
        return new Routing(route, key, type60, batch, networkCode, route == null ? Reason.INVALID_TRANSACTION : null);
    }

    public Map<RouteKey, Route> routes() {
        return routes;
    }

    /** The acquirer-side steps of a type that may be forwarded to a remote issuer, or null (not forwarded). */
    public List<Step> remoteSteps(TxnType type) {
        return remote.get(type);
    }

    /** cup-8583.md's messages with PosNet's step order; no parameter download or status upload. */
    public static RouteTable unionPay(HostState state, Hsm hsm, IsoCodec codec, AuthPolicy policy) {
        return unionPay(state, hsm, codec, policy, null);
    }

    /**
     * The largest parameter-download part (field 62 bytes). Small on purpose: the whole 0810 then stays under
     * 256 bytes, the receive buffer of the smallest terminals; a full set takes two parts.
     */
    public static final int PARAMETER_PART_BYTES = 160;

    /**
     * With terminal management: also 0800 360/361 (parameter download, its end) and 0820 362 (status upload),
     * each {@code TerminalCheck → step}, no MAC (network management carries none).
     */
    public static RouteTable unionPay(HostState state, Hsm hsm, IsoCodec codec, AuthPolicy policy, TerminalManagement tms) {
        Step terminal = new TerminalCheck();
        Step batch = new BatchCheck(false);
        Step closedBatch = new BatchCheck(true);
        Step mac = new MacCheck(hsm, codec, policy.tdesMac());
        Step duplicate = new DuplicateCheck(state);
        java.time.ZoneId pinDay = policy.pinTriesPerDay() ? policy.zone() : null;
        Step pin = new PinCheck(hsm, state, policy.maxPinTries(), pinDay);
        Step stop = new CardStop();
        Step card = new CardCheck();
        Step limit = new LimitCheck(policy.singleLimitFen());
        Step debit = new Debit(state);
        List<Integer> base = List.of(11, 41, 42, 60);
        List<Integer> money = List.of(4, 11, 41, 42, 60);
        List<Integer> referring = List.of(4, 11, 41, 42, 60, 61);

        Builder b = new Builder(codec);
        Step signOn = new SignOn(hsm, state);
        for (String code : List.of("001", "003", "004")) {
            b.add("0800", "", "00", code, TxnType.SIGN_ON, base, terminal, signOn);
        }
        b.add("0820", "", "00", "002", TxnType.SIGN_OFF, base, terminal, new NetworkAnswer());
        b.add("0820", "", "00", "301", TxnType.ECHO, base, terminal, new NetworkAnswer());
        if (tms != null) {
            b.add("0800", "", "00", "360", TxnType.PARAMETER_DOWNLOAD, base, terminal, new ParameterPart(tms, PARAMETER_PART_BYTES));
            b.add("0800", "", "00", "361", TxnType.PARAMETER_DOWNLOAD_END, base, terminal, new ParameterEnd(tms));
            b.add("0820", "", "00", "362", TxnType.STATUS_UPLOAD, base, terminal, new StatusUpload(tms));
        }
        b.add("0200", "310000", "01", "", TxnType.BALANCE_INQUIRY, base, terminal, batch, mac, duplicate, stop, pin, card,
                new BalanceInquiry(state));
        b.add("0200", "000000", "22", "", TxnType.SALE, money, terminal, batch, mac, duplicate, stop, pin, card, limit, debit);
        Originals originals = new Originals(state, policy);
        Step saleVoided = originals.saleVoided;
        Step refunded = originals.refunded;
        Step preAuthVoided = originals.preAuthVoided;
        Step completed = originals.completed;
        Step completionVoided = originals.completionVoided;
        b.add("0200", "200000", "23", "", TxnType.SALE_VOID, referring, terminal, batch, mac, duplicate, pin, saleVoided);
        b.add("0220", "200000", "25", "", TxnType.REFUND, referring, terminal, batch, mac, duplicate, stop, card, limit, refunded);
        b.add("0100", "030000", "10", "", TxnType.PRE_AUTH, money, terminal, batch, mac, duplicate, stop, pin, card, limit, debit);
        b.add("0100", "200000", "11", "", TxnType.PRE_AUTH_VOID, referring, terminal, batch, mac, duplicate, pin, preAuthVoided);
        b.add("0200", "000000", "20", "", TxnType.COMPLETION, List.of(4, 11, 38, 41, 42, 60, 61), terminal, batch, mac,
                duplicate, stop, pin, card, limit, completed, new CompletionFunds(state));
        b.add("0200", "200000", "21", "", TxnType.COMPLETION_VOID, referring, terminal, batch, mac, duplicate, pin,
                completionVoided);
        // Cards of a remote issuer: the acquirer's own checks in the on-us order, minus what is the issuer's
        // (PIN, card, funds). The acquirer still finds the original of a void/refund/completion in its own
        // journal: that is what its state and ledger apply the issuer's approval to, and how the link learns
        // the link STAN/RRN the issuer knows the original by.
        b.remote(TxnType.BALANCE_INQUIRY, terminal, batch, mac, duplicate);
        b.remote(TxnType.SALE, terminal, batch, mac, duplicate, limit);
        b.remote(TxnType.SALE_VOID, terminal, batch, mac, duplicate, saleVoided);
        b.remote(TxnType.REFUND, terminal, batch, mac, duplicate, limit, refunded);
        b.remote(TxnType.PRE_AUTH, terminal, batch, mac, duplicate, limit);
        b.remote(TxnType.PRE_AUTH_VOID, terminal, batch, mac, duplicate, preAuthVoided);
        b.remote(TxnType.COMPLETION, terminal, batch, mac, duplicate, limit, completed);
        b.remote(TxnType.COMPLETION_VOID, terminal, batch, mac, duplicate, completionVoided);
        Step reversal = new Reversal(state);
        for (String[] original : List.of(new String[] {"000000", "22"}, new String[] {"200000", "23"},
                new String[] {"030000", "10"}, new String[] {"200000", "11"}, new String[] {"000000", "20"},
                new String[] {"200000", "21"})) {
            b.add("0400", original[0], original[1], "", TxnType.REVERSAL, base, terminal, batch, mac, duplicate, reversal);
        }
        b.add("0500", "", "00", "", TxnType.SETTLEMENT, List.of(11, 41, 42, 48, 60), terminal, closedBatch, mac, duplicate,
                new Settlement(state));
        Step upload = new BatchUpload(state);
        for (String code : List.of("201", "202", "207")) {
            b.add("0320", "", "00", code, TxnType.BATCH_UPLOAD, List.of(11, 41, 42, 48, 60), terminal, closedBatch, mac,
                    duplicate, upload);
        }
        return b.build();
    }

    /**
     * Issuer mode: what a remote acquirer may send over the link. The PIN block is under the zone PIN key,
     * the MAC (if any) under the zone MAK; no terminal, session or batch of ours is involved — the
     * acquirer's 41/42/60.2 and its link STAN (11) identify the request for repeats.
     */
    public static RouteTable issuerLink(HostState state, Hsm hsm, IsoCodec codec, AuthPolicy policy,
            org.posnet.host.hsm.KeyUnderLmk zpk, org.posnet.host.hsm.KeyUnderLmk zoneMak) {
        Step mac = new LinkMacCheck(hsm, codec, policy.tdesMac(), zoneMak);
        Step duplicate = new DuplicateCheck(state);
        Step pin = new PinCheck(hsm, state, policy.maxPinTries(), policy.pinTriesPerDay() ? policy.zone() : null, x -> zpk);
        Step stop = new CardStop();
        Step card = new CardCheck();
        Step limit = new LimitCheck(policy.singleLimitFen());
        Step debit = new Debit(state);
        // field 61 of a referring request names the original by the acquirer's batch and the LINK STAN the
        // original went out with, field 37 by the link RRN it carried: what this host journaled it under
        List<Integer> referring = List.of(2, 4, 11, 41, 42, 60, 61);
        Builder b = new Builder(codec);
        b.add("0200", "310000", "01", "", TxnType.BALANCE_INQUIRY, List.of(2, 11, 41, 42, 60), mac, duplicate, stop, pin, card,
                new BalanceInquiry(state));
        b.add("0200", "000000", "22", "", TxnType.SALE, List.of(2, 4, 11, 41, 42, 60), mac, duplicate, stop, pin, card, limit, debit);
        Originals originals = new Originals(state, policy);
        b.add("0200", "200000", "23", "", TxnType.SALE_VOID, referring, mac, duplicate, pin, originals.saleVoided);
        b.add("0220", "200000", "25", "", TxnType.REFUND, referring, mac, duplicate, stop, card, limit, originals.refunded);
        b.add("0100", "030000", "10", "", TxnType.PRE_AUTH, List.of(2, 4, 11, 41, 42, 60), mac, duplicate, stop, pin, card, limit,
                debit);
        b.add("0100", "200000", "11", "", TxnType.PRE_AUTH_VOID, referring, mac, duplicate, pin, originals.preAuthVoided);
        b.add("0200", "000000", "20", "", TxnType.COMPLETION, List.of(2, 4, 11, 38, 41, 42, 60, 61), mac, duplicate, stop, pin, card,
                limit, originals.completed, new CompletionFunds(state));
        b.add("0200", "200000", "21", "", TxnType.COMPLETION_VOID, referring, mac, duplicate, pin, originals.completionVoided);
        // 0420 reversal advice of anything that moved money or a hold, the refund included: on the link an
        // unanswered refund is reversed like the rest (the terminal itself has no 0400 for it)
        Step reversal = new LinkReversal(state);
        for (String[] original : List.of(new String[] {"000000", "22"}, new String[] {"200000", "23"},
                new String[] {"200000", "25"}, new String[] {"030000", "10"}, new String[] {"200000", "11"},
                new String[] {"000000", "20"}, new String[] {"200000", "21"})) {
            b.add("0420", original[0], original[1], "", TxnType.REVERSAL, List.of(11, 41, 42, 60, 90), mac, duplicate, reversal);
        }
        return b.build();
    }

    /**
     * How a void, refund or completion finds its original, the same for terminals and for the issuer link:
     * voids in the original's batch, refunds within the refund window, pre-auths within their hold.
     */
    private static final class Originals {
        final Step saleVoided;
        final Step refunded;
        final Step preAuthVoided;
        final Step completed;
        final Step completionVoided;

        Originals(HostState state, AuthPolicy policy) {
            saleVoided = new Original(state, Set.of(TxnType.SALE), true, false, Original.AmountRule.EQUAL, null);
            refunded = new Original(state, Set.of(TxnType.SALE, TxnType.COMPLETION), false, false, Original.AmountRule.AT_MOST_REMAINING,
                    policy.refundWindow());
            preAuthVoided = new Original(state, Set.of(TxnType.PRE_AUTH), false, false, Original.AmountRule.EQUAL, policy.preAuthHold());
            completed = new Original(state, Set.of(TxnType.PRE_AUTH), false, true, Original.AmountRule.AT_MOST_REMAINING,
                    policy.preAuthHold());
            completionVoided = new Original(state, Set.of(TxnType.COMPLETION), true, false, Original.AmountRule.EQUAL, null);
        }
    }

    /** Collects routes; refuses a key given twice. */
    public static final class Builder {
        private final Map<RouteKey, Route> routes = new HashMap<>();
        private final SubfieldLayout field60;
        private final Map<TxnType, List<Step>> remote = new HashMap<>();

        public Builder(IsoCodec codec) {
            this.field60 = codec.dialect().subfields(60);
            if (field60 == null) {
                throw new IllegalArgumentException("dialect " + codec.dialect().name() + " has no sub-fields for field 60");
            }
        }

        public Builder add(String mti, String processingCode, String type60, String networkCode, TxnType type,
                List<Integer> required, Step... steps) {
            RouteKey key = new RouteKey(mti, processingCode, type60, networkCode);
            Route previous = routes.putIfAbsent(key, new Route(type, required, new ArrayList<>(List.of(steps))));
            if (previous != null) {
                throw new IllegalArgumentException("route " + key + " defined twice (" + previous.type() + " and " + type + ")");
            }
            return this;
        }

        /** The acquirer's steps for a type forwarded to a remote issuer. */
        public Builder remote(TxnType type, Step... steps) {
            remote.put(type, List.of(steps));
            return this;
        }

        public RouteTable build() {
            return new RouteTable(routes, field60, remote);
        }
    }
}
