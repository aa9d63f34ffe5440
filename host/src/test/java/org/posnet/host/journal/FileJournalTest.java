package org.posnet.host.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
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
                "ab".repeat(32), seq % 5 == 0 ? null : "0210 reply 回复 " + seq);
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

    /** Opening reads only the last segment; damage in an earlier one stops the replay, before the host listens. */
    @Test
    void aBadRecordInAnEarlierSegment_stopsTheReplay(@TempDir Path dir) throws Exception {
        try (FileJournal j = new FileJournal(dir, 7, 4096)) {
            appendAll(j, 1, 100);
        }
        Path first;
        try (Stream<Path> s = Files.list(dir)) {
            first = s.filter(p -> p.toString().endsWith(".log")).sorted().findFirst().orElseThrow();
        }
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
            List<JournalEntry> got;
            try {
                got = replay(dir);
            } catch (IllegalStateException e) {
                assertThat(e.getMessage()).contains("corrupt");
                continue;
            }
            for (int i = 0; i < got.size(); i++) {
                assertThat(got.get(i)).usingRecursiveComparison().isEqualTo(entry(i + 1));
            }
        }
    }
}
