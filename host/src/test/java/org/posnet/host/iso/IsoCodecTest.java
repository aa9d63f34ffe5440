package org.posnet.host.iso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.posnet.host.iso.CupMessages.hex;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IsoCodecTest {

    private final IsoCodec codec = new IsoCodec(Dialect.unionPayPos());

    static Stream<Arguments> everyKind() {
        return CupMessages.all().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyKind")
    void roundTrip_frame(String kind, IsoMessage message) throws IsoDecodeException {
        IsoFrame frame = CupMessages.frame(message);
        byte[] bytes = codec.encode(frame);

        IsoFrame back = codec.decode(bytes);

        assertThat(back.message()).isEqualTo(message);
        assertThat(back.tpdu()).isEqualTo(frame.tpdu());
        assertThat(back.header()).isEqualTo(frame.header());
        assertThat(codec.encode(back)).isEqualTo(bytes);
        int declared = (bytes[0] & 0xFF) << 8 | bytes[1] & 0xFF;
        assertThat(declared).as("length counts TPDU + header + message").isEqualTo(bytes.length - 2);
    }

    @Test
    void sale_byteByByte() throws IsoDecodeException {
        byte[] expected = concat(
                hex("0200"),                                     // MTI, 2 bytes BCD
                hex("702404C020C09811"),                         // bitmap, see below
                hex("19"), hex("6222021234567890123" + "0"),     // 2: LL=19 (1 BCD byte), 19 digits right-padded with 0
                hex("000000"),                                   // 3: processing code n6
                hex("000000012345"),                             // 4: amount n12
                hex("000124"),                                   // 11: trace n6
                hex("2812"),                                     // 14: expiry n4
                hex("0210"),                                     // 22: "021" left-aligned, right-pad 0 → 02 10
                hex("00"),                                       // 25: condition code n2
                hex("06"),                                       // 26: PIN capture code n2
                hex("35"), hex("6222021234567890123D2812101123456780"), // 35: LL=35, D as nibble 0xD, pad 0
                "10000001".getBytes(),                           // 41: terminal id ans8
                "898110058120001".getBytes(),                    // 42: merchant id ans15
                "156".getBytes(),                                // 49: currency an3
                hex("A1B2C3D4E5F60718"),                         // 52: PIN block b64
                hex("2600000000000000"),                         // 53: security control n16
                hex("0011"), hex("220000020000"),                // 60: LLL=011 (2 BCD bytes), 11 digits + pad 0
                hex("3132333441424344"));                        // 64: MAC b64
        // bitmap bit by bit: 2,3,4 → 0111 0000 = 70; 11,14 → 0010 0100 = 24; 22 → 0000 0100 = 04;
        // 25,26 → 1100 0000 = C0; 35 → 0010 0000 = 20; 41,42 → 1100 0000 = C0; 49,52,53 → 1001 1000 = 98;
        // 60,64 → 0001 0001 = 11

        byte[] actual = codec.encode(CupMessages.sale());

        assertThat(HexFormat.of().withUpperCase().formatHex(actual))
                .isEqualTo(HexFormat.of().withUpperCase().formatHex(expected));
    }

    @Test
    void signOnFrame_byteByByte() {
        byte[] actual = codec.encode(CupMessages.frame(CupMessages.signOn()));
        byte[] expected = concat(
                hex("003C"),                          // length: 60 bytes follow (TPDU 5 + header 6 + message 49)
                hex("6000000123"),                    // TPDU: 60, destination 0000, source 0123
                hex("603100000000"),                  // header: 60 31 0 0 000000
                hex("0800"),                          // MTI
                hex("0020000000C00012"),              // bitmap: 11; 41 42; 60 63
                hex("000123"),                        // 11
                "10000001".getBytes(),                // 41
                "898110058120001".getBytes(),         // 42
                hex("0011"), hex("000000010030"),     // 60: LLL 011, "00" "000001" "003" + pad
                hex("0003"), "01 ".getBytes());       // 63: LLL 003, ASCII
        assertThat(HexFormat.of().formatHex(actual)).isEqualTo(HexFormat.of().formatHex(expected));
    }

    @Test
    void secondaryBitmap_whenAFieldAbove64IsPresent() throws IsoDecodeException {
        String yaml = """
                name: wide
                fields:
                  - { number: 3, name: processing code, type: n, length: fixed, max: 6 }
                  - { number: 90, name: original data, type: n, length: fixed, max: 42 }
                  - { number: 128, name: MAC2, type: b, length: fixed, max: 8 }
                """;
        IsoCodec wide = new IsoCodec(Dialect.parse("wide.yaml", yaml.getBytes()));
        IsoMessage m = IsoMessage.builder("0400").with(3, "000000").with(90, "0".repeat(42)).with(128, new byte[8]).build();

        byte[] bytes = wide.encode(m);

        assertThat(bytes[2] & 0x80).as("bit 1 announces the secondary bitmap").isEqualTo(0x80);
        assertThat(HexFormat.of().formatHex(bytes, 10, 18)).isEqualTo("0000004000000001"); // bits 90 and 128
        assertThat(wide.decodeMessage(bytes)).isEqualTo(m);
    }

    @Test
    void padF_andLeftPadding_followTheDialect() throws IsoDecodeException {
        String yaml = """
                name: f-pad
                fields:
                  - { number: 2, name: PAN, type: n, length: llvar, max: 19, pad: right-F }
                  - { number: 22, name: entry mode, type: n, length: fixed, max: 3, pad: left-0 }
                """;
        IsoCodec variant = new IsoCodec(Dialect.parse("f-pad.yaml", yaml.getBytes()));
        IsoMessage m = IsoMessage.builder("0200").with(2, "6222021234567890123").with(22, "021").build();

        byte[] bytes = variant.encode(m);

        assertThat(HexFormat.of().withUpperCase().formatHex(bytes, 10, bytes.length))
                .isEqualTo("196222021234567890123F" + "0021");
        assertThat(variant.decodeMessage(bytes)).isEqualTo(m);
    }

    @Test
    void lengthCountingOnlyTheMessage_isAVariant() throws IsoDecodeException {
        String yaml = """
                name: short-length
                framing: { lengthCounts: message }
                fields:
                  - { number: 11, name: trace, type: n, length: fixed, max: 6 }
                """;
        IsoCodec variant = new IsoCodec(Dialect.parse("short.yaml", yaml.getBytes()));
        IsoFrame frame = CupMessages.frame(IsoMessage.builder("0800").with(11, "000001").build());

        byte[] bytes = variant.encode(frame);

        assertThat((bytes[0] & 0xFF) << 8 | bytes[1] & 0xFF).isEqualTo(2 + 8 + 3);
        assertThat(variant.decode(bytes)).isEqualTo(frame);
    }

    @Test
    void macBlock_isMtiThroughField63_withBit64Set() {
        IsoMessage sale = CupMessages.sale();
        byte[] full = codec.encode(sale);

        byte[] block = codec.macBlock(sale);

        assertThat(block).hasSize(full.length - 8);
        assertThat(block).isEqualTo(java.util.Arrays.copyOf(full, full.length - 8));
        // the same block whether or not field 64 is already filled in
        assertThat(codec.macBlock(sale.without(64))).isEqualTo(block);
    }

    /** Encoding once with the MAC gives the same frame as MAC'ing the block and encoding again. */
    @Test
    void encodeWithMac_equalsTheLongWay_andTheUnsignedMessageIsTheMessageWithout64() throws Exception {
        IsoMessage sale = CupMessages.sale().without(64);
        IsoFrame frame = CupMessages.frame(sale);
        byte[][] seen = new byte[1][];
        byte[] wire = codec.encodeWithMac(frame, block -> {
            seen[0] = block;
            return new byte[] {1, 2, 3, 4, 5, 6, 7, 8};
        });

        assertThat(seen[0]).isEqualTo(codec.macBlock(sale));
        assertThat(wire).isEqualTo(codec.encode(CupMessages.frame(sale.with(64, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}))));
        assertThat(codec.unsignedMessage(wire)).isEqualTo(codec.encode(sale));
        assertThat(codec.unsignedMessage(codec.encode(frame))).as("a frame without a MAC is not taken apart").isNull();
    }

    @Test
    void field60_subfieldsComeFromTheDialect() {
        SubfieldLayout layout = codec.dialect().subfields(60);

        assertThat(layout.split(60, "22000002000")).containsExactly("22", "000002", "000");
        assertThat(layout.split(60, "22000002")).containsExactly("22", "000002");
        assertThat(layout.split(60, "2200000200050")).containsExactly("22", "000002", "000", "50");
        assertThat(layout.get(60, "00000001003", 3)).isEqualTo("003");
        assertThat(layout.get(60, "22000002", 3)).isNull();
        assertThat(layout.join(60, "00", "000001", "003")).isEqualTo("00000001003");
        assertThatThrownBy(() -> layout.split(60, "2200000")).hasMessageContaining("60.2");
        assertThatThrownBy(() -> layout.split(60, "2200000200")).hasMessageContaining("60.3");
    }

    @Test
    void encode_refusesValuesThatBreakTheDialect() {
        IsoMessage base = CupMessages.sale();
        List<Map.Entry<IsoMessage, String>> cases = List.of(
                Map.entry(base.with(2, "62220212345678901234"), "field 2: length 20 exceeds max 19"),
                Map.entry(base.with(22, "02"), "field 22: fixed length 3, got 2"),
                Map.entry(base.with(4, "00000001234X"), "field 4: character at position 11"),
                Map.entry(base.with(41, "1000000\u0001"), "field 41"),
                Map.entry(base.with(52, "A1B2C3D4"), "field 52: is binary"),
                Map.entry(base.with(3, new byte[3]), "field 3: is n"),
                Map.entry(base.with(60, "2200000"), "field 60: 60.2"),
                Map.entry(base.with(70, "301"), "field 70: not defined"));
        for (Map.Entry<IsoMessage, String> c : cases) {
            assertThatThrownBy(() -> codec.encode(c.getKey())).isInstanceOf(IsoEncodeException.class)
                    .hasMessageStartingWith(c.getValue());
        }
    }

    @Test
    void decode_namesFieldAndOffset() {
        byte[] good = codec.encode(CupMessages.frame(CupMessages.sale()));
        // frame layout: 2 length + 5 TPDU + 6 header = 13, MTI 2, bitmap 8 → field 2's prefix at 23
        byte[] badPrefix = good.clone();
        badPrefix[23] = 0x20; // LL = 20 > max 19
        assertDecodeError(badPrefix, 2, 23, "length 20 exceeds max 19");

        byte[] badDigit = good.clone();
        badDigit[24] = (byte) 0x6A; // PAN digit nibble A
        assertDecodeError(badDigit, 2, 24, "nibble A is not a BCD digit");

        byte[] badPad = good.clone();
        badPad[33] = (byte) 0x3F; // last PAN byte: digit 3, pad F where 0 is expected
        assertDecodeError(badPad, 2, 33, "padding nibble F");

        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 3);
        truncated[0] = (byte) ((truncated.length - 2) >> 8);
        truncated[1] = (byte) (truncated.length - 2);
        assertDecodeError(truncated, 64, truncated.length - 5, "needs 8 bytes, 5 left");

        byte[] lengthLies = good.clone();
        lengthLies[1]++;
        assertDecodeError(lengthLies, IsoDecodeException.FRAME, 0, "length prefix says");

        byte[] extra = java.util.Arrays.copyOf(good, good.length + 1);
        extra[1]++;
        assertDecodeError(extra, IsoDecodeException.FRAME, good.length, "1 bytes after the last field");

        byte[] undefined = good.clone();
        undefined[15] |= 0x01; // bit 8: not in the dialect; met after 2, 3, 4 at 23 + 11 + 3 + 6
        assertDecodeError(undefined, 8, 43, "not defined in dialect cup-pos");

        byte[] badMti = good.clone();
        badMti[13] = (byte) 0x0B;
        assertDecodeError(badMti, IsoDecodeException.MTI, 13, "nibble B");

        assertDecodeError(new byte[] {0}, IsoDecodeException.FRAME, 0, "length prefix needs 2 bytes");
    }

    @Test
    void decode_checksField60AgainstItsSubfields() {
        IsoMessage short60 = IsoMessage.builder("0200").with(11, "000001").with(61, "0000020001241126").build();
        byte[] bytes = codec.encode(short60);
        // put a 7-digit field 60 (60.2 cut short) where 61 was: 0007 + 4 bytes, then fix the bitmap
        byte[] crafted = concat(java.util.Arrays.copyOf(bytes, 13), hex("0007"), hex("22000000"));
        crafted[2 + 7] = 0x10; // bitmap byte 8: bit 60
        assertThatThrownBy(() -> codec.decodeMessage(crafted)).isInstanceOf(IsoDecodeException.class)
                .hasMessageContaining("field 60").hasMessageContaining("60.2");
    }

    private void assertDecodeError(byte[] bytes, int field, int offset, String reason) {
        assertThatThrownBy(() -> codec.decode(bytes))
                .isInstanceOfSatisfying(IsoDecodeException.class, e -> {
                    assertThat(e.field()).as(e.getMessage()).isEqualTo(field);
                    assertThat(e.offset()).as(e.getMessage()).isEqualTo(offset);
                    assertThat(e.getMessage()).contains(reason);
                });
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
