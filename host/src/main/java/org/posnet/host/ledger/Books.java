package org.posnet.host.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.posnet.common.crypto.PanTokens;
import org.posnet.host.auth.JournalEntry;

/**
 * The ledger in memory: the recent posted transactions by journal seq, account balances, and the cutovers.
 * Derived only from journal entries (in seq order) and cutovers, so posting the same journal again gives
 * the same books; an entry at or below {@link #lastSeq} is ignored, which is what makes posting
 * idempotent. Thread-safe (one lock): the poster writes, operators and tests read.
 */
public final class Books {
    /**
     * Transactions kept in memory (at least), most recent by journal seq: the originals a void or reversal
     * needs are minutes old. An older one is read from the store ({@link #olderTxns}); without this bound the
     * books grew by every transaction since the journal began. Kept compact, see {@link RecentTxns}.
     */
    static final int RECENT = 100_000;

    private final PostingRules rules;
    private final ZoneId zone;
    private final RecentTxns recent;

    int recentCapacity() {
        return recent.capacity();
    }
    /** Where a transaction no longer in memory is found (the stored ledger); none in pure tests. */
    private java.util.function.LongFunction<LedgerTxn> olderTxns = seq -> null;
    private long transactions;
    /** debits − credits per account, in a cell each: a posting adds to it in place, nothing boxed per leg. */
    private final Map<Account, long[]> balances = new HashMap<>();
    private final List<Cutover> cutovers = new ArrayList<>();
    private long lastSeq;
    private long debitFen;
    private long creditFen;
    private long postings;
    /** The local day of the last entry and where it begins and ends (epoch seconds): most entries fall in it. */
    private LocalDate day;
    private long dayStart;
    private long dayEnd = Long.MIN_VALUE;

    Books(MdrTable mdr, MerchantDirectory merchants, ZoneId zone, PanTokens tokens) {
        this(mdr, merchants, zone, tokens, RECENT);
    }

    Books(MdrTable mdr, MerchantDirectory merchants, ZoneId zone, PanTokens tokens, int recent) {
        this.recent = new RecentTxns(recent);
        this.rules = new PostingRules(mdr, merchants, tokens);
        this.zone = zone;
    }

    /** Posts one durable journal entry; returns what it posted (null: nothing, or already posted). */
    public synchronized LedgerTxn post(JournalEntry e) {
        if (e.seq() <= lastSeq) {
            return null;
        }
        LedgerTxn t = rules.derive(e, businessDate(e.seq(), e.at()), this::txn);
        lastSeq = e.seq();
        if (t != null) {
            add(t);
        }
        return t;
    }

    /** One account's stored balance, on start (its legs are already in the totals the store gives). */
    synchronized void loadBalance(Account account, long debit, long credit, long legs) {
        cell(account)[0] += debit - credit;
        debitFen += debit;
        creditFen += credit;
        postings += legs;
    }

    /** How many transactions the store holds, on start. */
    synchronized void loadCount(long stored) {
        transactions += stored;
    }

    /** A recent stored transaction, on start, oldest first (its legs are in the balances already). */
    synchronized void loadRecent(LedgerTxn t) {
        recent.add(t);
    }

    synchronized void loadCursor(long throughSeq) {
        lastSeq = Math.max(lastSeq, throughSeq);
    }

    synchronized void loadCutover(Cutover c) {
        cutovers.add(c);
    }

    /** Where transactions older than the recent ones are read from (set once, before posting starts). */
    synchronized void olderTxnsFrom(java.util.function.LongFunction<LedgerTxn> lookup) {
        this.olderTxns = lookup;
    }

    private void add(LedgerTxn t) {
        recent.add(t);
        transactions++;
        List<Posting> legs = t.postings();
        for (int i = 0, n = legs.size(); i < n; i++) {
            Posting p = legs.get(i);
            cell(p.account())[0] += p.debitFen() - p.creditFen();
            debitFen += p.debitFen();
            creditFen += p.creditFen();
        }
        postings += legs.size();
    }

    private long[] cell(Account account) {
        long[] b = balances.get(account);
        if (b == null) {
            b = new long[1];
            balances.put(account, b);
        }
        return b;
    }

    /**
     * The business day of the entry with this seq: its local calendar date, unless that day was already
     * closed by a cutover made before this seq — then the first day after the last closed one.
     */
    private LocalDate businessDate(long seq, Instant at) {
        LocalDate date = localDate(at);
        for (int i = cutovers.size() - 1; i >= 0; i--) {
            Cutover c = cutovers.get(i);
            if (c.throughSeq() < seq) {
                return date.isAfter(c.businessDate()) ? date : c.businessDate().plusDays(1);
            }
        }
        return date;
    }

    private LocalDate localDate(Instant at) {
        long second = at.getEpochSecond();
        if (second >= dayStart && second < dayEnd) {
            return day;
        }
        day = LocalDate.ofInstant(at, zone);
        dayStart = day.atStartOfDay(zone).toEpochSecond();
        dayEnd = day.plusDays(1).atStartOfDay(zone).toEpochSecond();
        return day;
    }

    /** Closes the day (and any open day before it) at the current seq; see {@link Cutover}. */
    synchronized Cutover cutover(LocalDate date, Instant now) {
        Cutover last = lastCutover();
        if (last != null && !date.isAfter(last.businessDate())) {
            throw new IllegalStateException("business day " + date + " is already closed (closed through "
                    + last.businessDate() + ")");
        }
        return new Cutover(date, lastSeq, now);
    }

    synchronized void addCutover(Cutover c) {
        cutovers.add(c);
    }

    public synchronized Cutover lastCutover() {
        return cutovers.isEmpty() ? null : cutovers.get(cutovers.size() - 1);
    }

    public synchronized boolean closed(LocalDate date) {
        Cutover last = lastCutover();
        return last != null && !date.isAfter(last.businessDate());
    }

    public synchronized long lastSeq() {
        return lastSeq;
    }

    /** A posted transaction: from memory if recent, else from the store (null when never posted). */
    public synchronized LedgerTxn txn(long journalSeq) {
        LedgerTxn t = recent.get(journalSeq);
        return t != null ? t : olderTxns.apply(journalSeq);
    }

    /** debits − credits of an account (a cardholder's is negative by what the card spent). */
    public synchronized long balance(Account account) {
        long[] b = balances.get(account);
        return b == null ? 0 : b[0];
    }

    public synchronized Map<Account, Long> balances() {
        Map<Account, Long> out = new HashMap<>();
        balances.forEach((account, b) -> out.put(account, b[0]));
        return Map.copyOf(out);
    }

    /** Sum of debit − credit over every account of a kind. */
    public synchronized long balance(AccountKind kind) {
        return balances.entrySet().stream().filter(en -> en.getKey().kind() == kind).mapToLong(en -> en.getValue()[0]).sum();
    }

    /** The invariant over what is in memory: totals of every posting, each recent transaction balanced on its own. */
    public synchronized BalanceCheck check() {
        List<Long> unbalanced = new ArrayList<>();
        long count = 0;
        for (LedgerTxn t : recent.all()) {
            if (!t.balanced()) {
                count++;
                if (unbalanced.size() < 100) {
                    unbalanced.add(t.journalSeq());
                }
            }
        }
        return new BalanceCheck(transactions, postings, debitFen, creditFen, count, unbalanced);
    }

    /** The recent transactions (all of them below {@link #RECENT}) in journal order, for comparing two derivations. */
    public synchronized List<LedgerTxn> transactions() {
        return List.copyOf(recent.all());
    }
}
