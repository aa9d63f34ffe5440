package org.posnet.host.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.posnet.host.auth.JournalEntry;
import org.posnet.host.auth.Reason;
import org.posnet.host.auth.TxnType;

/** The record format against a reference encoder written from its description, not from the code. */
class JournalRecordsTest {
    private static final String[] ALPHABETS = {"0123456789", "abcdef0123456789 =", "éàüß", "商户回复", "\uD83D\uDCB3", "\u007F\u0080\u00FF"};

    private static String randomString(Random r) {
        if (r.nextInt(8) == 0) {
            return null;
        }
        StringBuilder s = new StringBuilder();
        int n = r.nextInt(40);
        String alphabet = ALPHABETS[r.nextInt(ALPHABETS.length)];
        for (int i = 0; i < n; i++) {
            // mostly one alphabet per string, now and then a character from another
            String from = r.nextInt(10) == 0 ? ALPHABETS[r.nextInt(ALPHABETS.length)] : alphabet;
            int at = r.nextInt(from.length());
            if (Character.isHighSurrogate(from.charAt(at))) {
                s.append(from, at, at + 2);
            } else if (Character.isLowSurrogate(from.charAt(at))) {
                s.append(from, at - 1, at + 1);
            } else {
                s.append(from.charAt(at));
            }
        }
        return s.toString();
    }

    /**
     * {@code [length u32][CRC32C u32][version, fields in declaration order]}, strings u16 length + UTF-8;
     * version 1 without the issuer and acquirer, 2 with both, last, when either is set.
     */
    private static byte[] reference(JournalEntry e) throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(body);
        boolean v2 = e.issuer() != null || e.acquirer() != null;
        d.writeByte(v2 ? 2 : 1);
        d.writeLong(e.seq());
        d.writeLong(e.at().getEpochSecond());
        d.writeInt(e.at().getNano());
        for (String s : new String[] {e.type().name(), e.reason().name(), e.responseCode(), e.terminal(), e.merchant(), e.mti(),
            e.batch(), e.trace(), e.pan()}) {
            refString(d, s);
        }
        d.writeLong(e.amountFen());
        refString(d, e.rrn());
        refString(d, e.authCode());
        d.writeLong(e.originalSeq());
        d.writeInt(e.pinTries());
        refString(d, e.fingerprint());
        refString(d, e.detail());
        if (v2) {
            refString(d, e.issuer());
            refString(d, e.acquirer());
        }
        byte[] b = body.toByteArray();
        CRC32C crc = new CRC32C();
        crc.update(b);
        return ByteBuffer.allocate(8 + b.length).putInt(b.length).putInt((int) crc.getValue()).put(b).array();
    }

    private static void refString(DataOutputStream d, String s) throws Exception {
        if (s == null) {
            d.writeShort(0xFFFF);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        d.writeShort(b.length);
        d.write(b);
    }

    @Test
    void randomEntries_encodeAsTheReference_andReadBackEqual() throws Exception {
        Random r = new Random(20261127);
        for (int i = 0; i < 5_000; i++) {
            JournalEntry e = new JournalEntry(1 + r.nextInt(1 << 30), Instant.ofEpochSecond(r.nextInt(2_000_000_000), r.nextInt(1_000_000_000)),
                    TxnType.values()[r.nextInt(TxnType.values().length)], Reason.values()[r.nextInt(Reason.values().length)],
                    "00", "1000000" + r.nextInt(10), nonNull(randomString(r)), "0200", "000001", nonNull(randomString(r)),
                    randomString(r), r.nextLong(), randomString(r), randomString(r), r.nextInt(1000), r.nextInt(5) - 1,
                    randomString(r), randomString(r), r.nextInt(3) == 0 ? nonNull(randomString(r)) : null,
                    r.nextInt(3) == 0 ? nonNull(randomString(r)) : null);
            byte[] record = JournalRecords.encode(e);
            assertThat(record).as("entry %d: %s", i, e).isEqualTo(reference(e));
            JournalEntry back = JournalRecords.read(ByteBuffer.wrap(record, JournalRecords.HEADER, record.length - JournalRecords.HEADER));
            assertThat(back).isEqualTo(e);
        }
    }

    @Test
    void theVersionSaysWhatFollowsTheDetail() throws Exception {
        byte[] v1 = reference(withDetail("x"));
        assertThat(JournalRecords.encode(withDetail("x"))[JournalRecords.HEADER]).as("an on-us entry stays version 1").isEqualTo((byte) 1);
        // a version 2 body cut after its detail is short of its issuer and acquirer
        ByteBuffer cut = ByteBuffer.wrap(v1.clone(), JournalRecords.HEADER, v1.length - JournalRecords.HEADER).slice();
        cut.put(0, (byte) 2);
        assertThatThrownBy(() -> JournalRecords.read(cut)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ends inside");
        // and a version 1 body with bytes after its detail is not read as a version 2 one
        ByteBuffer trailing = ByteBuffer.allocate(v1.length - JournalRecords.HEADER + 5);
        trailing.put(v1, JournalRecords.HEADER, v1.length - JournalRecords.HEADER).putShort((short) 3).put("cup".getBytes()).flip();
        assertThatThrownBy(() -> JournalRecords.read(trailing)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bytes after the entry");
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    @Test
    void longStrings_fitUpToTheLimits_andPastThemAreRefused() {
        JournalEntry fits = withDetail("a".repeat(60_000));
        byte[] record = JournalRecords.encode(fits);
        assertThat(JournalRecords.read(ByteBuffer.wrap(record, JournalRecords.HEADER, record.length - JournalRecords.HEADER)).detail())
                .hasSize(60_000);
        // a string's u16 length (0xFFFF is null), then the body's 64 KiB
        assertThatThrownBy(() -> JournalRecords.encode(withDetail("a".repeat(0xFFFE)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is over 65536");
        assertThatThrownBy(() -> JournalRecords.encode(withDetail("a".repeat(0xFFFF)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("65535 bytes is too long");
        // under the limit in chars, over it in UTF-8 bytes
        assertThatThrownBy(() -> JournalRecords.encode(withDetail("a".repeat(30_000) + "商".repeat(12_000))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too long");
    }

    private static JournalEntry withDetail(String detail) {
        return new JournalEntry(7, Instant.EPOCH, TxnType.SETTLEMENT, Reason.APPROVED, "00", "10000001", "898110058120001",
                "0500", "000001", "000007", null, 0, null, null, 0, -1, null, detail);
    }
}
