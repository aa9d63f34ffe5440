package org.posnet.host.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.posnet.host.hsm.KeyScheme;
import org.posnet.host.hsm.KeyUnderLmk;
import org.posnet.host.hsm.KeyUsage;
import org.posnet.host.hsm.WorkingKeyLayout;

/**
 * A state read back from its snapshot, then given the rest of the journal, is the state that had the whole
 * journal: the same bytes when written again, the same answers to every question the host asks of it.
 */
class HostStateSnapshotTest {
    private static final Duration HOLD = Duration.ofHours(2);
    private static final Duration RETENTION = Duration.ofHours(6);
    private static final String[] TERMINALS = {"10000001", "10000002", "10000003", "10000004"};
    private static final String[] MERCHANTS = {"898110058120001", "898110058120002"};
    private static final String[] PANS = {"6222021234567890128", "6222021234567890136", "6228480402564890018", "4000000000000002"};

    /** A journal of every kind of entry over two days: sign-ons, sales to batch uploads, declines, odd traces. */
    private static List<JournalEntry> journal(long seed, int n) {
        Random r = new Random(seed);
        List<JournalEntry> out = new ArrayList<>();
        HostState shadow = new HostState(HOLD, RETENTION); // to pick batches and originals the way a host would
        long at = Instant.parse("2026-11-20T00:00:00Z").getEpochSecond();
        List<Long> approved = new ArrayList<>();
        for (long seq = 1; seq <= n; seq++) {
            at += r.nextInt(40);
            String terminal = TERMINALS[r.nextInt(TERMINALS.length)];
            String merchant = MERCHANTS[r.nextInt(MERCHANTS.length)];
            Session session = shadow.session(terminal);
            String batch = session == null ? "000000" : session.batch();
            String trace = r.nextInt(50) == 0 ? "T" + r.nextInt(100) : String.format("%06d", r.nextInt(1_000_000));
            String pan = r.nextInt(30) == 0 ? null : PANS[r.nextInt(PANS.length)];
            // a third of the cards are other banks' (off-us), most of them seen once: their numbers go with their
            // chunks and are given again, which the snapshot must carry exactly
            boolean offUs = r.nextInt(3) == 0;
            if (offUs) {
                pan = "6250" + String.format("%015d", r.nextInt(4) == 0 ? r.nextInt(20) : seq);
            }
            int roll = r.nextInt(100);
            JournalEntry e;
            if (session == null || roll < 2) {
                String next = shadow.nextBatch(terminal);
                e = new JournalEntry(seq, Instant.ofEpochSecond(at), TxnType.SIGN_ON, Reason.APPROVED, "00", terminal, merchant,
                        "0800", next, trace, null, 0, null, null, 0, -1, null, HostState.SessionKeys.format(session(r, terminal, next)));
            } else if (roll < 3) {
                e = simple(seq, at, TxnType.SIGN_OFF, Reason.APPROVED, terminal, merchant, batch, trace, null, 0, 0, -1, null, null);
            } else if (roll < 5) {
                e = simple(seq, at, TxnType.SETTLEMENT, Reason.APPROVED, terminal, merchant, batch, trace, null, 0, 0, -1, null,
                        "balanced reply=0510");
            } else if (roll < 7) {
                e = simple(seq, at, TxnType.BATCH_UPLOAD, Reason.APPROVED, terminal, merchant, batch, trace, null, 1 + r.nextInt(8), 0,
                        -1, "fp" + seq, "uploaded reply=0330");
            } else if (roll < 15) {
                // a decline, with a wrong-PIN count now and then
                e = simple(seq, at, TxnType.SALE, Reason.WRONG_PIN, terminal, merchant, batch, trace, pan, 100, 0, r.nextInt(4),
                        "fp" + seq, "0210 55");
            } else {
                TxnType[] types = {TxnType.SALE, TxnType.SALE, TxnType.SALE, TxnType.SALE_VOID, TxnType.REFUND, TxnType.PRE_AUTH,
                    TxnType.PRE_AUTH_VOID, TxnType.COMPLETION, TxnType.COMPLETION_VOID, TxnType.REVERSAL, TxnType.BALANCE_INQUIRY};
                TxnType type = types[r.nextInt(types.length)];
                long original = type == TxnType.SALE || type == TxnType.PRE_AUTH || type == TxnType.BALANCE_INQUIRY || approved.isEmpty()
                        ? 0 : approved.get(approved.size() - 1 - r.nextInt(Math.min(approved.size(), 50)));
                e = simple(seq, at, type, Reason.APPROVED, terminal, merchant, batch, trace, pan, 1 + r.nextInt(100_000), original,
                        r.nextBoolean() ? 0 : -1, "fp" + seq, "0210 00");
                if (type != TxnType.REVERSAL && type != TxnType.BALANCE_INQUIRY) {
                    approved.add(seq);
                }
                if (r.nextInt(20) == 0) {
                    // an RRN and authorization code the host did not derive from the seq (a forwarded answer)
                    e = new JournalEntry(e.seq(), e.at(), e.type(), e.reason(), e.responseCode(), e.terminal(), e.merchant(), e.mti(),
                            e.batch(), e.trace(), e.pan(), e.amountFen(), "R" + seq, "A" + (seq % 1000), e.originalSeq(), e.pinTries(),
                            e.fingerprint(), e.detail());
                }
            }
            if (offUs && e.pan() != null && e.type() != TxnType.REVERSAL) {
                e = new JournalEntry(e.seq(), e.at(), e.type(), e.reason(), e.responseCode(), e.terminal(), e.merchant(), e.mti(),
                        e.batch(), e.trace(), e.pan(), e.amountFen(), e.rrn(), e.authCode(), e.originalSeq(), -1, // no PIN tried here
                        e.fingerprint(), e.detail()).withCounterparties("cup", null);
            }
            shadow.apply(e);
            out.add(e);
        }
        return out;
    }

