package org.posnet.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.posnet.host.HostHarness.MERCHANT;
import static org.posnet.host.HostHarness.PAN;
import static org.posnet.host.HostHarness.PIN;
import static org.posnet.host.HostHarness.TERMINAL;
import static org.posnet.host.HostHarness.TMK;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.posnet.common.db.TestDatabases;
import org.posnet.common.event.Event;
import org.posnet.host.param.ParameterSet;

/**
 * jPOS 2.1.10 as the terminal: parameter download (0800 360 parts, 361 end) and status upload (0820 362)
 * against the running host, and the reply header's processing requirement (1 = download parameters) set
 * while the terminal holds an older set than the one the TMS stored. Field 62 is parsed here by hand
 * (tag n2, length n3, value), independently of the host's TLV code.
 */
class JposParameterTest {
    private static final Charset GBK = Charset.forName("GBK");
    private HostHarness harness;
    private JposTerminal pos;
    private final List<Event> tmsEvents = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws Exception {
        harness = new HostHarness(TestDatabases.h2());
        harness.events.subscribe("tms", tmsEvents::add);
        pos = new JposTerminal(harness.port(), TERMINAL, MERCHANT, TMK);
    }

    @AfterEach
    void stop() throws Exception {
        pos.close();
        harness.close();
        harness.tdb.close();
    }

    private ISOMsg network(String mti, String code, byte[] f62) throws Exception {
        ISOMsg m = pos.message(mti);
        m.set(60, "00" + pos.batch + code);
        if (f62 != null) {
            m.set(62, f62);
        }
        return pos.exchange(m);
    }

