package org.posnet.sim.terminal;

import org.posnet.host.iso.IsoMessage;

/**
 * The request messages of cup-8583.md's table, as a UnionPay POS terminal fills them. Pure: the caller
 * passes trace and batch, and adds the MAC ({@link MacSigner}); no field here depends on a clock, so a
 * retransmission or a reversal carries exactly the original's fields.
 */
public final class Requests {
    private static final String CURRENCY_CNY = "156";
    /** 53: PIN format 0 (2), double-length PIK (6), no track encryption. */
    private static final String SECURITY_CONTROL = "2600000000000000";

    private Requests() {
    }

    private static IsoMessage.Builder base(String mti, TerminalIdentity id, String trace) {
        return IsoMessage.builder(mti).with(11, trace).with(41, id.terminalId()).with(42, id.merchantId());
    }

    private static String amount(long fen) {
        if (fen <= 0 || fen > 999_999_999_999L) {
            throw new IllegalArgumentException("amount in fen must be 1..999999999999");
        }
        return org.posnet.common.text.Digits.zeroPadded(fen, 12);
    }

    /** 0800 签到; {@code networkCode} 001/003/004 chooses the key layout, 63 = operator 01. */
    public static IsoMessage signOn(TerminalIdentity id, String trace, String batch, String networkCode) {
        return base("0800", id, trace).with(60, "00" + batch + networkCode).with(63, "01 ").build();
    }

    /** 0800 参数下载 (60.3 = 360): part 0 carries no field 62, a later one asks for its number (tag 02). */
    public static IsoMessage parameterDownload(TerminalIdentity id, String trace, String batch, int part) {
        IsoMessage.Builder b = base("0800", id, trace).with(60, "00" + batch + "360");
        if (part > 0) {
            b.with(62, TerminalParameters.item(2, String.format("%03d", part)));
        }
        return b.build();
    }

    /** 0800 end of parameter download (60.3 = 361): the version now held (tag 01). */
    public static IsoMessage parameterDownloadEnd(TerminalIdentity id, String trace, String batch, long version) {
        return base("0800", id, trace).with(60, "00" + batch + "361").with(62, TerminalParameters.item(1, Long.toString(version)))
                .build();
    }

    /** 0820 状态上送 (60.3 = 362): status TLVs in field 62; {@code parameterVersion} &lt; 0 leaves tag 01 out. */
    public static IsoMessage statusUpload(TerminalIdentity id, String trace, String batch, long parameterVersion,
            TerminalStatus s) {
        java.io.ByteArrayOutputStream f62 = new java.io.ByteArrayOutputStream();
        if (parameterVersion >= 0) {
            f62.writeBytes(TerminalParameters.item(1, Long.toString(parameterVersion)));
        }
        f62.writeBytes(TerminalParameters.item(31, s.appVersion()));
        f62.writeBytes(TerminalParameters.item(32, s.serial()));
        f62.writeBytes(TerminalParameters.item(33, Integer.toString(s.printer())));
        f62.writeBytes(TerminalParameters.item(34, Integer.toString(s.batteryPercent())));
        f62.writeBytes(TerminalParameters.item(35, String.format("%02d", s.signal())));
        f62.writeBytes(TerminalParameters.item(36, s.cell()));
        return base("0820", id, trace).with(60, "00" + batch + "362").with(62, f62.toByteArray()).build();
    }

    /** 0200 消费 with PIN (entry mode 021: magstripe with PIN). */
    public static IsoMessage sale(TerminalIdentity id, String trace, String batch, Card card, long fen, byte[] pinBlock) {
        return base("0200", id, trace).with(2, card.pan()).with(3, "000000").with(4, amount(fen)).with(14, card.expiry())
                .with(22, "021").with(25, "00").with(26, "06").with(49, CURRENCY_CNY).with(52, pinBlock)
                .with(53, SECURITY_CONTROL).with(60, "22" + batch + "000").build();
    }

    /** 0200 310000 余额查询 with PIN. */
    public static IsoMessage balanceInquiry(TerminalIdentity id, String trace, String batch, Card card, byte[] pinBlock) {
        return base("0200", id, trace).with(2, card.pan()).with(3, "310000").with(14, card.expiry()).with(22, "021")
                .with(25, "00").with(26, "06").with(49, CURRENCY_CNY).with(52, pinBlock).with(53, SECURITY_CONTROL)
                .with(60, "01" + batch + "000").build();
    }

