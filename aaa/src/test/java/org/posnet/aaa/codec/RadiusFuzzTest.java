package org.posnet.aaa.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Nothing but {@link RadiusDecodeException} may escape the decoder, whatever the bytes. */
class RadiusFuzzTest {
  private static final byte[] VALID = RadiusCodec.encode(new RadiusPacket(RadiusCode.ACCESS_REQUEST, 9, new byte[16], List.of(
      RadiusAttribute.text(Attr.USER_NAME, "t10000001@POSBANK.133VPDN.SX"),
      RadiusAttribute.of(Attr.MESSAGE_AUTHENTICATOR, new byte[16]),
      RadiusAttribute.vendor(Attr.VENDOR_3GPP, Attr.V3GPP_IMSI, "460031234500001".getBytes()),
      RadiusAttribute.integer(Attr.NAS_PORT, 3))));

  @Property(tries = 3000)
  void randomBytes_decodeOrFailCleanly(@ForAll @Size(max = 300) byte[] data) {
    decodeCleanly(data);
  }

  @Property(tries = 3000)
  void mutatedValidPackets_decodeOrFailCleanly(@ForAll("mutations") byte[] data) {
    decodeCleanly(data);
  }

  /** The case the fuzzer found: one Vendor-Specific attribute with two sub-attributes decodes into two. */
  @net.jqwik.api.Example
  void vendorSpecificWithTwoSubAttributes_decodesIntoTwo() throws Exception {
    byte[] packet = new byte[20 + 14];
    packet[0] = 1; // Access-Request
    packet[3] = (byte) packet.length;
    byte[] vsa = {26, 14, 0, 0, 0x28, (byte) 0xaf, 1, 4, 'a', 'b', 2, 4, 'c', 'd'}; // 3GPP (10415), two subs
    System.arraycopy(vsa, 0, packet, 20, vsa.length);

    RadiusPacket p = RadiusCodec.decode(packet);

    assertThat(p.attributes()).containsExactly(RadiusAttribute.vendor(10415, 1, new byte[] {'a', 'b'}),
        RadiusAttribute.vendor(10415, 2, new byte[] {'c', 'd'}));
    decodeCleanly(packet);
  }

  @Provide
  Arbitrary<byte[]> mutations() {
    return Arbitraries.integers().between(0, VALID.length - 1).list().ofMinSize(1).ofMaxSize(6)
        .flatMap(positions -> Arbitraries.bytes().list().ofSize(positions.size()).flatMap(values ->
            Arbitraries.integers().between(0, VALID.length).map(cut -> {
              byte[] m = VALID.clone();
              for (int i = 0; i < positions.size(); i++) m[positions.get(i)] = values.get(i);
              return java.util.Arrays.copyOf(m, Math.max(cut, 0));
            })));
  }

  private static void decodeCleanly(byte[] data) {
    try {
      RadiusPacket p = RadiusCodec.decode(data);
      // every value byte comes from the input: the values never add up to more than the attributes' room.
      // (Re-encoding may be longer than the input: a Vendor-Specific attribute carrying several
      // sub-attributes, which RFC 2865 §5.26 allows, is decoded into one attribute each.)
      int values = p.attributes().stream().mapToInt(a -> a.value().length).sum();
      assertThat(values).isLessThanOrEqualTo(data.length - RadiusPacket.HEADER);
    } catch (RadiusDecodeException expected) {
      assertThat(expected.reason()).isNotNull();
    }
  }
}