    private static Map<String, byte[]> tlv(byte[] b, int from) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        int at = from;
        while (at < b.length) {
            String tag = new String(b, at, 2, StandardCharsets.US_ASCII);
            int len = Integer.parseInt(new String(b, at + 2, 3, StandardCharsets.US_ASCII));
            byte[] v = new byte[len];
            System.arraycopy(b, at + 5, v, 0, len);
            m.put(tag, v);
            at += 5 + len;
        }
        return m;
    }

    private static String ascii(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }

    private static byte[] item(String tag, String value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] v = value.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(String.format("%s%03d", tag, v.length).getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(v);
        return out.toByteArray();
    }

    private ISOMsg sale() throws Exception {
        return Trades.sale(pos, PAN, PIN, 1000);
    }

    /** Downloads every part like a terminal: part 0, then the next while the flag says more. */
    private Map<String, byte[]> download(int expectedParts) throws Exception {
        Map<String, byte[]> all = new LinkedHashMap<>();
        String version = null;
        for (int part = 0; ; part++) {
            ISOMsg reply = network("0800", "360", part == 0 ? null : item("02", String.format("%03d", part)));
            assertThat(reply.getString(39)).isEqualTo("00");
            assertThat(reply.hasField(64)).isFalse();
            assertThat(pos.processingRequirement()).as("no download request while downloading").isZero();
            byte[] f62 = reply.getBytes(62);
            assertThat(f62.length).isLessThanOrEqualTo(160);
            Map<String, byte[]> items = tlv(f62, 1);
            assertThat(ascii(items.remove("02"))).isEqualTo(String.format("%03d", part));
            String v = ascii(items.remove("01"));
            assertThat(version == null || version.equals(v)).as("same version in every part").isTrue();
            version = v;
            all.putAll(items);
            all.put("01", v.getBytes(StandardCharsets.US_ASCII));
            if (f62[0] == '0') {
                assertThat(part + 1).as("parts").isEqualTo(expectedParts);
                return all;
            }
            assertThat((char) f62[0]).isEqualTo('1');
        }
    }

    @Test
    void aTerminalOnDefaults_downloadsThem_andIsNeverAskedTo() throws Exception {
        pos.signOn("003");
        assertThat(pos.processingRequirement()).isZero();

        Map<String, byte[]> p = download(1);

        assertThat(ascii(p.get("01"))).isEqualTo("0");
        assertThat(new String(p.get("21"), GBK)).isEqualTo("川味小馆");
        assertThat(ascii(p.get("11"))).isEqualTo("60");
        assertThat(ascii(p.get("12"))).isEqualTo("3");
        assertThat(pos.send(sale()).getString(39)).isEqualTo("00");
        assertThat(pos.processingRequirement()).isZero();
    }

    @Test
    void aNewerStoredSet_setsDigit1_untilTheTerminalDownloadsAllPartsAndEnds() throws Exception {
        pos.signOn("003");
        ParameterSet stored = harness.host.terminalParameters().update(TERMINAL, new ParameterSet(0, "川味小馆建国路旗舰店", 45, 5, 2,
                List.of("10.64.0.1:5800", "10.64.0.2:5800"), List.of("95516000000001", "95516000000002", "95516000000003"),
                "95516000000009", true, 10, true, true), Instant.now());
        assertThat(stored.version()).isEqualTo(1);

        ISOMsg saleReply = pos.send(sale());
        assertThat(saleReply.getString(39)).isEqualTo("00");
        assertThat(pos.processingRequirement()).as("sale reply asks for a download").isEqualTo(1);
        network("0820", "301", null); // echo
        assertThat(pos.processingRequirement()).isEqualTo(1);

        Map<String, byte[]> p = download(2);
        assertThat(ascii(p.get("01"))).isEqualTo("1");
        assertThat(ascii(p.get("11"))).isEqualTo("45");
        assertThat(ascii(p.get("12"))).isEqualTo("5");
        assertThat(ascii(p.get("13"))).isEqualTo("95516000000001");
        assertThat(ascii(p.get("15"))).isEqualTo("95516000000003");
        assertThat(ascii(p.get("16"))).isEqualTo("95516000000009");
        assertThat(ascii(p.get("17"))).isEqualTo("1");
        assertThat(ascii(p.get("18"))).isEqualTo("10");
        assertThat(ascii(p.get("19"))).isEqualTo("1");
        assertThat(ascii(p.get("20"))).isEqualTo("1");
        assertThat(new String(p.get("21"), GBK)).isEqualTo("川味小馆建国路旗舰店");
        assertThat(ascii(p.get("22"))).isEqualTo("2");
        assertThat(ascii(p.get("23"))).isEqualTo("10.64.0.1:5800");
        assertThat(ascii(p.get("24"))).isEqualTo("10.64.0.2:5800");

        // a part past the last, and an end naming a version the host never stored: 30, nothing recorded
        assertThat(network("0800", "360", item("02", "002")).getString(39)).isEqualTo("30");
        assertThat(network("0800", "361", item("01", "2")).getString(39)).isEqualTo("30");
        assertThat(pos.processingRequirement()).isEqualTo(1);

        ISOMsg end = network("0800", "361", item("01", "1"));
        assertThat(end.getString(39)).isEqualTo("00");
        assertThat(pos.processingRequirement()).isZero();
        assertThat(pos.send(sale()).getString(39)).isEqualTo("00");
        assertThat(pos.processingRequirement()).isZero();
    }

    @Test
    void signOnAgain_winsOverDownload() throws Exception {
        pos.signOn("003");
        harness.host.terminalParameters().update(TERMINAL, ParameterSet.defaults("", List.of()), Instant.now());
        ISOMsg m = sale();
        m.set(60, "22" + "000099" + "000"); // not the assigned batch → 77, sign on again
        ISOMsg reply = pos.send(m);

        assertThat(reply.getString(39)).isEqualTo("77");
        assertThat(pos.processingRequirement()).isEqualTo(3);
    }

    @Test
    void statusUpload_isStoredAndPublished_andItsVersionCounts() throws Exception {
        harness.host.terminalParameters().update(TERMINAL, ParameterSet.defaults("", List.of()), Instant.now());
        pos.signOn("003");
        assertThat(pos.processingRequirement()).isEqualTo(1);

        ByteArrayOutputStream f62 = new ByteArrayOutputStream();
        for (byte[] i : List.of(item("01", "1"), item("31", "V2.3.1"), item("32", "N8210-000001"), item("33", "0"),
                item("34", "85"), item("35", "23"), item("36", "460-03-5A3C-1F2B"))) {
            f62.writeBytes(i);
        }
        ISOMsg reply = network("0820", "362", f62.toByteArray());

        assertThat(reply.getString(39)).isEqualTo("00");
        assertThat(reply.hasField(64)).isFalse();
        assertThat(pos.processingRequirement()).as("it says it holds version 1 now").isZero();
        assertThat(tmsEvents).hasSize(1);
        Event e = tmsEvents.get(0);
        assertThat(e.type()).isEqualTo("tms.status.reported");
        assertThat(e.key()).isEqualTo(TERMINAL);
        assertThat(e.version()).isEqualTo(1);
        assertThat(e.payload()).containsEntry("terminal", TERMINAL).containsEntry("merchant", MERCHANT)
                .containsEntry("parameterVersion", 1L).containsEntry("appVersion", "V2.3.1").containsEntry("battery", 85L)
                .containsEntry("signal", 23L).containsEntry("cell", "460-03-5A3C-1F2B").containsEntry("printer", "0");
        assertThat(harness.host.terminalParameters().lastReport(TERMINAL).orElseThrow().items())
                .containsEntry("serial", "N8210-000001");

        // malformed TLV and a missing 62: 30, nothing stored or published
        assertThat(network("0820", "362", "3100".getBytes(StandardCharsets.US_ASCII)).getString(39)).isEqualTo("30");
        assertThat(network("0820", "362", null).getString(39)).isEqualTo("30");
        assertThat(tmsEvents).hasSize(1);
        assertThat(harness.registry.get("posnet.transactions").tag("type", "status_upload").tag("code", "00").counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void anUnregisteredTerminal_getsNoParameters() throws Exception {
        try (JposTerminal stranger = new JposTerminal(harness.port(), "19999999", MERCHANT, TMK)) {
            ISOMsg m = stranger.message("0800");
            m.set(60, "00000000360");
            ISOMsg reply = stranger.exchange(m);
            assertThat(reply.getString(39)).isEqualTo("97");
            assertThat(reply.hasField(62)).isFalse();
        }
    }
}
