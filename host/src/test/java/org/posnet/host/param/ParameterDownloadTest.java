package org.posnet.host.param;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Field 62 of parameter download and status upload: parts, flags, TLV errors, GBK names. */
class ParameterDownloadTest {
    static final ParameterSet FULL = new ParameterSet(7, "川味小馆（建国路店）成都风味家常菜馆正宗川菜", 45, 5, 2,
            List.of("10.0.0.10:5800", "10.0.0.11:5800"), List.of("01065001234", "01065001235", "01065001236"),
            "01065009999", true, 15, true, false);

    /** Every part decoded back into tag → value (ASCII), checking flags, version and part numbers. */
    static Map<Integer, byte[]> join(List<byte[]> parts, long version) throws Tlv.TlvException {
        Map<Integer, byte[]> all = new LinkedHashMap<>();
        for (int n = 0; n < parts.size(); n++) {
            byte[] p = parts.get(n);
            assertThat((char) p[0]).as("flag of part %d", n).isEqualTo(n + 1 < parts.size() ? '1' : '0');
            List<Tlv.Item> items = Tlv.decode(p, 1);
            assertThat(items.get(0).tag()).isEqualTo(1);
            assertThat(items.get(0).ascii()).isEqualTo(Long.toString(version));
            assertThat(items.get(1).tag()).isEqualTo(2);
            assertThat(items.get(1).ascii()).isEqualTo(String.format("%03d", n));
            for (Tlv.Item i : items.subList(2, items.size())) {
                assertThat(all.put(i.tag(), i.value())).as("tag %d only once", i.tag()).isNull();
            }
        }
        return all;
    }

    @Test
    void aFullSet_splitsIntoPartsUnderTheLimit_withEveryItemWhole() throws Exception {
        List<byte[]> parts = ParameterDownload.parts(FULL, 120);

        assertThat(parts.size()).isGreaterThan(1);
        assertThat(parts).allSatisfy(p -> assertThat(p.length).isLessThanOrEqualTo(120));
        Map<Integer, byte[]> all = join(parts, 7);
        assertThat(new String(all.get(11), StandardCharsets.US_ASCII)).isEqualTo("45");
        assertThat(new String(all.get(12), StandardCharsets.US_ASCII)).isEqualTo("5");
        assertThat(new String(all.get(13), StandardCharsets.US_ASCII)).isEqualTo("01065001234");
        assertThat(new String(all.get(15), StandardCharsets.US_ASCII)).isEqualTo("01065001236");
        assertThat(new String(all.get(16), StandardCharsets.US_ASCII)).isEqualTo("01065009999");
        assertThat(new String(all.get(17), StandardCharsets.US_ASCII)).isEqualTo("1");
        assertThat(new String(all.get(18), StandardCharsets.US_ASCII)).isEqualTo("15");
        assertThat(new String(all.get(22), StandardCharsets.US_ASCII)).isEqualTo("2");
        assertThat(new String(all.get(23), StandardCharsets.US_ASCII)).isEqualTo("10.0.0.10:5800");
        assertThat(new String(all.get(24), StandardCharsets.US_ASCII)).isEqualTo("10.0.0.11:5800");
        // 22 Chinese characters are 44 bytes of GBK: the first 20 fill the 40 bytes, the rest is cut whole
        byte[] name = all.get(21);
        assertThat(name.length).isLessThanOrEqualTo(40);
        assertThat(new String(name, ParameterDownload.TEXT)).isEqualTo("川味小馆（建国路店）成都风味家常菜馆正宗");
    }

    @Test
    void defaults_fitOnePart_withTheMerchantNameInGbk() throws Exception {
        List<byte[]> parts = ParameterDownload.parts(ParameterSet.defaults("川味小馆", List.of()), 256);

        assertThat(parts).hasSize(1);
        Map<Integer, byte[]> all = join(parts, 0);
        assertThat(all.get(21)).isEqualTo("川味小馆".getBytes(ParameterDownload.TEXT)).hasSize(8);
        assertThat(new String(all.get(11), StandardCharsets.US_ASCII)).isEqualTo("60");
        assertThat(all).doesNotContainKeys(13, 16, 23);
    }

