package org.posnet.host.auth;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.posnet.host.hsm.KeyScheme;
import org.posnet.host.hsm.KeyUnderLmk;
import org.posnet.host.hsm.KeyUsage;
import org.posnet.host.hsm.WorkingKeyLayout;
import org.posnet.host.hsm.WorkingKeys;

/**
 * Everything the host remembers, rebuilt from the journal: sessions and batches, the answers it must
 * repeat, approved transactions, the on-us accounts. {@link #apply} is the only way state changes, live
 * and on restart alike, so the two cannot drift apart. Not thread-safe: the {@link Authorizer} holds
 * its lock around every read and apply.
 */
public final class HostState {

    /** An answer to repeat for the same request: its fingerprint tells a repeat from a reused trace. */
    public record Answer(long seq, String fingerprint, Reason reason, String replyHex) {
    }

    /** Settlement totals of one batch, in fen. */
    public record Totals(long debitFen, int debitCount, long creditFen, int creditCount) {
    }

    private final Map<String, Session> sessions = new HashMap<>();
    private final Map<String, Integer> lastBatch = new HashMap<>();
    private final Map<RequestKey, Answer> answers = new HashMap<>();
    private final Map<Long, Txn> txns = new HashMap<>();
    /** Terminal, batch and trace of an approved transaction (a record, not a joined string: one is kept per sale). */
    private record TraceKey(String terminal, String batch, String trace) {
        @Override
        public int hashCode() {
            return traceHash(terminal, batch, trace);
        }
    }

    /**
     * A three-string record's default hash (31 × …) lines consecutive terminal ids and traces up in the
     * same hash-map buckets (measured: half the entries of 200 terminals × 1,000 traces in buckets of 8 or
     * more, which the map turns into trees). An odd 32-bit multiplier (the golden ratio's) spreads them.
     */
    static int traceHash(String terminal, String batch, String trace) {
        return (terminal.hashCode() * 0x9E3779B1 + batch.hashCode()) * 0x9E3779B1 + trace.hashCode();
    }

    private final Map<TraceKey, Long> byTrace = new HashMap<>();
    private final Map<String, List<Txn>> byBatch = new HashMap<>();
    private final Map<String, Account> accounts = new HashMap<>();
    private final Map<String, Integer> uploaded = new HashMap<>();
    private long lastSeq;

    // ------------------------------------------------------------------ reads

    public Session session(String terminal) {
        return sessions.get(terminal);
    }

    /** The batch number the next sign-on of this terminal gets: one more than the last, 000001 after 999999. */
    public String nextBatch(String terminal) {
        int last = lastBatch.getOrDefault(terminal, 0);
        return String.format("%06d", last >= 999_999 ? 1 : last + 1);
    }

    public long nextSeq() {
        return lastSeq + 1;
    }

    public long lastSeq() {
        return lastSeq;
    }

    public Answer answer(RequestKey key) {
        return answers.get(key);
    }

    public Txn txn(long seq) {
        return txns.get(seq);
    }

    /** An approved transaction by terminal, batch and trace (field 61's original batch + trace). */
    public Txn txn(String terminal, String batch, String trace) {
        Long seq = byTrace.get(new TraceKey(terminal, batch, trace));
        return seq == null ? null : txns.get(seq);
    }

    /** The card's account; an empty one for a card the host has not touched. */
    public Account account(String pan) {
        Account a = accounts.get(pan);
        return a == null ? new Account() : a;
    }

    public Totals totals(String terminal, String batch) {
        long debit = 0;
        long credit = 0;
        int debits = 0;
        int credits = 0;
        for (Txn t : byBatch.getOrDefault(terminal + '|' + batch, List.of())) {
            if (t.status == Txn.Status.REVERSED) {
                continue; // reversed transactions count for nothing; voided ones stay counted
            }
            switch (t.type.settlementSide()) {
                case DEBIT -> {
                    debit += t.amountFen;
                    debits++;
                }
                case CREDIT -> {
                    credit += t.amountFen;
                    credits++;
                }
                case NONE -> {
                }
            }
        }
        return new Totals(debit, debits, credit, credits);
    }

    /** Approved, unreversed debits and credits of a batch, for comparing with a batch upload. */
    public List<Txn> countedTxns(String terminal, String batch) {
        List<Txn> out = new ArrayList<>();
        for (Txn t : byBatch.getOrDefault(terminal + '|' + batch, List.of())) {
            if (t.status != Txn.Status.REVERSED && t.type.settlementSide() != TxnType.Side.NONE) {
                out.add(t);
            }
        }
        return out;
    }

    /** Entries uploaded so far (0320 with 60.3 = 201) for a batch. */
    public int uploadedCount(String terminal, String batch) {
        return uploaded.getOrDefault(terminal + '|' + batch, 0);
    }

    // ------------------------------------------------------------------ apply

    /** Applies one journaled fact. Entries must come in seq order. */
    public void apply(JournalEntry e) {
        if (e.seq() <= lastSeq) {
            throw new IllegalStateException("journal entry " + e.seq() + " after " + lastSeq + ": out of order");
        }
        lastSeq = e.seq();
        if (e.fingerprint() != null) {
            // kept for every answer: terminal, merchant, MTI and batch repeat across answers, so share them
            RequestKey key = new RequestKey(e.mti().intern(), e.terminal().intern(), e.merchant().intern(), e.batch().intern(),
                    e.trace());
            answers.put(key, new Answer(e.seq(), e.fingerprint(), e.reason(), e.detail()));
        }
        if (e.pan() != null && e.pinTries() >= 0) {
            accounts.computeIfAbsent(e.pan(), p -> new Account()).pinTries = e.pinTries();
        }
        switch (e.type()) {
            case SIGN_ON -> {
                sessions.put(e.terminal(), SessionKeys.parse(e.terminal(), e.batch(), e.detail()));
                lastBatch.put(e.terminal(), Integer.parseInt(e.batch()));
            }
            case SIGN_OFF -> sessions.remove(e.terminal());
            case SETTLEMENT -> {
                Session s = sessions.get(e.terminal());
                if (s != null && s.batch().equals(e.batch())) {
                    sessions.put(e.terminal(), s.close());
                }
            }
            case BATCH_UPLOAD -> {
                if (e.reason().approved() && e.amountFen() > 0) {
                    // amountFen of an upload entry is the number of transactions it carried
                    uploaded.merge(e.terminal() + '|' + e.batch(), (int) e.amountFen(), Integer::sum);
                }
            }
            default -> {
                if (e.reason().approved()) {
                    applyApproved(e);
                }
            }
        }
    }

