package org.posnet.host.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.posnet.host.auth.JournalEntry;
import org.posnet.host.auth.Reason;
import org.posnet.host.auth.TxnType;

class FileJournalTest {

    static JournalEntry entry(long seq) {
        return new JournalEntry(seq, Instant.parse("2026-11-26T02:00:00.123456789Z").plusSeconds(seq), TxnType.SALE,
                Reason.APPROVED, "00", "10000001", "898110058120001", "0200", "000001", String.format("%06d", seq % 1_000_000),
                seq % 3 == 0 ? null : "6222021234567890128", 100 * seq, "123456789012", "654321", seq / 2, seq % 7 == 0 ? -1 : 0,
                "ab".repeat(32), seq % 5 == 0 ? null : "0210 reply 回复 " + seq,
                // version 2 records among version 1 ones: off-us cards' and remote acquirers' entries
                seq % 4 == 0 ? "cup" : null, seq % 11 == 0 ? "48160000" : null);
    }

    private static List<JournalEntry> replay(Path dir) {
        List<JournalEntry> out = new ArrayList<>();
        try (FileJournal j = new FileJournal(dir, 16)) {
            j.replay(out::add);
        }
        return out;
    }

    private static void appendAll(FileJournal j, long from, long to) {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (long s = from; s <= to; s++) {
            done.add(j.append(entry(s)));
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
    }

    private static Path onlySegment(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".log")).findFirst().orElseThrow();
        }
    }

    /**
     * What a kill -9 leaves on disk: the journal's files as they are while it runs (every write is in the page
     * cache, so the files read as written), copied aside while the writer is idle.
     */
    private static Path crashImage(Path dir, Path to) throws Exception {
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".log")).toList()) {
                Files.copy(p, to.resolve(p.getFileName()));
            }
        }
        return to;
    }

    /** Where the records of a segment end, following their lengths from the start (-1 when a header is bad). */
    private static long recordsEnd(Path segment) throws Exception {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(Files.readAllBytes(segment));
        int at = 0;
        while (at + JournalRecords.HEADER <= b.limit()) {
            int length = b.getInt(at);
            if (length == 0) {
                break;
            }
            if (length < 0 || length > JournalRecords.MAX_BODY) {
                return -1;
            }
            at += JournalRecords.HEADER + length;
        }
        return at;
    }

    /** The bytes of records {@code from..to} as the journal writes them. */
    private static byte[] records(long from, long to) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1 << 20);
        for (long s = from; s <= to; s++) {
            JournalRecords.write(entry(s), b);
        }
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    private static List<Path> segmentFiles(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
        }
    }

    @Test
    void read_findsAnyDurableEntry_acrossSegments_beforeAndAfterAReopen(@TempDir Path dir) {
        try (FileJournal j = new FileJournal(dir, 7, 4096)) {
            appendAll(j, 1, 700);
            for (long seq : new long[] {1, 2, 255, 256, 257, 511, 512, 699, 700}) {
                assertThat(j.read(seq)).as("seq %d", seq).isEqualTo(entry(seq));
            }
            assertThat(j.read(0)).isNull();
            assertThat(j.read(701)).as("not written").isNull();
        }
        try (FileJournal j = new FileJournal(dir, 7, 4096)) {
            j.replay(e -> { });
            appendAll(j, 701, 720);
            for (long seq : new long[] {3, 300, 700, 701, 720}) {
                assertThat(j.read(seq)).as("seq %d", seq).isEqualTo(entry(seq));
            }
        }
    }

    /** A start from a state snapshot: only the segments from the one holding the seq are read. */
    @Test
    void replayFrom_readsFromTheSegmentHoldingTheSeq_andReadStillFindsEarlierEntries(@TempDir Path dir) throws Exception {
        try (FileJournal j = new FileJournal(dir, 7, 4096)) {
            appendAll(j, 1, 700);
        }
        // damage an early segment: a replay from past it never reads it, a whole replay refuses it
        Path firstSegment = segmentFiles(dir).get(0);
        byte[] bytes = Files.readAllBytes(firstSegment);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(firstSegment, bytes);
        for (long from : new long[] {500, 700, 701}) {
            try (FileJournal j = new FileJournal(dir, 7, 4096)) {
                List<Long> seqs = new ArrayList<>();
                j.replayFrom(from, e -> seqs.add(e.seq()));
                assertThat(seqs).as("from %d", from).isEqualTo(seqs(from, 700));
                for (long seq : new long[] {from - 1, 200, 255, 256}) {
                    assertThat(j.read(seq)).as("seq %d, replayed from %d", seq, from).isEqualTo(entry(seq));
                }
                appendAll(j, 701, 702); // appending goes on after a partial replay
                assertThat(j.read(702)).isEqualTo(entry(702));
            }
            truncateAfter(dir, 700); // back to 700 entries for the next round
        }
        assertThatThrownBy(() -> replay(dir)).hasMessageContaining("corrupt");
    }

    /** Drops the records after {@code seq} from the last segment (a test's way back to an earlier journal). */
    private static void truncateAfter(Path dir, long seq) throws Exception {
        List<Path> segments = segmentFiles(dir);
        Path last = segments.get(segments.size() - 1);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(Files.readAllBytes(last));
        int at = 0;
        while (at + JournalRecords.HEADER <= b.limit()) {
            int length = b.getInt(at);
            if (length <= 0 || b.getLong(at + JournalRecords.SEQ_AT) > seq) {
                break;
            }
            at += JournalRecords.HEADER + length;
        }
        try (java.nio.channels.FileChannel c = java.nio.channels.FileChannel.open(last, java.nio.file.StandardOpenOption.WRITE)) {
            c.truncate(at);
        }
    }

    @Test
    void durable_completesForWrittenSeqs_andWaitsForLaterOnes(@TempDir Path dir) {
        try (FileJournal j = new FileJournal(dir, 16)) {
            appendAll(j, 1, 10);
            assertThat(j.durable(10)).isCompleted();
            CompletableFuture<Void> later = j.durable(12);
            assertThat(later).isNotDone();
            appendAll(j, 11, 12);
            assertThat(later).succeedsWithin(java.time.Duration.ofSeconds(5));
            CompletableFuture<Void> never = j.durable(100);
            j.close();
            assertThat(never).failsWithin(java.time.Duration.ofSeconds(5));
        }
    }

    @Test
    void entriesComeBackEqual_inOrder_acrossSegmentsAndReopens(@TempDir Path dir) throws Exception {
        try (FileJournal j = new FileJournal(dir, 7, 4096)) {
            appendAll(j, 1, 300);
            assertThat(j.durableSeq()).isEqualTo(300);
            assertThat(j.commits()).isBetween(1L, 300L);
        }
        try (FileJournal j = new FileJournal(dir, 7, 4096)) {
            appendAll(j, 301, 400);
        }
        List<JournalEntry> back = replay(dir);
        assertThat(back).hasSize(400);
        for (int i = 0; i < 400; i++) {
            assertThat(back.get(i)).usingRecursiveComparison().isEqualTo(entry(i + 1));
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.filter(p -> p.toString().endsWith(".log")).count()).as("rotated segments").isGreaterThan(3);
        }
    }

    @Test
    void aTornTailIsCutOff_andAppendingGoesOnFromTheLastWholeRecord(@TempDir Path dir) throws Exception {
        try (FileJournal j = new FileJournal(dir, 16)) {
            appendAll(j, 1, 10);
        }
        Path segment = onlySegment(dir);
        long whole = Files.size(segment);
        try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
            f.setLength(whole - 5); // the last record loses its end, as a crash mid-write leaves it
        }
        try (FileJournal j = new FileJournal(dir, 16)) {
            assertThat(j.durableSeq()).isEqualTo(9);
            appendAll(j, 10, 12);
        }
        assertThat(replay(dir)).extracting(JournalEntry::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);
    }

    @Test
    void zerosAfterTheLastRecordAreATornTail(@TempDir Path dir) throws Exception {
        try (FileJournal j = new FileJournal(dir, 16)) {
            appendAll(j, 1, 3);
        }
        Path segment = onlySegment(dir);
        Files.write(segment, new byte[4096], java.nio.file.StandardOpenOption.APPEND);
        assertThat(replay(dir)).hasSize(3);
        assertThat(Files.size(segment)).as("zeros cut off").isLessThan(4096);
    }

    @Test
    void aBadRecordWithRecordsAfterItIsCorruption_theHostRefusesToStart(@TempDir Path dir) throws Exception {
        try (FileJournal j = new FileJournal(dir, 16)) {
            appendAll(j, 1, 10);
        }
        Path segment = onlySegment(dir);
        byte[] bytes = Files.readAllBytes(segment);
        bytes[40] ^= 0x01; // inside the first record's body
        Files.write(segment, bytes);
        assertThatThrownBy(() -> new FileJournal(dir, 16)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("corrupt").hasMessageContaining("byte 0").hasMessageContaining("CRC");
        assertThat(Files.readAllBytes(segment)).as("nothing cut from a corrupt journal").isEqualTo(bytes);
    }

    @Test
    void anEncryptedJournal_replaysAcrossSegmentsAndReopens_cutsATornTail_andReadsBySeq(@TempDir Path dir) throws Exception {
        RecordCipher cipher = RecordCipher.random();
        try (FileJournal j = new FileJournal(dir, 16, 4096, 1024, cipher)) {
            appendAll(j, 1, 150);
        }
        try (FileJournal j = new FileJournal(dir, 16, 4096, 1024, cipher)) {
            appendAll(j, 151, 200);
            assertThat(j.read(7)).usingRecursiveComparison().isEqualTo(entry(7));
        }
        List<Path> segments = segmentFiles(dir);
        assertThat(segments.size()).isGreaterThan(2);
        Path last = segments.get(segments.size() - 1);
        long whole = Files.size(last);
        try (RandomAccessFile f = new RandomAccessFile(last.toFile(), "rw")) {
            f.setLength(whole - 5); // a crash in the middle of the last record
        }
        List<JournalEntry> got = new ArrayList<>();
        try (FileJournal j = new FileJournal(dir, 16, 4096, 1024, cipher)) {
            j.replay(got::add);
            assertThat(j.durableSeq()).isEqualTo(199);
        }
        for (int i = 0; i < got.size(); i++) {
            assertThat(got.get(i)).usingRecursiveComparison().isEqualTo(entry(i + 1));
        }
        assertThat(got).hasSize(199);
        for (Path p : segmentFiles(dir)) {
            assertThat(new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("6222021234567890128");
        }
        // without the key the records are whole but unreadable: a refusal, nothing cut (replayed, since an open reads
        // only the last segment, which the cut may have left empty)
        assertThatThrownBy(() -> {
            try (FileJournal j = new FileJournal(dir, 16, 4096)) {
                j.replay(e -> { });
            }
        }).isInstanceOf(IllegalStateException.class).hasMessageContaining("encrypted");
    }

    @Test
    void aWholeLastRecordOfAnUnknownFormat_refusesTheStart_isNeverCutAsATornTail(@TempDir Path dir) throws Exception {
        try (FileJournal j = new FileJournal(dir, 16)) {
            appendAll(j, 1, 3);
        }
        Path segment = onlySegment(dir);
        byte[] bytes = Files.readAllBytes(segment);
        // the last record as a later version would write it: another version byte, its CRC right
        int at = 0;
        for (int i = 0; i < 2; i++) {
            at += JournalRecords.HEADER + ByteBuffer.wrap(bytes).getInt(at);
        }
        int length = ByteBuffer.wrap(bytes).getInt(at);
        bytes[at + JournalRecords.HEADER] = 9;
        ByteBuffer.wrap(bytes).putInt(at + 4, JournalRecords.crc(ByteBuffer.wrap(bytes, at + JournalRecords.HEADER, length)));
        Files.write(segment, bytes);
        assertThatThrownBy(() -> new FileJournal(dir, 16)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not parse").hasMessageContaining("record version 9");
        assertThat(Files.readAllBytes(segment)).as("nothing cut").isEqualTo(bytes);
    }

    /** Opening reads only the last segment; damage in an earlier one stops the replay, before the host listens. */
    @Test
    void aBadRecordInAnEarlierSegment_stopsTheReplay(@TempDir Path dir) throws Exception {
        try (FileJournal j = new FileJournal(dir, 7, 4096)) {
            appendAll(j, 1, 100);
        }
        Path first = segmentFiles(dir).get(0);
        byte[] bytes = Files.readAllBytes(first);
        bytes[40] ^= 0x01;
        Files.write(first, bytes);
        try (FileJournal j = new FileJournal(dir, 7, 4096)) {
            assertThat(j.durableSeq()).isEqualTo(100);
            assertThatThrownBy(() -> j.replay(e -> { })).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("corrupt").hasMessageContaining(first.getFileName().toString());
        }
    }

    @Test
    void oneWriterPerDirectory(@TempDir Path dir) throws Exception {
        try (FileJournal j = new FileJournal(dir, 16)) {
            assertThatThrownBy(() -> new FileJournal(dir, 16)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("in use");
        }
        new FileJournal(dir, 16).close(); // released on close
    }

    @Test
    void afterCloseAppendsFail_insteadOfHanging(@TempDir Path dir) throws Exception {
        FileJournal j = new FileJournal(dir, 16);
        j.close();
        assertThat(j.append(entry(1))).isCompletedExceptionally();
    }

    /** Random damage to the tail never yields a wrong entry: each open either recovers a prefix or refuses. */
    @Test
    void fuzz_randomDamage_givesAPrefixOrAClearRefusal(@TempDir Path base) throws Exception {
        Random random = new Random(20261126);
        Path original = base.resolve("original");
        try (FileJournal j = new FileJournal(original, 16)) {
            appendAll(j, 1, 40);
        }
        byte[] clean = Files.readAllBytes(onlySegment(original));
        for (int round = 0; round < 300; round++) {
            Path dir = Files.createDirectories(base.resolve("r" + round));
            byte[] bytes = clean.clone();
            int cut = random.nextInt(bytes.length + 1);
            bytes = java.util.Arrays.copyOf(bytes, cut);
            int flips = random.nextInt(3);
            for (int i = 0; i < flips && bytes.length > 0; i++) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            Files.write(dir.resolve("journal-0000000000000000001.log"), bytes);
            assertReplaysAPrefixOrRefusesAsCorrupt(dir);
        }
    }

    /** A damaged journal replays the entries before the damage, exactly as written, or is refused as corrupt: never anything else. */
    private static void assertReplaysAPrefixOrRefusesAsCorrupt(Path dir) {
        List<JournalEntry> got;
        try {
            got = replay(dir);
        } catch (IllegalStateException e) {
            assertThat(e.getMessage()).contains("corrupt");
            return;
        }
        for (int i = 0; i < got.size(); i++) {
            assertThat(got.get(i)).usingRecursiveComparison().isEqualTo(entry(i + 1));
        }
    }

    // ------------------------------------------------------------------ zeros written ahead (preallocation)

    @Test
    void zerosAreWrittenAheadOfTheRecords_andReadAsTheEnd_afterACrash(@TempDir Path base) throws Exception {
        Path dir = base.resolve("live");
        Path image;
        try (FileJournal j = new FileJournal(dir, 16, 1 << 20, 64 * 1024)) {
            appendAll(j, 1, 50);
            long commitsBefore = j.commits();
            appendAll(j, 51, 60);
            assertThat(j.commits()).isGreaterThan(commitsBefore);
            image = crashImage(dir, base.resolve("crash"));
        }
        Path segment = onlySegment(image);
        long end = recordsEnd(segment);
        assertThat(Files.size(segment)).as("zeros past the records").isGreaterThan(end).isLessThanOrEqualTo(end + 68 * 1024);
        assertThat(Files.size(segment) % 4096).isZero();
        assertThat(java.util.Arrays.copyOfRange(Files.readAllBytes(segment), (int) end, (int) Files.size(segment)))
                .containsOnly((byte) 0);
        try (FileJournal j = new FileJournal(image, 16, 1 << 20, 64 * 1024)) {
            assertThat(j.durableSeq()).isEqualTo(60);
            appendAll(j, 61, 70);
            assertThat(j.read(65)).isEqualTo(entry(65));
        }
        assertThat(replay(image)).extracting(JournalEntry::seq).containsExactlyElementsOf(seqs(1, 70));
        assertThat(Files.size(segment)).as("closed: the file ends at its last record").isEqualTo(recordsEnd(segment));
    }

    /**
     * A crash in the middle of a preallocated segment, during a commit: part of its records reached the file,
     * the rest is zeros. The whole records stay, the torn one is found by its CRC and cut, appending goes on
     * from there, and a second crash after more appends recovers them all.
     */
    @Test
    void aTornCommitInsideTheZeros_isCut_andAppendsAfterItSurviveTheNextCrash(@TempDir Path base) throws Exception {
        Path dir = base.resolve("live");
        try (FileJournal j = new FileJournal(dir, 16, 1 << 20, 64 * 1024)) {
            appendAll(j, 1, 40);
            crashImage(dir, base.resolve("crash1"));
        }
        Path image = base.resolve("crash1");
        Path segment = onlySegment(image);
        long end = recordsEnd(segment);
        byte[] torn = records(41, 43);
        byte[] half = java.util.Arrays.copyOf(torn, torn.length - 100); // 41 and 42 whole, 43 cut short
        try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
            f.seek(end);
            f.write(half);
        }
        try (FileJournal j = new FileJournal(image, 16, 1 << 20, 64 * 1024)) {
            assertThat(j.durableSeq()).as("whole records are kept, the torn one is not").isEqualTo(42);
            appendAll(j, 43, 45); // shorter than what was torn: nothing of it may survive after them
            crashImage(image, base.resolve("crash2"));
        }
        assertThat(replay(base.resolve("crash2"))).extracting(JournalEntry::seq).containsExactlyElementsOf(seqs(1, 45));
        assertThat(replay(image)).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(
                seqs(1, 45).stream().map(FileJournalTest::entry).toList());
    }

    @Test
    void aDamagedLastRecordBeforeTheZerosIsATornTail_butDamageWithRecordsAfterItIsCorruption(@TempDir Path base)
            throws Exception {
        Path dir = base.resolve("live");
        try (FileJournal j = new FileJournal(dir, 16, 1 << 20, 64 * 1024)) {
            appendAll(j, 1, 20);
            crashImage(dir, base.resolve("last"));
            crashImage(dir, base.resolve("middle"));
        }
        Path last = onlySegment(base.resolve("last"));
        byte[] bytes = Files.readAllBytes(last);
        bytes[(int) recordsEnd(last) - 3] ^= 0x40; // inside record 20's body, zeros after it
        Files.write(last, bytes);
        try (FileJournal j = new FileJournal(base.resolve("last"), 16)) {
            assertThat(j.durableSeq()).isEqualTo(19);
        }
        Path middle = onlySegment(base.resolve("middle"));
        bytes = Files.readAllBytes(middle);
        bytes[40] ^= 0x01; // inside record 1's body, 19 records after it
        Files.write(middle, bytes);
        assertThatThrownBy(() -> new FileJournal(base.resolve("middle"), 16)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("corrupt").hasMessageContaining("byte 0").hasMessageContaining("CRC");
    }

    /** The end is found by following record lengths: bytes after a run of zeros are not searched for records. */
    @Test
    void writtenBytesAfterAGapOfZeros_areCorruption_notMoreRecords(@TempDir Path base) throws Exception {
        Path dir = base.resolve("live");
        try (FileJournal j = new FileJournal(dir, 16, 1 << 20, 64 * 1024)) {
            appendAll(j, 1, 10);
            crashImage(dir, base.resolve("crash"));
        }
        Path segment = onlySegment(base.resolve("crash"));
        long end = recordsEnd(segment);
        try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
            f.seek(end + 4096);
            f.write(records(11, 12)); // whole, valid records: still not the journal's, after a gap
        }
        byte[] before = Files.readAllBytes(segment);
        assertThatThrownBy(() -> new FileJournal(base.resolve("crash"), 16)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("corrupt").hasMessageContaining("byte " + end);
        assertThat(Files.readAllBytes(segment)).as("nothing cut from a corrupt journal").isEqualTo(before);
    }

    /** Rotation and close cut the zeros: every closed segment ends at its last record, as older readers require. */
    @Test
    void closedSegmentsEndAtTheirLastRecord_evenWithZerosWrittenAhead(@TempDir Path base) throws Exception {
        Path dir = base.resolve("live");
        try (FileJournal j = new FileJournal(dir, 7, 8192, 8192)) {
            appendAll(j, 1, 200);
            List<Path> segments = segmentFiles(dir);
            assertThat(segments).hasSizeGreaterThan(3);
            for (Path p : segments.subList(0, segments.size() - 1)) {
                assertThat(Files.size(p)).as("%s", p.getFileName()).isEqualTo(recordsEnd(p));
            }
            Path current = segments.get(segments.size() - 1);
            assertThat(Files.size(current)).as("the open one has zeros ahead").isGreaterThan(recordsEnd(current));
        }
        for (Path p : segmentFiles(dir)) {
            assertThat(Files.size(p)).as("%s", p.getFileName()).isEqualTo(recordsEnd(p));
        }
        assertThat(replay(dir)).extracting(JournalEntry::seq).containsExactlyElementsOf(seqs(1, 200));
    }

    /** Crash images taken after each acknowledged group, across rotations: none loses an acknowledged entry. */
    @Test
    void everyCrashImage_keepsEveryAcknowledgedEntry_acrossRotations(@TempDir Path base) throws Exception {
        Path dir = base.resolve("live");
        List<Path> images = new ArrayList<>();
        List<Long> acknowledged = new ArrayList<>();
        try (FileJournal j = new FileJournal(dir, 5, 6000, 4096)) {
            long seq = 0;
            for (int round = 0; round < 40; round++) {
                long to = seq + 1 + round % 7;
                appendAll(j, seq + 1, to);
                seq = to;
                images.add(crashImage(dir, base.resolve("image" + round)));
                acknowledged.add(seq);
            }
        }
        for (int i = 0; i < images.size(); i++) {
            try (FileJournal j = new FileJournal(images.get(i), 5, 6000, 4096)) {
                assertThat(j.durableSeq()).as("image %d", i).isEqualTo(acknowledged.get(i));
                appendAll(j, acknowledged.get(i) + 1, acknowledged.get(i) + 3);
            }
            assertThat(replay(images.get(i))).as("image %d", i).extracting(JournalEntry::seq)
                    .containsExactlyElementsOf(seqs(1, acknowledged.get(i) + 3));
        }
    }

    /** Random damage to a crash image with zeros ahead never yields a wrong entry: a prefix or a clear refusal. */
    @Test
    void fuzz_randomDamageToAPreallocatedSegment_givesAPrefixOrAClearRefusal(@TempDir Path base) throws Exception {
        Random random = new Random(20261127);
        Path live = base.resolve("live");
        byte[] clean;
        try (FileJournal j = new FileJournal(live, 16, 1 << 20, 16 * 1024)) {
            appendAll(j, 1, 40);
            clean = Files.readAllBytes(onlySegment(crashImage(live, base.resolve("image"))));
        }
        int recordsEnd = (int) recordsEnd(onlySegment(base.resolve("image")));
        for (int round = 0; round < 300; round++) {
            Path dir = Files.createDirectories(base.resolve("r" + round));
            byte[] bytes = clean.clone();
            // a commit torn anywhere near the end: records cut short, then the zeros
            int cut = Math.max(0, recordsEnd - random.nextInt(3000));
            java.util.Arrays.fill(bytes, cut, recordsEnd, (byte) 0);
            int flips = random.nextInt(3);
            for (int i = 0; i < flips; i++) {
                bytes[random.nextInt(Math.min(bytes.length, recordsEnd + 200))] = (byte) random.nextInt(256);
            }
            Files.write(dir.resolve("journal-0000000000000000001.log"), bytes);
            assertReplaysAPrefixOrRefusesAsCorrupt(dir);
        }
    }

    @Test
    void withoutZerosAhead_everyCommitAppends_andTheJournalReadsTheSame(@TempDir Path dir) throws Exception {
        try (FileJournal j = new FileJournal(dir, 16, 1 << 20, 0)) {
            appendAll(j, 1, 30);
            assertThat(Files.size(onlySegment(dir))).isEqualTo(recordsEnd(onlySegment(dir)));
        }
        assertThat(replay(dir)).extracting(JournalEntry::seq).containsExactlyElementsOf(seqs(1, 30));
    }

    // ------------------------------------------------------------------ group size

    /** A backlog of large entries goes in several commits of at most GROUP_BYTES, never one that grows with it. */
    @Test
    void aGroupCommitsAtMostGroupBytes(@TempDir Path dir) {
        String big = "f".repeat(60_000);
        try (FileJournal j = new FileJournal(dir, 512)) {
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (long s = 1; s <= 100; s++) {
                JournalEntry e = entry(s);
                done.add(j.append(withDetail(e, big)));
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
            // 6 MB of records, at most 1 MiB a group
            assertThat(j.commits()).isGreaterThanOrEqualTo(6);
            assertThat(j.read(100).detail()).isEqualTo(big);
        }
        assertThat(replay(dir)).hasSize(100);
    }

    /** A record longer than a reader accepts would stop the next start: it fails the journal instead. */
    @Test
    void anEntryTooLargeToReadBack_failsTheJournal_andNothingUnreadableIsWritten(@TempDir Path dir) {
        try (FileJournal j = new FileJournal(dir, 16)) {
            appendAll(j, 1, 3);
            JournalEntry huge = new JournalEntry(4, Instant.EPOCH, TxnType.SETTLEMENT, Reason.APPROVED, "00", "10000001",
                    "898110058120001", "0500", "000001", "000004", null, 0, null, null, 0, -1, "a".repeat(40_000),
                    "b".repeat(40_000));
            assertThat(j.append(huge)).failsWithin(java.time.Duration.ofSeconds(5));
            assertThat(j.failed()).isTrue();
            assertThat(j.append(entry(5))).isCompletedExceptionally();
        }
        assertThat(replay(dir)).extracting(JournalEntry::seq).containsExactly(1L, 2L, 3L);
    }

    private static JournalEntry withDetail(JournalEntry e, String detail) {
        return new JournalEntry(e.seq(), e.at(), e.type(), e.reason(), e.responseCode(), e.terminal(), e.merchant(), e.mti(),
                e.batch(), e.trace(), e.pan(), e.amountFen(), e.rrn(), e.authCode(), e.originalSeq(), e.pinTries(),
                e.fingerprint(), detail);
    }

    private static List<Long> seqs(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long s = from; s <= to; s++) {
            out.add(s);
        }
        return out;
    }
}
