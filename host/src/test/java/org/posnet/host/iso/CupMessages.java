package org.posnet.host.iso;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** One realistic message per kind in cup-8583.md's table, shared by round-trip, interop and fuzz tests. */
final class CupMessages {

    static final String PAN = "6222021234567890123";
    /** 35 characters: odd, so the right-pad nibble is exercised. */
    static final String TRACK2 = PAN + "D281210112345678";
    static final String TRACK3 = "996222021234567890123D1561560000000000001003000000000000000000000000000000D000000000000D00000000";
    static final byte[] PIN_BLOCK = hex("A1B2C3D4E5F60718");
    static final byte[] MAC = hex("3132333441424344");
    static final byte[] KEY_DATA_40 = hex("00112233445566778899AABBCCDDEEFF01020304"
            + "FFEEDDCCBBAA99887766554433221100A1A2A3A4");
    static final byte[] IC_DATA = hex("9F2608A1B2C3D4E5F607189F2701809F101307010103A0A000010A010000000000AABBCCDD9F3704");

    private CupMessages() {
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    static IsoMessage signOn() {
        return IsoMessage.builder("0800")
                .with(11, "000123")
                .with(41, "10000001")
                .with(42, "898110058120001")
                .with(60, "00000001003")
                .with(63, "01 ")
                .build();
    }

    static IsoMessage signOnReply() {
        return IsoMessage.builder("0810")
                .with(11, "000123")
                .with(12, "153012")
                .with(13, "1126")
                .with(32, "48160000")
                .with(37, "112615301234")
                .with(39, "00")
                .with(41, "10000001")
                .with(42, "898110058120001")
                .with(60, "00000002003")
                .with(62, KEY_DATA_40)
                .build();
    }

    static IsoMessage sale() {
        return IsoMessage.builder("0200")
                .with(2, PAN)
                .with(3, "000000")
                .with(4, "000000012345")
                .with(11, "000124")
                .with(14, "2812")
                .with(22, "021")
                .with(25, "00")
                .with(26, "06")
                .with(35, TRACK2)
                .with(41, "10000001")
                .with(42, "898110058120001")
                .with(49, "156")
                .with(52, PIN_BLOCK)
                .with(53, "2600000000000000")
                .with(60, "22000002000")
                .with(64, MAC)
                .build();
    }

    static IsoMessage saleReply() {
        return IsoMessage.builder("0210")
                .with(2, PAN)
                .with(3, "000000")
                .with(4, "000000012345")
                .with(11, "000124")
                .with(12, "153140")
                .with(13, "1126")
                .with(14, "2812")
                .with(15, "1126")
                .with(25, "00")
                .with(32, "48160000")
                .with(37, "112615314001")
                .with(38, "A1B2C3")
                .with(39, "00")
                .with(41, "10000001")
                .with(42, "898110058120001")
                .with(44, "48160000   48160000")
                .with(49, "156")
                .with(60, "22000002000")
                .with(63, "CUP")
                .with(64, MAC)
                .build();
    }

    static IsoMessage balanceInquiry() {
        return IsoMessage.builder("0200")
                .with(2, PAN)
                .with(3, "310000")
                .with(11, "000125")
                .with(22, "021")
                .with(25, "00")
                .with(26, "06")
                .with(35, TRACK2)
                .with(36, TRACK3)
                .with(41, "10000001")
                .with(42, "898110058120001")
                .with(49, "156")
                .with(52, PIN_BLOCK)
                .with(53, "2600000000000000")
                .with(60, "01000002000")
                .with(64, MAC)
                .build();
    }

    static IsoMessage saleVoid() {
        return IsoMessage.builder("0200")
                .with(2, PAN)
                .with(3, "200000")
                .with(4, "000000012345")
                .with(11, "000126")
                .with(22, "021")
                .with(25, "00")
                .with(37, "112615314001")
                .with(38, "A1B2C3")
                .with(41, "10000001")
                .with(42, "898110058120001")
                .with(49, "156")
                .with(60, "23000002000")
                .with(61, "0000020001241126")
                .with(64, MAC)
                .build();
    }

    static IsoMessage refund() {
        return IsoMessage.builder("0220")
                .with(2, PAN)
                .with(3, "200000")
                .with(4, "000000002000")
                .with(11, "000127")
                .with(22, "012")
                .with(25, "00")
                .with(37, "112615314001")
                .with(41, "10000001")
                .with(42, "898110058120001")
                .with(49, "156")
                .with(60, "25000002000")
                .with(61, "0000020001241126")
                .with(63, "000")
                .with(64, MAC)
                .build();
    }

    static IsoMessage preAuth() {
        return IsoMessage.builder("0100")
                .with(2, PAN)
                .with(3, "030000")
                .with(4, "000000100000")
                .with(11, "000128")
                .with(14, "2812")
                .with(22, "051")
                .with(23, "001")
                .with(25, "06")
                .with(26, "06")
                .with(41, "10000001")
                .with(42, "898110058120001")
                .with(49, "156")
                .with(52, PIN_BLOCK)
                .with(53, "2600000000000000")
                .with(55, IC_DATA)
                .with(60, "10000002000")
                .with(64, MAC)
                .build();
    }

    static IsoMessage reversal() {
        return IsoMessage.builder("0400")
                .with(2, PAN)
                .with(3, "000000")
                .with(4, "000000012345")
                .with(11, "000124")
                .with(14, "2812")
                .with(22, "021")
                .with(25, "00")
                .with(39, "98")
                .with(41, "10000001")
                .with(42, "898110058120001")
                .with(49, "156")
                .with(60, "22000002000")
                .with(64, MAC)
                .build();
    }

    static IsoMessage settlement() {
        return IsoMessage.builder("0500")
                .with(11, "000130")
                .with(41, "10000001")
                .with(42, "898110058120001")
                .with(48, "000000112345002000000002000001" + "0" + "000000000000000000000000000000" + "0")
                .with(49, "156")
                .with(60, "00000002201")
                .with(63, "01 ")
                .with(64, MAC)
                .build();
    }

    static IsoMessage batchUpload() {
        return IsoMessage.builder("0320")
                .with(11, "000131")
                .with(41, "10000001")
                .with(42, "898110058120001")
                .with(48, "02" + "00" + "000124" + "0" + PAN + "000000012345" + "00" + "000127" + "0" + PAN + "000000002000")
                .with(60, "00000002201")
                .with(64, MAC)
                .build();
    }

    static IsoMessage batchUploadEnd() {
        return IsoMessage.builder("0320")
                .with(11, "000132")
                .with(41, "10000001")
                .with(42, "898110058120001")
                .with(48, "0002")
                .with(60, "00000002207")
                .with(64, MAC)
                .build();
    }

    /** Every kind, by name, in table order. */
    static Map<String, IsoMessage> all() {
        Map<String, IsoMessage> all = new LinkedHashMap<>();
        all.put("sign-on 0800", signOn());
        all.put("sign-on reply 0810", signOnReply());
        all.put("sale 0200", sale());
        all.put("sale reply 0210", saleReply());
        all.put("balance inquiry 0200", balanceInquiry());
        all.put("sale void 0200", saleVoid());
        all.put("refund 0220", refund());
        all.put("pre-auth 0100", preAuth());
        all.put("reversal 0400", reversal());
        all.put("settlement 0500", settlement());
        all.put("batch upload 0320", batchUpload());
        all.put("batch upload end 0320", batchUploadEnd());
        return all;
    }

    static IsoFrame frame(IsoMessage message) {
        return new IsoFrame(Tpdu.of(0x0000, 0x0123), new MessageHeader("603100000000"), message);
    }
}