    private static JournalEntry simple(long seq, long at, TxnType type, Reason reason, String terminal, String merchant, String batch,
            String trace, String pan, long amount, long original, int pinTries, String fingerprint, String detail) {
        return new JournalEntry(seq, Instant.ofEpochSecond(at), type, reason, reason.approved() ? "00" : "55", terminal, merchant,
                type.mti(), batch, trace, pan, amount, Authorizer.rrn(seq), Authorizer.authCode(seq), original, pinTries, fingerprint,
                detail);
    }

    private static Session session(Random r, String terminal, String batch) {
        byte[] sealed = new byte[40];
        r.nextBytes(sealed);
        WorkingKeyLayout layout = WorkingKeyLayout.ofNetworkCode(r.nextBoolean() ? "003" : "004");
        KeyUnderLmk pik = new KeyUnderLmk(KeyUsage.PIK, KeyScheme.TDES_2KEY, sealed, new byte[] {1, 2, 3, 4});
        KeyUnderLmk mak = new KeyUnderLmk(KeyUsage.MAK, KeyScheme.TDES_2KEY, sealed, new byte[] {5, 6, 7, 8});
        KeyUnderLmk tdk = layout.withTdk() ? new KeyUnderLmk(KeyUsage.TDK, KeyScheme.TDES_2KEY, sealed, new byte[] {9, 9, 9, 9}) : null;
        return new Session(terminal, batch, false, layout, pik, mak, tdk);
    }

    private static byte[] snapshot(HostState s) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        s.writeTo(new DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    private static HostState read(byte[] snapshot) throws Exception {
        return HostState.readFrom(new DataInputStream(new ByteArrayInputStream(snapshot)), HOLD, RETENTION);
    }

    private static HostState applied(List<JournalEntry> entries, int from, int to, HostState into) {
        for (int i = from; i < to; i++) {
            into.apply(entries.get(i));
        }
        return into;
    }

    @Test
    void snapshotThenTheRest_isTheStateOfTheWholeJournal() throws Exception {
        List<JournalEntry> journal = journal(42, 20_000);
        HostState whole = applied(journal, 0, journal.size(), new HostState(HOLD, RETENTION));
        // the journal spans two days: batches and chunks were forgotten, holds ran out
        assertThat(whole.forgottenBatches()).isPositive();
        assertThat(whole.expiredHolds()).isPositive();
        assertThat(whole.compactedBatches()).as("settled batches whose answers went").isPositive();
        // off-us cards' numbers went with their chunks (and were given again): fewer held than ever seen
        long offUsCards = journal.stream().filter(JournalEntry::offUs).map(JournalEntry::pan).distinct().count();
        assertThat(whole.heldCards()).isPositive().isLessThan((int) offUsCards);
        for (int cut : new int[] {1, 777, 9_999, 16_384, 19_999}) {
            HostState resumed = read(snapshot(applied(journal, 0, cut, new HostState(HOLD, RETENTION))));
            applied(journal, cut, journal.size(), resumed);
            assertThat(snapshot(resumed)).as("cut at %d", cut).isEqualTo(snapshot(whole));
            assertSameAnswers(whole, resumed, journal);
        }
    }

    /**
     * A state frozen at five points writes, after the rest of the journal was applied to it, what it held at each
     * point; and the state that went on is the state of the whole journal (the copies it made did not lose a change).
     */
    @Test
    void aFrozenState_writesWhatItHeldThen_whileTheStateGoesOn() throws Exception {
        List<JournalEntry> journal = journal(43, 20_000);
        HostState whole = applied(journal, 0, journal.size(), new HostState(HOLD, RETENTION));
        HostState live = new HostState(HOLD, RETENTION);
        List<HostState.Frozen> frozen = new ArrayList<>();
        List<byte[]> then = new ArrayList<>();
        int done = 0;
        for (int cut : new int[] {1, 777, 9_999, 16_384, 19_999}) {
            applied(journal, done, cut, live);
            done = cut;
            then.add(snapshot(live));
            frozen.add(live.freeze());
        }
        applied(journal, done, journal.size(), live);
        for (int i = 0; i < frozen.size(); i++) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            frozen.get(i).writeTo(new DataOutputStream(bytes));
            assertThat(bytes.toByteArray()).as("frozen %d", i).isEqualTo(then.get(i));
        }
        assertThat(snapshot(live)).isEqualTo(snapshot(whole));
        assertSameAnswers(whole, live, journal);
    }