    private void applyApproved(JournalEntry e) {
        if (e.type() == TxnType.BALANCE_INQUIRY) {
            return;
        }
        if (e.type() == TxnType.REVERSAL) {
            Txn original = txns.get(e.originalSeq());
            if (original != null && original.status == Txn.Status.APPROVED) {
                undo(original);
                original.status = Txn.Status.REVERSED;
            }
            return;
        }
        Txn t = new Txn(e);
        txns.put(t.seq, t);
        byTrace.put(new TraceKey(t.terminal, t.batch, t.trace), t.seq);
        byBatch.computeIfAbsent(t.terminal + '|' + t.batch, k -> new ArrayList<>()).add(t);
        Account a = accounts.computeIfAbsent(t.pan, p -> new Account());
        Txn original = txns.get(t.originalSeq);
        switch (t.type) {
            case SALE -> a.deltaFen -= t.amountFen;
            case SALE_VOID -> {
                original.status = Txn.Status.VOIDED;
                a.deltaFen += original.amountFen;
            }
            case REFUND -> {
                original.refundedFen += t.amountFen;
                a.deltaFen += t.amountFen;
            }
            case PRE_AUTH -> a.heldFen += t.amountFen;
            case PRE_AUTH_VOID -> {
                original.status = Txn.Status.VOIDED;
                a.heldFen -= original.amountFen;
            }
            case COMPLETION -> {
                original.status = Txn.Status.COMPLETED;
                a.heldFen -= original.amountFen;
                a.deltaFen -= t.amountFen;
            }
            case COMPLETION_VOID -> {
                // the pre-auth the completion consumed becomes an open hold again
                original.status = Txn.Status.VOIDED;
                Txn preAuth = txns.get(original.originalSeq);
                preAuth.status = Txn.Status.APPROVED;
                a.heldFen += preAuth.amountFen;
                a.deltaFen += original.amountFen;
            }
            default -> throw new IllegalStateException("no effect defined for " + t.type);
        }
    }

    /** The opposite of an approved transaction's effect, for its reversal (冲正). */
    private void undo(Txn t) {
        Account a = accounts.computeIfAbsent(t.pan, p -> new Account());
        Txn original = txns.get(t.originalSeq);
        switch (t.type) {
            case SALE -> a.deltaFen += t.amountFen;
            case SALE_VOID -> {
                original.status = Txn.Status.APPROVED;
                a.deltaFen -= original.amountFen;
            }
            case REFUND -> {
                original.refundedFen -= t.amountFen;
                a.deltaFen -= t.amountFen;
            }
            case PRE_AUTH -> a.heldFen -= t.amountFen;
            case PRE_AUTH_VOID -> {
                original.status = Txn.Status.APPROVED;
                a.heldFen += original.amountFen;
            }
            case COMPLETION -> {
                original.status = Txn.Status.APPROVED;
                a.heldFen += original.amountFen;
                a.deltaFen += t.amountFen;
            }
            case COMPLETION_VOID -> {
                original.status = Txn.Status.APPROVED;
                Txn preAuth = txns.get(original.originalSeq);
                preAuth.status = Txn.Status.COMPLETED;
                a.heldFen -= preAuth.amountFen;
                a.deltaFen -= original.amountFen;
            }
            default -> {
            }
        }
    }

    /** How a sign-on's sealed working keys are written into its journal entry's detail. */
    static final class SessionKeys {
        private SessionKeys() {
        }

        static String format(WorkingKeys keys) {
            StringBuilder sb = new StringBuilder("layout=").append(keys.layout().networkCode());
            append(sb, keys.pik().underLmk());
            append(sb, keys.mak().underLmk());
            if (keys.tdk() != null) {
                append(sb, keys.tdk().underLmk());
            }
            return sb.toString();
        }

        private static void append(StringBuilder sb, KeyUnderLmk k) {
            sb.append(';').append(k.usage()).append('=').append(k.scheme()).append(':')
                    .append(Base64.getEncoder().encodeToString(k.sealed())).append(':').append(k.checkValueHex());
        }

        static Session parse(String terminal, String batch, String detail) {
            Map<String, String> parts = new HashMap<>();
            for (String part : detail.split(";")) {
                int eq = part.indexOf('=');
                parts.put(part.substring(0, eq), part.substring(eq + 1));
            }
            return new Session(terminal, batch, false, WorkingKeyLayout.ofNetworkCode(parts.get("layout")),
                    key(KeyUsage.PIK, parts.get("PIK")), key(KeyUsage.MAK, parts.get("MAK")), key(KeyUsage.TDK, parts.get("TDK")));
        }

        private static KeyUnderLmk key(KeyUsage usage, String text) {
            if (text == null) {
                return null;
            }
            String[] f = text.split(":");
            return new KeyUnderLmk(usage, KeyScheme.valueOf(f[0]), Base64.getDecoder().decode(f[1]), HexFormat.of().parseHex(f[2]));
        }
    }
}
