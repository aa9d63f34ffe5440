package org.posnet.host.iso;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;

/**
 * The codec against {@link ReferenceIsoCodec}, the plain version it was tuned from: for random messages
 * (mostly valid, some breaking a rule) and random or damaged frames, in several dialects, both give the
 * same bytes, or the same exception with the same message, field and offset.
 */
class IsoCodecDifferentialTest {

    private static final String VARIANT = """
            name: variant
            framing: { lengthCounts: message }
            defaultPad: left-F
            fields:
              - { number: 2,  name: PAN,           type: n,   length: llvar,  max: 19, pad: right-F }
              - { number: 3,  name: processing,    type: n,   length: fixed,  max: 6, pad: right-0 }
              - { number: 4,  name: amount,        type: n,   length: fixed,  max: 12, pad: right-0 }
              - { number: 11, name: trace,         type: n,   length: fixed,  max: 6, pad: right-0 }
              - { number: 22, name: entry mode,    type: n,   length: fixed,  max: 3, pad: left-0 }
              - { number: 32, name: acquirer,      type: n,   length: llvar,  max: 11, prefix: binary }
              - { number: 35, name: track 2,       type: z,   length: llvar,  max: 37 }
              - { number: 41, name: terminal,      type: ans, length: fixed,  max: 8 }
              - { number: 48, name: additional,    type: ans, length: lllvar, max: 300, prefix: binary }
              - { number: 52, name: PIN block,     type: b,   length: fixed,  max: 8 }
              - { number: 55, name: IC data,       type: b,   length: lllvar, max: 255, prefix: binary }
              - { number: 62, name: private,       type: b,   length: llvar,  max: 60 }
              - { number: 64, name: MAC,           type: b,   length: fixed,  max: 8 }
              - { number: 70, name: network code,  type: n,   length: fixed,  max: 3 }
              - { number: 90, name: original data, type: n,   length: fixed,  max: 42, pad: right-0 }
              - { number: 102, name: account,      type: ans, length: llvar,  max: 28 }
              - { number: 128, name: MAC 2,        type: b,   length: fixed,  max: 8 }
              - number: 60
                name: private 60
                type: n
                length: lllvar
                max: 17
                subfields:
                  - { number: 1, name: type,  length: 2 }
                  - { number: 2, name: batch, length: 6 }
                  - { number: 3, name: code,  length: 3, optional: true }
                  - { number: 4, name: rest,  length: 6, optional: true, variable: true }
            """;
    /** Field 64 as a variable field: encodeWithMac has to take the long way. */
    private static final String LONG_MAC = """
            name: long-mac
            fields:
              - { number: 3,  name: processing, type: n,   length: fixed, max: 6 }
              - { number: 11, name: trace,      type: n,   length: fixed, max: 6 }
              - { number: 41, name: terminal,   type: ans, length: fixed, max: 8 }
              - { number: 64, name: MAC,        type: b,   length: llvar, max: 16 }
            """;

    private static final List<Dialect> DIALECTS = List.of(Dialect.unionPayPos(),
            Dialect.parse("variant.yaml", VARIANT.getBytes()), Dialect.parse("long-mac.yaml", LONG_MAC.getBytes()));
    private static final List<IsoCodec> FAST = DIALECTS.stream().map(IsoCodec::new).toList();
    private static final List<ReferenceIsoCodec> REFERENCE = DIALECTS.stream().map(ReferenceIsoCodec::new).toList();
    /** cup-pos with field 60 free of its sub-field layout: writes frames the strict dialect must refuse. */
    private static final ReferenceIsoCodec LOOSE = new ReferenceIsoCodec(loose());
    private static final IsoCodec.MacFunction FOLD = block -> {
        byte[] mac = new byte[8];
        for (int i = 0; i < block.length; i++) {
            mac[i & 7] ^= (byte) (block[i] * 31 + i);
        }
        return mac;
    };
    private static final IsoCodec.MacFunction SHORT = block -> new byte[7];
    private static final Set<Integer> NOT_ECHOED = Set.of(14, 22, 26, 35, 36, 48, 52, 53, 55, 62, 63, 64);

    // ---------------------------------------------------------------- encoding

