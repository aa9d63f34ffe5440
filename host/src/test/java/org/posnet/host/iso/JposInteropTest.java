package org.posnet.host.iso;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.packager.GenericPackager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * jPOS 2.1.10 with a UnionPay GenericPackager (src/test/resources/jpos/cup-packager.xml) as an
 * independent implementation: for the same message both must produce the same bytes, and each must
 * read the other's. jPOS spells the track-2 separator '=' (it packs '=' as nibble D); PosNet spells it D.
 */
class JposInteropTest {

    private static GenericPackager packager;
    private final IsoCodec codec = new IsoCodec(Dialect.unionPayPos());

    @BeforeAll
    static void loadPackager() throws ISOException, java.io.IOException {
        try (InputStream in = JposInteropTest.class.getResourceAsStream("/jpos/cup-packager.xml")) {
            packager = new GenericPackager(in);
        }
    }

    static Stream<Arguments> everyKind() {
        return CupMessages.all().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @Test
    void sale_sameBytesAsJpos() throws ISOException {
        assertSameBytes(CupMessages.sale());
    }

    @Test
    void signOn_andItsReply_sameBytesAsJpos() throws ISOException {
        assertSameBytes(CupMessages.signOn());
        assertSameBytes(CupMessages.signOnReply());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyKind")
    void everyKind_sameBytesAsJpos(String kind, IsoMessage message) throws ISOException {
        assertSameBytes(message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyKind")
    void everyKind_jposBytesDecodeHere(String kind, IsoMessage message) throws Exception {
        byte[] jposBytes = toJpos(message).pack();

        assertThat(codec.decodeMessage(jposBytes)).isEqualTo(message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyKind")
    void everyKind_ourBytesUnpackInJpos(String kind, IsoMessage message) throws ISOException {
        ISOMsg unpacked = new ISOMsg();
        unpacked.setPackager(packager);
        unpacked.unpack(codec.encode(message));

        assertThat(unpacked.getMTI()).isEqualTo(message.mti());
        for (Map.Entry<Integer, Object> e : message.fields().entrySet()) {
            int n = e.getKey();
            if (e.getValue() instanceof byte[] b) {
                assertThat(unpacked.getBytes(n)).as("field " + n).isEqualTo(b);
            } else {
                assertThat(unpacked.getString(n)).as("field " + n).isEqualTo(jposSpelling(n, (String) e.getValue()));
            }
        }
    }

    @Test
    void saleFrame_sameBytesAsJposWithTpduAndHeader() throws ISOException {
        IsoFrame frame = CupMessages.frame(CupMessages.sale());
        byte[] body = toJpos(frame.message()).pack();
        byte[] tpduAndHeader = HexFormat.of().parseHex("6000000123" + "603100000000");
        int length = tpduAndHeader.length + body.length;
        byte[] jposFrame = IsoCodecTest.concat(new byte[] {(byte) (length >> 8), (byte) length}, tpduAndHeader, body);

        assertThat(codec.encode(frame)).isEqualTo(jposFrame);
    }

    private void assertSameBytes(IsoMessage message) throws ISOException {
        byte[] ours = codec.encode(message);
        byte[] theirs = toJpos(message).pack();
        assertThat(HexFormat.of().withUpperCase().formatHex(ours))
                .isEqualTo(HexFormat.of().withUpperCase().formatHex(theirs));
    }

    private static ISOMsg toJpos(IsoMessage message) throws ISOException {
        ISOMsg m = new ISOMsg();
        m.setPackager(packager);
        m.setMTI(message.mti());
        for (Map.Entry<Integer, Object> e : message.fields().entrySet()) {
            if (e.getValue() instanceof byte[] b) {
                m.set(e.getKey(), b);
            } else {
                m.set(e.getKey(), jposSpelling(e.getKey(), (String) e.getValue()));
            }
        }
        return m;
    }

    private static String jposSpelling(int field, String value) {
        return field == 35 || field == 36 ? value.replace('D', '=') : value;
    }
}