    /** 0100 030000 预授权 with PIN (POS condition 06). */
    public static IsoMessage preAuth(TerminalIdentity id, String trace, String batch, Card card, long fen, byte[] pinBlock) {
        return base("0100", id, trace).with(2, card.pan()).with(3, "030000").with(4, amount(fen)).with(14, card.expiry())
                .with(22, "021").with(25, "06").with(26, "06").with(49, CURRENCY_CNY).with(52, pinBlock)
                .with(53, SECURITY_CONTROL).with(60, "10" + batch + "000").build();
    }

    /**
     * A request naming its original (cup-8583.md field 61 + 37): sale void (0200 200000 23), refund (0220
     * 200000 25), completion (0200 000000 20, also 38) and its void (21), pre-auth void (0100 200000 11).
     */
    public static IsoMessage referring(Kind kind, TerminalIdentity id, String trace, String batch, long fen, Exchange original) {
        IsoMessage o = original.request();
        IsoMessage r = original.reply();
        String originalDate = r.has(13) ? r.string(13) : "0000";
        IsoMessage.Builder b = base(kind.mti, id, trace).with(2, o.string(2)).with(3, kind.processingCode)
                .with(4, amount(fen)).with(22, "022").with(25, kind.conditionCode).with(37, r.string(37))
                .with(49, CURRENCY_CNY).with(60, kind.type60 + batch + "000")
                .with(61, o.string(60).substring(2, 8) + o.string(11) + originalDate);
        if (kind == Kind.COMPLETION || kind == Kind.PRE_AUTH_VOID) {
            b.with(38, r.string(38));
        }
        return b.build();
    }

    /** 0400 冲正: the original's fields without PIN data and MAC, 39 = 98 (no answer from the host). */
    public static IsoMessage reversalOf(IsoMessage original) {
        return original.withMti("0400").without(26).without(52).without(53).without(64).with(39, "98");
    }

    /** 0500 批结算: 48 = domestic totals, reconciliation 0, empty foreign totals (62 digits). */
    public static IsoMessage settlement(TerminalIdentity id, String trace, String batch, BatchTotals totals) {
        return base("0500", id, trace).with(48, totals.field48() + "0" + "0".repeat(30) + "0").with(49, CURRENCY_CNY)
                .with(60, "00" + batch + "201").build();
    }

    /** 0320 批上送 of up to 8 entries (60.3 = 201). */
    public static IsoMessage uploadEntries(TerminalIdentity id, String trace, String batch, java.util.List<BatchBook.Entry> entries) {
        if (entries.isEmpty() || entries.size() > 8) {
            throw new IllegalArgumentException("one 0320 carries 1..8 entries");
        }
        StringBuilder field48 = new StringBuilder(String.format("%02d", entries.size()));
        entries.forEach(e -> field48.append(e.uploadRecord()));
        return base("0320", id, trace).with(48, field48.toString()).with(60, "00" + batch + "201").build();
    }

    /** The last 0320: total entries uploaded (n4), 60.3 = 207. */
    public static IsoMessage uploadEnd(TerminalIdentity id, String trace, String batch, int total) {
        return base("0320", id, trace).with(48, String.format("%04d", total)).with(60, "00" + batch + "207").build();
    }

    /** The referring transactions: MTI, field 3, field 25, 60.1. */
    public enum Kind {
        SALE_VOID("0200", "200000", "00", "23"),
        REFUND("0220", "200000", "00", "25"),
        PRE_AUTH_VOID("0100", "200000", "06", "11"),
        COMPLETION("0200", "000000", "06", "20"),
        COMPLETION_VOID("0200", "200000", "06", "21");

        final String mti;
        final String processingCode;
        final String conditionCode;
        final String type60;

        Kind(String mti, String processingCode, String conditionCode, String type60) {
            this.mti = mti;
            this.processingCode = processingCode;
            this.conditionCode = conditionCode;
            this.type60 = type60;
        }
    }
}