    @Property(tries = 3000)
    void encode_sameBytesOrSameError(@ForAll("messages") Tuple.Tuple2<Integer, IsoMessage> t) throws Exception {
        IsoCodec fast = FAST.get(t.get1());
        ReferenceIsoCodec reference = REFERENCE.get(t.get1());
        IsoMessage m = t.get2();
        IsoFrame frame = CupMessages.frame(m);

        assertSame(() -> fast.encode(m), () -> reference.encode(m));
        assertSame(() -> fast.macBlock(m), () -> reference.macBlock(m));
        assertSame(() -> fast.encode(frame), () -> reference.encode(frame));
        assertSame(() -> fast.encodeWithMac(frame, FOLD), () -> reference.encodeWithMac(frame, FOLD));
        assertSame(() -> fast.encodeWithMac(frame, SHORT), () -> reference.encodeWithMac(frame, SHORT));
        byte[] wire = outcome(() -> reference.encodeWithMac(frame, FOLD)) instanceof byte[] b ? b : null;
        if (wire != null) {
            assertThat(fast.unsignedMessage(wire)).isEqualTo(reference.unsignedMessage(wire));
            // the decoded message encodes from the bytes it came from: the same as encoding it afresh
            IsoMessage back = ((IsoFrame) outcome(() -> fast.decode(wire))).message();
            assertSame(() -> fast.macBlock(back), () -> reference.macBlock(back));
            assertSame(() -> fast.encode(back), () -> reference.encode(back));
            assertSame(() -> fast.encodeWithMac(CupMessages.frame(back.without(64)), FOLD), () -> wire);
        }
    }

    /** The host's reply: the request's fields echoed from a decoded message, the host's own added. */
    @Property(tries = 1000)
    void replyFromADecodedRequest_sameBytes(@ForAll("messages") Tuple.Tuple2<Integer, IsoMessage> t) throws Exception {
        IsoCodec fast = FAST.get(t.get1());
        ReferenceIsoCodec reference = REFERENCE.get(t.get1());
        Object wire = outcome(() -> reference.encode(CupMessages.frame(t.get2())));
        if (!(wire instanceof byte[] bytes)) {
            return;
        }
        IsoFrame request = fast.decode(bytes);
        IsoMessage reply = IsoMessage.builder("0210").withFieldsOf(request.message(), NOT_ECHOED)
                .with(37, "000000001234").with(39, "00").build();
        IsoFrame frame = request.reply(reply, ProcessingRequirement.NONE);

        assertSame(() -> fast.encodeWithMac(frame, FOLD), () -> reference.encodeWithMac(frame, FOLD));
        assertSame(() -> fast.macBlock(request.message()), () -> reference.macBlock(request.message()));
    }

    // ---------------------------------------------------------------- decoding

    @Property(tries = 3000)
    void decode_damagedFrames_sameMessageOrSameError(@ForAll("messages") Tuple.Tuple2<Integer, IsoMessage> t,
            @ForAll("damage") List<Tuple.Tuple3<Integer, Integer, Integer>> damage) {
        Object encoded = outcome(() -> REFERENCE.get(t.get1()).encode(CupMessages.frame(t.get2())));
        if (!(encoded instanceof byte[] frame)) {
            return;
        }
        for (Tuple.Tuple3<Integer, Integer, Integer> d : damage) {
            frame = damage(frame, d.get1(), d.get2(), d.get3());
        }
        if (damage.size() % 2 == 0 && frame.length >= 2) {
            frame[0] = (byte) ((frame.length - 2) >> 8);
            frame[1] = (byte) (frame.length - 2);
        }
        assertSameDecode(t.get1(), frame);
    }

    @Property(tries = 2000)
    void decode_randomBytes_sameMessageOrSameError(@ForAll @Size(max = 300) byte[] body) {
        for (int d = 0; d < DIALECTS.size(); d++) {
            byte[] frame = new byte[body.length + 2];
            frame[0] = (byte) (body.length >> 8);
            frame[1] = (byte) body.length;
            System.arraycopy(body, 0, frame, 2, body.length);
            assertSameDecode(d, frame);
            assertSameDecode(d, body);
        }
    }

    @Property(tries = 1000)
    void decode_field60OutsideItsLayout_sameError(@ForAll("looseMessages") IsoMessage m) {
        if (outcome(() -> LOOSE.encode(CupMessages.frame(m))) instanceof byte[] frame) {
            assertSameDecode(0, frame);
        }
    }