    /** What the host asks of its state, asked of both. */
    private static void assertSameAnswers(HostState a, HostState b, List<JournalEntry> journal) {
        assertThat(b.lastSeq()).isEqualTo(a.lastSeq());
        assertThat(b.heldBatches()).isEqualTo(a.heldBatches());
        assertThat(b.heldChunks()).isEqualTo(a.heldChunks());
        for (JournalEntry e : journal.subList(journal.size() - 3_000, journal.size())) {
            HostState.Answer x = a.answer(e.key());
            HostState.Answer y = b.answer(e.key());
            assertThat(y).isEqualTo(x);
            Txn t = a.txn(e.seq());
            Txn u = b.txn(e.seq());
            assertThat(u == null).isEqualTo(t == null);
            if (t != null) {
                assertThat(java.util.Arrays.<Object>asList(u.type(), u.status(), u.pan(), u.amountFen(), u.rrn(), u.authCode(), u.batch(),
                        u.refundedFen(), u.originalSeq(), u.at())).isEqualTo(java.util.Arrays.<Object>asList(t.type(), t.status(), t.pan(),
                        t.amountFen(), t.rrn(), t.authCode(), t.batch(), t.refundedFen(), t.originalSeq(), t.at()));
            }
            assertThat(b.totals(e.terminal(), e.batch())).isEqualTo(a.totals(e.terminal(), e.batch()));
            assertThat(b.session(e.terminal())).isEqualTo(a.session(e.terminal()));
        }
        for (String pan : PANS) {
            Account x = a.account(pan);
            Account y = b.account(pan);
            assertThat(List.of(y.deltaFen(), y.heldFen(), (long) y.pinTries(), y.pinTriesAtMillis()))
                    .isEqualTo(List.of(x.deltaFen(), x.heldFen(), (long) x.pinTries(), x.pinTriesAtMillis()));
        }
    }

    @Test
    void aSnapshotTakenUnderAnotherHoldOrRetention_isRefused() throws Exception {
        byte[] s = snapshot(applied(journal(7, 500), 0, 500, new HostState(HOLD, RETENTION)));
        assertThatThrownBy(() -> HostState.readFrom(new DataInputStream(new ByteArrayInputStream(s)), HOLD, RETENTION.plusHours(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retention");
        assertThatThrownBy(() -> HostState.readFrom(new DataInputStream(new ByteArrayInputStream(s)), HOLD.plusHours(1), RETENTION))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hold");
    }

    @Test
    void aSnapshotCutShort_failsToRead_neverGivesAPartState() throws Exception {
        byte[] s = snapshot(applied(journal(9, 2_000), 0, 2_000, new HostState(HOLD, RETENTION)));
        Random r = new Random(9);
        for (int i = 0; i < 50; i++) {
            byte[] cut = java.util.Arrays.copyOf(s, r.nextInt(s.length));
            assertThatThrownBy(() -> read(cut)).isInstanceOfAny(java.io.IOException.class, IllegalArgumentException.class);
        }
    }
}
