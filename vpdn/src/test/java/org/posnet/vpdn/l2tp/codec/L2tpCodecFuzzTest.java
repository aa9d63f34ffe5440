package org.posnet.vpdn.l2tp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Whatever arrives, only L2tpDecodeException leaves the decoder; what decodes re-encodes. */
class L2tpCodecFuzzTest {
  private static final byte[] SECRET = "tunnel-secret".getBytes(StandardCharsets.UTF_8);
  private static final List<byte[]> SEEDS = SampleMessages.wires(SECRET);

  @Property(tries = 3000)
  void randomBytes_onlyDecodeExceptionEscapes(@ForAll @Size(max = 200) byte[] datagram) {
    assertThat(decodeOrReject(datagram)).isTrue();
  }

  @Property(tries = 5000)
  void mutatedValidPackets_onlyDecodeExceptionEscapes(@ForAll("mutants") byte[] datagram) {
    assertThat(decodeOrReject(datagram)).isTrue();
  }

  /** True when the decoder either produced a packet that survives re-encoding, or refused it. */
  private static boolean decodeOrReject(byte[] datagram) {
    try {
      L2tpPacket p = L2tpCodec.decode(datagram, SECRET);
      if (p instanceof ControlMessage c && c.avps().stream().noneMatch(Avp::hidden)) {
        L2tpCodec.encode(c, SECRET);
      }
      return p != null;
    } catch (L2tpDecodeException e) {
      return e.disposition() != null;
    }
  }

  @Provide
  Arbitrary<byte[]> mutants() {
    Arbitrary<byte[]> seed = Arbitraries.of(SEEDS).map(byte[]::clone);
    Arbitrary<Integer> position = Arbitraries.integers().between(0, 400);
    Arbitrary<Byte> value = Arbitraries.bytes();
    return net.jqwik.api.Combinators.combine(seed, position, value, Arbitraries.integers().between(0, 3))
        .as((bytes, pos, v, op) -> mutate(bytes, pos, v, op));
  }

  private static byte[] mutate(byte[] b, int pos, byte v, int op) {
    int at = pos % b.length;
    switch (op) {
      case 0 -> b[at] = v;
      case 1 -> b[at] ^= (byte) (1 << (v & 7));
      case 2 -> {
        return java.util.Arrays.copyOf(b, at);
      }
      default -> {
        byte[] longer = java.util.Arrays.copyOf(b, b.length + (v & 0x0F));
        longer[at] = v;
        return longer;
      }
    }
    return b;
  }
}