    /** A primary bitmap announcing an empty secondary one decodes, and encodes without it, as before. */
    @Example
    void emptySecondaryBitmap_decodesAndEncodesWithoutIt() throws Exception {
        byte[] plain = FAST.get(0).encode(IsoMessage.builder("0800").with(11, "000001").with(64, new byte[8]).build());
        byte[] padded = new byte[plain.length + 8];
        System.arraycopy(plain, 0, padded, 0, 10);
        padded[2] |= (byte) 0x80;
        System.arraycopy(plain, 10, padded, 18, plain.length - 10);

        IsoMessage m = FAST.get(0).decodeMessage(padded);

        assertThat(FAST.get(0).encode(m)).isEqualTo(plain).isEqualTo(REFERENCE.get(0).encode(m));
        assertThat(FAST.get(0).macBlock(m)).isEqualTo(REFERENCE.get(0).macBlock(m));
    }

    private static void assertSameDecode(int dialect, byte[] bytes) {
        IsoCodec fast = FAST.get(dialect);
        ReferenceIsoCodec reference = REFERENCE.get(dialect);
        Object a = outcome(() -> fast.decode(bytes));
        Object b = outcome(() -> reference.decode(bytes));
        assertSameOutcome(a, b);
        if (a instanceof IsoFrame f) {
            assertThat(fast.encode(f)).isEqualTo(reference.encode(f));
            assertThat(fast.macBlock(f.message())).isEqualTo(reference.macBlock(f.message()));
        }
        Object c = outcome(() -> fast.decodeMessage(bytes));
        Object d = outcome(() -> reference.decodeMessage(bytes));
        assertSameOutcome(c, d);
        if (c instanceof IsoMessage m) {
            assertThat(fast.encode(m)).isEqualTo(reference.encode(m));
            assertThat(fast.macBlock(m)).isEqualTo(reference.macBlock(m));
        }
    }

    private static byte[] damage(byte[] in, int kind, int position, int value) {
        if (in.length == 0) {
            return in;
        }
        int at = position % in.length;
        switch (kind) {
            case 0 -> {
                byte[] out = in.clone();
                out[at] = (byte) value;
                return out;
            }
            case 1 -> {
                byte[] out = in.clone();
                out[at] ^= (byte) (1 << (value & 7));
                return out;
            }
            case 2 -> {
                return Arrays.copyOf(in, at);
            }
            default -> {
                byte[] out = new byte[in.length + 1];
                System.arraycopy(in, 0, out, 0, at);
                out[at] = (byte) value;
                System.arraycopy(in, at, out, at + 1, in.length - at);
                return out;
            }
        }
    }

    // ---------------------------------------------------------------- messages

    @Provide
    Arbitrary<Tuple.Tuple2<Integer, IsoMessage>> messages() {
        return Arbitraries.integers().between(0, DIALECTS.size() - 1)
                .flatMap(d -> message(DIALECTS.get(d)).map(m -> Tuple.of(d, m)));
    }

    @Provide
    Arbitrary<IsoMessage> looseMessages() {
        return message(LOOSE.dialect());
    }

