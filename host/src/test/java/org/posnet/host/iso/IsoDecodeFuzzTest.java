package org.posnet.host.iso;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Whatever bytes arrive, decoding ends in a message or in one {@link IsoDecodeException} — never another
 * exception. Random bytes mostly die at the length prefix, so most tries mutate valid frames instead.
 */
class IsoDecodeFuzzTest {

    private static final IsoCodec CODEC = new IsoCodec(Dialect.unionPayPos());
    private static final List<byte[]> VALID = new ArrayList<>();

    static {
        for (IsoMessage m : CupMessages.all().values()) {
            VALID.add(CODEC.encode(CupMessages.frame(m)));
        }
    }

    @Property(tries = 2000)
    void randomBytes_onlyDecodeErrors(@ForAll @Size(max = 600) byte[] bytes) {
        assertOnlyDecodeErrors(bytes);
        assertOnlyDecodeErrorsForMessage(bytes);
    }

    @Property(tries = 2000)
    void randomBytes_withAConsistentLengthPrefix(@ForAll @Size(min = 11, max = 600) byte[] body) {
        byte[] frame = new byte[body.length + 2];
        frame[0] = (byte) (body.length >> 8);
        frame[1] = (byte) body.length;
        System.arraycopy(body, 0, frame, 2, body.length);
        assertOnlyDecodeErrors(frame);
    }

    @Property(tries = 10000)
    void mutatedValidFrames_onlyDecodeErrors(@ForAll("mutatedFrames") byte[] frame) {
        assertOnlyDecodeErrors(frame);
    }

    @Property(tries = 200)
    void validFrames_alwaysDecode(@ForAll("validFrames") byte[] frame) throws IsoDecodeException {
        assertThat(CODEC.encode(CODEC.decode(frame))).isEqualTo(frame);
    }

    @Provide
    Arbitrary<byte[]> validFrames() {
        return Arbitraries.of(VALID);
    }

    /**
     * A valid frame with 1..4 of: a byte overwritten, a byte flipped, a cut, an insertion; the length
     * prefix then usually repaired so the damage reaches the field parser.
     */
    @Provide
    Arbitrary<byte[]> mutatedFrames() {
        Arbitrary<Mutation> mutation = Combinators.combine(
                Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 10_000),
                Arbitraries.integers().between(0, 255)).as(Mutation::new);
        return Combinators.combine(validFrames(), mutation.list().ofMinSize(1).ofMaxSize(4),
                Arbitraries.integers().between(0, 9)).as((frame, mutations, fixLength) -> {
                    byte[] out = frame.clone();
                    for (Mutation m : mutations) {
                        out = m.apply(out);
                    }
                    if (fixLength > 0 && out.length >= 2) {
                        out[0] = (byte) ((out.length - 2) >> 8);
                        out[1] = (byte) (out.length - 2);
                    }
                    return out;
                });
    }

    record Mutation(int kind, int position, int value) {
        byte[] apply(byte[] in) {
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
                    return java.util.Arrays.copyOf(in, at);
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
    }

    private static void assertOnlyDecodeErrors(byte[] bytes) {
        try {
            IsoFrame frame = CODEC.decode(bytes);
            // what decodes must encode back to the same bytes: nothing was silently dropped or invented
            assertThat(CODEC.encode(frame)).isEqualTo(bytes);
        } catch (IsoDecodeException expected) {
            assertThat(expected.getMessage()).isNotBlank();
            assertThat(expected.offset()).isBetween(0, bytes.length);
        }
    }

    private static void assertOnlyDecodeErrorsForMessage(byte[] bytes) {
        try {
            IsoMessage m = CODEC.decodeMessage(bytes);
            assertThat(CODEC.encode(m)).isEqualTo(bytes);
        } catch (IsoDecodeException expected) {
            assertThat(expected.offset()).isBetween(0, bytes.length);
        }
    }
}
