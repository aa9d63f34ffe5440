package org.posnet.host.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.posnet.common.crypto.MasterKey;
import org.posnet.host.auth.JournalEntry;

/** The journal's encryption at rest: its key file, the keystream against JCE's own AES-CTR, and records that hide the card. */
class RecordCipherTest {

    private static MasterKey lmk() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return MasterKey.ofBytes(k);
    }

    @Test
    void theKeyIsMadeOnce_sealedUnderTheLmk_andAnotherLmkCannotOpenIt(@TempDir Path dir) throws Exception {
        MasterKey lmk = lmk();
        RecordCipher first = RecordCipher.openOrCreate(dir, lmk);
        String file = Files.readString(dir.resolve(RecordCipher.FILE), StandardCharsets.US_ASCII);
        assertThat(file).startsWith("lmk1:");
        RecordCipher again = RecordCipher.openOrCreate(dir, lmk);
        byte[] a = "6222021234567890128".getBytes(StandardCharsets.US_ASCII);
        byte[] b = a.clone();
        first.apply(42, a, 0, a.length);
        again.apply(42, b, 0, b.length);
        assertThat(a).as("the same key after a reopen").isEqualTo(b);
        assertThat(Files.readString(dir.resolve(RecordCipher.FILE), StandardCharsets.US_ASCII)).isEqualTo(file);

        assertThatThrownBy(() -> RecordCipher.openOrCreate(dir, lmk())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("another master key");
        assertThat(RecordCipher.openOrCreate(dir.resolve("other"), lmk)).as("another journal, another key").satisfies(other -> {
            byte[] c = "6222021234567890128".getBytes(StandardCharsets.US_ASCII);
            other.apply(42, c, 0, c.length);
            assertThat(c).isNotEqualTo(a);
        });
    }

    @Test
    void aJournalWhoseKeyFileWentMissing_isRefusedWithWhatToRestore(@TempDir Path dir) throws Exception {
        MasterKey lmk = lmk();
        try (FileJournal j = new FileJournal(dir, 16, RecordCipher.openOrCreate(dir, lmk))) {
            for (long seq = 1; seq <= 5; seq++) {
                j.append(FileJournalTest.entry(seq)).join();
            }
        }
        Files.delete(dir.resolve(RecordCipher.FILE));
        assertThatThrownBy(() -> new FileJournal(dir, 16, RecordCipher.openOrCreate(dir, lmk))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("encrypted under a key this directory no longer has").hasMessageContaining("restore");
    }

    @Test
    void startsRacingOnANewJournal_allGetTheOneKeyThatIsKept(@TempDir Path dir) throws Exception {
        MasterKey lmk = lmk();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<RecordCipher>> ciphers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                ciphers.add(pool.submit(() -> {
                    go.await();
                    return RecordCipher.openOrCreate(dir, lmk);
                }));
            }
            go.countDown();
            RecordCipher kept = RecordCipher.openOrCreate(dir, lmk);
            byte[] expected = new byte[32];
            kept.apply(9, expected, 0, expected.length);
            for (java.util.concurrent.Future<RecordCipher> c : ciphers) {
                byte[] got = new byte[32];
                c.get().apply(9, got, 0, got.length);
                assertThat(got).isEqualTo(expected);
            }
            try (var files = Files.list(dir)) {
                assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly(RecordCipher.FILE);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theKeystream_isAesCtrFromSeqAndBlockNumber_asJceComputesIt() throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        RecordCipher cipher = new RecordCipher(key);
        for (long seq : new long[] {1, 255, 1L << 40, Long.MAX_VALUE}) {
            for (int length : new int[] {1, 15, 16, 17, 300, 5000}) {
                byte[] data = new byte[length];
                new SecureRandom().nextBytes(data);
                byte[] ours = data.clone();
                cipher.apply(seq, ours, 0, length);
                Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding");
                ctr.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"),
                        new IvParameterSpec(ByteBuffer.allocate(16).putLong(seq).putLong(0).array()));
                assertThat(ours).as("seq %d, %d bytes", seq, length).isEqualTo(ctr.doFinal(data));
                cipher.apply(seq, ours, 0, length);
                assertThat(ours).as("applied twice").isEqualTo(data);
            }
        }
    }

    @Test
    void theSnapshotStream_isAesCtrFromItsIv_inWritesOfAnySize_andReadsBack() throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        RecordCipher cipher = new RecordCipher(key);
        byte[] data = new byte[100_003];
        new SecureRandom().nextBytes(data);
        byte[] nearWrap = new byte[16];
        java.util.Arrays.fill(nearWrap, 8, 16, (byte) 0xFF);
        nearWrap[15] = (byte) 0xF0; // the low 64 bits wrap after 16 blocks, carrying into the high ones
        byte[] allOnes = new byte[16];
        java.util.Arrays.fill(allOnes, (byte) 0xFF); // the whole 128 bits wrap at once
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        for (byte[] iv : List.of(nearWrap, allOnes, random)) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            try (java.io.OutputStream enc = cipher.encrypting(out, iv)) {
                // writes of odd sizes, a byte at a time too, across the 4 KiB keystream chunks
                int at = 0;
                int[] sizes = {1, 15, 4096, 1, 4095, 7000, 3};
                for (int k = 0; at < data.length; k++) {
                    int n = Math.min(sizes[k % sizes.length], data.length - at);
                    if (n == 1) {
                        enc.write(data[at]);
                    } else {
                        enc.write(data, at, n);
                    }
                    at += n;
                }
            }
            Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding");
            ctr.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            assertThat(out.toByteArray()).isEqualTo(ctr.doFinal(data));
            try (java.io.InputStream dec = cipher.decrypting(new java.io.ByteArrayInputStream(out.toByteArray()), iv)) {
                assertThat(dec.readAllBytes()).isEqualTo(data);
            }
        }
    }

    @Test
    void encryptedRecords_hideTheCard_readBackEqual_andNeedTheKey() {
        RecordCipher cipher = RecordCipher.random();
        List<JournalEntry> entries = new ArrayList<>();
        for (long seq = 1; seq <= 200; seq++) {
            entries.add(FileJournalTest.entry(seq));
        }
        for (JournalEntry e : entries) {
            byte[] record = JournalRecords.encode(e, cipher);
            assertThat(record[JournalRecords.HEADER]).as("version").isEqualTo((byte) 3);
            assertThat(ByteBuffer.wrap(record).getLong(JournalRecords.SEQ_AT)).as("the seq stays readable").isEqualTo(e.seq());
            String text = new String(record, StandardCharsets.ISO_8859_1);
            assertThat(text).doesNotContain("6222021234567890128").doesNotContain("SALE").doesNotContain("10000001");
            ByteBuffer body = ByteBuffer.wrap(record, JournalRecords.HEADER, record.length - JournalRecords.HEADER).slice();
            assertThat(JournalRecords.crc(body)).as("the CRC is of the body as stored").isEqualTo(ByteBuffer.wrap(record).getInt(4));
            assertThat(JournalRecords.read(body.duplicate(), cipher)).isEqualTo(e);
            assertThatThrownBy(() -> JournalRecords.read(body.duplicate())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("encrypted");
            JournalEntry underAnotherKey;
            try {
                underAnotherKey = JournalRecords.read(body.duplicate(), RecordCipher.random());
            } catch (IllegalArgumentException garbage) {
                underAnotherKey = null;
            }
            assertThat(underAnotherKey).as("another key").isNotEqualTo(e);
        }
    }
}