    private static Dialect loose() {
        try (java.io.InputStream in = IsoCodecDifferentialTest.class.getResourceAsStream(Dialect.UNIONPAY_POS_RESOURCE)) {
            String yaml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            String loose = yaml.replaceAll("(?m)^    subfields:\\n(^      - .*\\n)+", "");
            assertThat(loose).isNotEqualTo(yaml);
            return Dialect.parse("loose.yaml", loose.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Provide
    Arbitrary<List<Tuple.Tuple3<Integer, Integer, Integer>>> damage() {
        return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 10_000),
                Arbitraries.integers().between(0, 255)).as(Tuple::of).list().ofMinSize(1).ofMaxSize(3);
    }

    /** Some of the dialect's fields, each with a value that fits it, or (one time in ten) one that does not. */
    private static Arbitrary<IsoMessage> message(Dialect dialect) {
        List<FieldSpec> specs = new ArrayList<>(dialect.fields().values());
        Arbitrary<String> mti = Arbitraries.of("0200", "0210", "0800", "0400", "0320");
        Arbitrary<List<Object[]>> fields = Arbitraries.integers().between(0, specs.size() + 1)
                .flatMap(i -> i < specs.size() ? value(specs.get(i)).map(v -> new Object[] {specs.get(i).number(), v})
                        : Arbitraries.of(8, 70, 99, 127).flatMap(n -> anyValue().map(v -> new Object[] {n, v})))
                .list().ofMaxSize(specs.size() + 2);
        return Combinators.combine(mti, fields).as((type, list) -> {
            IsoMessage.Builder b = IsoMessage.builder(type);
            for (Object[] f : list) {
                if (f[1] instanceof byte[] bytes) {
                    b.with((Integer) f[0], bytes);
                } else {
                    b.with((Integer) f[0], (String) f[1]);
                }
            }
            return b.build();
        });
    }

    private static Arbitrary<Object> value(FieldSpec spec) {
        return Arbitraries.frequencyOf(Tuple.of(9, valid(spec)), Tuple.of(1, anyValue()));
    }

    private static Arbitrary<Object> valid(FieldSpec spec) {
        int min = spec.length() == LengthKind.FIXED ? spec.max() : 0;
        Arbitrary<Integer> length = Arbitraries.integers().between(min, spec.max());
        if (spec.subfields() != null) {
            // lengths the layout takes, now and then one it does not
            length = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.of(8, 11, 12, 15, 17)),
                    Tuple.of(1, Arbitraries.integers().between(0, spec.max())));
        }
        return switch (spec.type()) {
            case BINARY -> length.flatMap(n -> Arbitraries.bytes().array(byte[].class).ofSize(n)).map(b -> b);
            case NUMERIC -> length.flatMap(n -> Arbitraries.strings().withCharRange('0', '9').ofLength(n)).map(s -> s);
            case TRACK -> length.flatMap(n -> Arbitraries.strings().withCharRange('0', '9').withChars('D', 'A', 'F')
                    .ofLength(n)).map(s -> s);
            case ASCII -> length.flatMap(n -> Arbitraries.strings().withCharRange(' ', '~').ofLength(n)).map(s -> s);
        };
    }

    /** Anything: wrong type, stray characters (some outside Latin-1), any length. */
    private static Arbitrary<Object> anyValue() {
        Arbitrary<Object> strings = Arbitraries.strings().withCharRange('0', '9').withChars('D', 'a', ' ', '\u0001', '\u00e9',
                '\u0130', '\u0441', '~', '=').ofMaxLength(40).map(s -> s);
        Arbitrary<Object> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(20).map(b -> b);
        return Arbitraries.oneOf(strings, bytes);
    }

    // ---------------------------------------------------------------- outcomes

    private interface Action {
        Object run() throws Exception;
    }

    /** The result, or the exception it ended in. */
    private static Object outcome(Action a) {
        try {
            return a.run();
        } catch (Exception e) {
            return e;
        }
    }

    private static void assertSame(Action fast, Action reference) {
        assertSameOutcome(outcome(fast), outcome(reference));
    }

    private static void assertSameOutcome(Object a, Object b) {
        if (b instanceof Exception e) {
            assertThat(a).as("expected %s", e).isInstanceOf(Exception.class);
            assertThat(a.getClass()).isEqualTo(e.getClass());
            assertThat(((Exception) a).getMessage()).isEqualTo(e.getMessage());
            if (e instanceof IsoDecodeException d) {
                assertThat(((IsoDecodeException) a).field()).isEqualTo(d.field());
                assertThat(((IsoDecodeException) a).offset()).isEqualTo(d.offset());
            }
            if (e instanceof IsoEncodeException d) {
                assertThat(((IsoEncodeException) a).field()).isEqualTo(d.field());
            }
        } else if (b instanceof byte[] bytes) {
            assertThat(a).as("expected bytes, got %s", a).isInstanceOf(byte[].class);
            assertThat(HexFormat.of().formatHex((byte[]) a)).isEqualTo(HexFormat.of().formatHex(bytes));
        } else if (b instanceof IsoFrame f) {
            assertThat(a).isEqualTo(f);
            assertSameMessage(((IsoFrame) a).message(), f.message());
        } else {
            assertSameMessage((IsoMessage) a, (IsoMessage) b);
        }
    }

    private static void assertSameMessage(IsoMessage a, IsoMessage b) {
        assertThat(a).isEqualTo(b);
        assertThat(a.hashCode()).isEqualTo(b.hashCode());
        assertThat(a.mti()).isEqualTo(b.mti());
        assertThat(comparable(a.fields())).isEqualTo(comparable(b.fields()));
        assertThat(List.copyOf(a.fieldNumbers())).isEqualTo(List.copyOf(b.fieldNumbers()));
        assertThat(a.toString()).isEqualTo(b.toString());
    }

    /** Binary values as hex, so maps compare by content. */
    static Map<Integer, String> comparable(Map<Integer, Object> fields) {
        Map<Integer, String> out = new TreeMap<>();
        fields.forEach((n, v) -> out.put(n, v instanceof byte[] b ? "b:" + HexFormat.of().formatHex(b) : "s:" + v));
        return out;
    }
}
