package org.posnet.host.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.posnet.host.auth.AuthPolicy;
import org.posnet.host.auth.HostState;
import org.posnet.host.auth.JournalEntry;

/** The snapshot file: used only when whole and when it goes with this journal and policy; otherwise ignored. */
class StateSnapshotTest {
    private static final Duration HOLD = AuthPolicy.DEFAULT_PRE_AUTH_HOLD;
    private static final Duration RETENTION = AuthPolicy.DEFAULT_STATE_RETENTION;
    private static final RecordCipher CIPHER = RecordCipher.random();

    /** A journal of 300 entries in {@code dir} and the state they make. */
    private static HostState journaled(Path dir) {
        return journaled(dir, 300);
    }

    private static HostState journaled(Path dir, int entries) {
        HostState state = new HostState(HOLD, RETENTION);
        try (FileJournal j = new FileJournal(dir, 7, 4096)) {
            java.util.concurrent.CompletableFuture<Void> last = null;
            for (long seq = 1; seq <= entries; seq++) {
                JournalEntry e = FileJournalTest.entry(seq);
                state.apply(e);
                last = j.append(e);
            }
            last.join();
        }
        return state;
    }

    private static byte[] bytes(HostState s) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        s.writeTo(new DataOutputStream(b));
        return b.toByteArray();
    }

    private static StateSnapshot.Loaded load(Path dir, Duration retention) {
        try (FileJournal j = new FileJournal(dir, 7, 4096)) {
            return StateSnapshot.load(dir, HOLD, retention, j.durableSeq(), j::read, CIPHER);
        }
    }

    @Test
    void savedThenLoaded_isTheSameState(@TempDir Path dir) throws Exception {
        HostState state = journaled(dir);
        assertThat(load(dir, RETENTION)).as("none yet").isNull();
        StateSnapshot.save(dir, state, FileJournalTest.entry(300), CIPHER);
        StateSnapshot.Loaded loaded = load(dir, RETENTION);
        assertThat(loaded.seq()).isEqualTo(300);
        assertThat(bytes(loaded.state())).isEqualTo(bytes(state));
        assertThat(dir.resolve(StateSnapshot.FILE + ".tmp")).doesNotExist();
        // the state holds card numbers: the file does not show them, and another key reads nothing from it
        assertThat(new String(bytes(state), java.nio.charset.StandardCharsets.ISO_8859_1)).contains("6222021234567890128");
        assertThat(new String(Files.readAllBytes(dir.resolve(StateSnapshot.FILE)), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain("6222021234567890128");
        try (FileJournal j = new FileJournal(dir, 7, 4096)) {
            assertThat(StateSnapshot.load(dir, HOLD, RETENTION, j.durableSeq(), j::read, RecordCipher.random())).isNull();
        }
        // the journal's segments are still all it reads as segments
        try (FileJournal j = new FileJournal(dir, 7, 4096)) {
            long[] n = {0};
            j.replay(e -> n[0]++);
            assertThat(n[0]).isEqualTo(300);
        }
    }

    @Test
    void damaged_cutShort_orOfAnotherPolicy_isIgnored(@TempDir Path dir) throws Exception {
        HostState state = journaled(dir);
        StateSnapshot.save(dir, state, FileJournalTest.entry(300), CIPHER);
        Path file = dir.resolve(StateSnapshot.FILE);
        byte[] good = Files.readAllBytes(file);

        assertThat(load(dir, RETENTION.plusDays(1))).as("another retention").isNull();
        for (int at : new int[] {0, 5, 20, good.length / 2, good.length - 1}) {
            byte[] bad = good.clone();
            bad[at] ^= 0x01;
            Files.write(file, bad);
            assertThat(load(dir, RETENTION)).as("byte %d flipped", at).isNull();
        }
        Files.write(file, java.util.Arrays.copyOf(good, good.length - 3));
        assertThat(load(dir, RETENTION)).as("cut short").isNull();
        Files.write(file, java.util.Arrays.copyOf(good, good.length + 1));
        assertThat(load(dir, RETENTION)).as("bytes after it").isNull();
        Files.write(file, good);
        assertThat(load(dir, RETENTION)).isNotNull();
    }

    @Test
    void aheadOfTheJournal_orTakenWithAnotherJournal_isIgnored(@TempDir Path dir, @TempDir Path other) throws Exception {
        HostState state = journaled(dir);
        StateSnapshot.save(dir, state, FileJournalTest.entry(300), CIPHER);
        byte[] snapshot = Files.readAllBytes(dir.resolve(StateSnapshot.FILE));

        // the same seqs, another entry at 300: a journal this snapshot was not taken with
        try (FileJournal j = new FileJournal(other, 7, 4096)) {
            for (long seq = 1; seq <= 300; seq++) {
                JournalEntry e = FileJournalTest.entry(seq);
                j.append(seq < 300 ? e : new JournalEntry(seq, e.at(), e.type(), e.reason(), e.responseCode(), e.terminal(),
                        e.merchant(), e.mti(), e.batch(), "999999", e.pan(), e.amountFen(), e.rrn(), e.authCode(), e.originalSeq(),
                        e.pinTries(), e.fingerprint(), e.detail())).join();
            }
        }
        Files.write(other.resolve(StateSnapshot.FILE), snapshot);
        assertThat(load(other, RETENTION)).isNull();

        // a journal that ends before the snapshot's seq (restored from an older copy)
        Path older = other.resolveSibling(other.getFileName() + "-older");
        Files.createDirectories(older);
        try (FileJournal j = new FileJournal(older, 7, 4096)) {
            for (long seq = 1; seq <= 200; seq++) {
                j.append(FileJournalTest.entry(seq)).join();
            }
        }
        Files.write(older.resolve(StateSnapshot.FILE), snapshot);
        assertThat(load(older, RETENTION)).isNull();
    }

    @Test
    void taken_isWrittenAsOfThen_whileTheStateGoesOn(@TempDir Path dir) throws Exception {
        HostState state = journaled(dir);
        byte[] asOf = bytes(state);
        StateSnapshot.Taken taken = StateSnapshot.take(state, FileJournalTest.entry(300));
        assertThat(dir.resolve(StateSnapshot.FILE + ".tmp")).as("nothing written while held").doesNotExist();
        // the lock let go, the state takes more entries before the write: they change the chunk and the batch maps it
        // was frozen with
        for (long seq = 301; seq <= 20_000; seq++) {
            state.apply(FileJournalTest.entry(seq));
        }
        assertThat(bytes(state)).isNotEqualTo(asOf);
        StateSnapshot.Written written = taken.write(dir, CIPHER);
        assertThat(written.bytes()).isEqualTo(Files.size(dir.resolve(StateSnapshot.FILE + ".tmp")));
        written.commit();
        StateSnapshot.Loaded loaded = load(dir, RETENTION);
        assertThat(loaded.seq()).isEqualTo(300);
        assertThat(bytes(loaded.state())).isEqualTo(asOf);
    }

    @Test
    void onlyAsOfTheStatesLastEntry() {
        HostState state = new HostState(HOLD, RETENTION);
        state.apply(FileJournalTest.entry(1));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> StateSnapshot.save(Path.of("unused"), state, FileJournalTest.entry(2), CIPHER))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> StateSnapshot.take(state, FileJournalTest.entry(2)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