    @Test
    void aPartTooSmallForOneItem_isRefusedAtBuild() {
        assertThatThrownBy(() -> ParameterDownload.parts(FULL, 30)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void requestAndEnd_readTheirTags_andRefuseMalformedOnes() throws Exception {
        assertThat(ParameterDownload.requestedPart(null)).isZero();
        assertThat(ParameterDownload.requestedPart("02003002".getBytes(StandardCharsets.US_ASCII))).isEqualTo(2);
        assertThat(ParameterDownload.acknowledgedVersion("010017".getBytes(StandardCharsets.US_ASCII))).isEqualTo(7);
        for (String bad : List.of("0200", "02005001", "0200300A", "A2003001", "03003001")) {
            assertThatThrownBy(() -> ParameterDownload.requestedPart(bad.getBytes(StandardCharsets.US_ASCII)))
                    .as(bad).isInstanceOf(Tlv.TlvException.class);
        }
        assertThatThrownBy(() -> ParameterDownload.acknowledgedVersion("01000".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(Tlv.TlvException.class);
        assertThatThrownBy(() -> ParameterDownload.acknowledgedVersion(null)).isInstanceOf(Tlv.TlvException.class);
    }

    @Test
    void statusReport_namesKnownTags_keepsOthers_andRefusesBadValues() throws Exception {
        List<Tlv.Item> items = new ArrayList<>(List.of(Tlv.ascii(1, "7"), Tlv.ascii(31, "V2.3.1"), Tlv.ascii(32, "N8210-000001"),
                Tlv.ascii(33, "1"), Tlv.ascii(34, "85"), Tlv.ascii(35, "23"), Tlv.ascii(36, "460-03-5A3C-1F2B"), Tlv.ascii(77, "x")));
        StatusReport r = StatusReport.parse("10000001", "898110058120001", Instant.EPOCH, Tlv.encode(items));

        assertThat(r.parameterVersion()).isEqualTo(7L);
        assertThat(r.items()).containsEntry("appVersion", "V2.3.1").containsEntry("printer", "1").containsEntry("battery", "85")
                .containsEntry("cell", "460-03-5A3C-1F2B").containsEntry("t77", "x");
        assertThat(StatusReport.decodeItems(r.encoded())).isEqualTo(r.items());

        for (List<Tlv.Item> bad : List.of(List.of(Tlv.ascii(34, "full")), List.of(Tlv.ascii(31, "a;b")),
                List.of(new Tlv.Item(31, new byte[] {1, 2})), List.of(Tlv.ascii(31, "a"), Tlv.ascii(31, "b")))) {
            assertThatThrownBy(() -> StatusReport.parse("10000001", "m", Instant.EPOCH, Tlv.encode(bad)))
                    .isInstanceOf(Tlv.TlvException.class);
        }
        assertThatThrownBy(() -> StatusReport.parse("10000001", "m", Instant.EPOCH, new byte[0])).isInstanceOf(Tlv.TlvException.class);
    }

    @Test
    void aParameterSet_refusesValuesATerminalCannotHold() {
        assertThatThrownBy(() -> new ParameterSet(1, "", 100, 3, 3, List.of(), List.of(), "", false, 0, false, false))
                .hasMessageContaining("1..99");
        assertThatThrownBy(() -> new ParameterSet(1, "", 60, 10, 3, List.of(), List.of(), "", false, 0, false, false))
                .hasMessageContaining("dialRetries");
        assertThatThrownBy(() -> new ParameterSet(1, "", 60, 3, 3, List.of("host:5800"), List.of(), "", false, 0, false, false))
                .hasMessageContaining("a.b.c.d:port");
        assertThatThrownBy(() -> new ParameterSet(1, "", 60, 3, 3, List.of(), List.of("1", "2", "3", "4"), "", false, 0, false, false))
                .hasMessageContaining("at most 3");
    }
}
