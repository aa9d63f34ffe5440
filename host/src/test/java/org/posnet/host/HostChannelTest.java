package org.posnet.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.posnet.host.HostHarness.MERCHANT;
import static org.posnet.host.HostHarness.OTHER_MERCHANT;
import static org.posnet.host.HostHarness.SUSPENDED_TERMINAL;
import static org.posnet.host.HostHarness.TERMINAL;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.posnet.common.db.TestDatabases;
import org.posnet.host.iso.Dialect;
import org.posnet.host.iso.IsoCodec;
import org.posnet.host.iso.IsoFrame;
import org.posnet.host.iso.IsoMessage;
import org.posnet.host.iso.MessageHeader;
import org.posnet.host.iso.Tpdu;

/**
 * Bad input on the terminal channel, byte by byte: each case ends in the right response code or a closed
 * connection, never in silence.
 */
class HostChannelTest {
    private static final IsoCodec CODEC = new IsoCodec(Dialect.unionPayPos());
    private HostHarness harness;

    @BeforeEach
    void start() {
        harness = new HostHarness(TestDatabases.h2(), HostConfig.defaults().withPort(0).withIdleTimeout(Duration.ofMillis(700)));
    }

    @AfterEach
    void stop() {
        harness.close();
        harness.tdb.close();
    }

    private static byte[] frame(IsoMessage m) {
        return CODEC.encode(new IsoFrame(Tpdu.of(0x0001, 0x0123), new MessageHeader("603100000000"), m));
    }

    private static IsoMessage signOn(String terminal, String merchant) {
        return IsoMessage.builder("0800").with(11, "000001").with(41, terminal).with(42, merchant).with(60, "00000000003").build();
    }

    private static IsoMessage sale(String batch) {
        return IsoMessage.builder("0200").with(2, HostHarness.PAN).with(3, "000000").with(4, "000000000100").with(11, "000002")
                .with(41, TERMINAL).with(42, MERCHANT).with(60, "22" + batch + "000").with(64, new byte[8]).build();
    }

    /** Sends bytes; returns the reply frame's message, or null when the host closed the connection. */
    private IsoFrame exchange(byte[] bytes) throws Exception {
        try (Socket s = new Socket("127.0.0.1", harness.port())) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write(bytes);
            return read(s.getInputStream());
        }
    }

    private static IsoFrame read(InputStream in) throws Exception {
        DataInputStream data = new DataInputStream(in);
        int length;
        try {
            length = data.readUnsignedShort();
        } catch (EOFException closed) {
            return null;
        }
        byte[] frame = new byte[2 + length];
        frame[0] = (byte) (length >> 8);
        frame[1] = (byte) length;
        data.readFully(frame, 2, length);
        return CODEC.decode(frame);
    }

    private static boolean closedByHost(Socket s) throws IOException {
        try {
            return s.getInputStream().read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Test
    void lengthBelowTheSmallestMessage_closes() throws Exception {
        assertThat(exchange(new byte[] {0, 5, 0x60, 0, 1, 1, 0x23})).isNull();
    }

    @Test
    void lengthAboveTheMaximum_closes() throws Exception {
        byte[] bytes = new byte[64];
        bytes[0] = (byte) 0xFF;
        bytes[1] = (byte) 0xF0;
        assertThat(exchange(bytes)).isNull();
    }

    @Test
    void shortFrame_thatNeverCompletes_isClosedByTheIdleTimeout() throws Exception {
        byte[] full = frame(signOn(TERMINAL, MERCHANT));
        try (Socket s = new Socket("127.0.0.1", harness.port())) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write(Arrays.copyOf(full, full.length - 3));
            assertThat(closedByHost(s)).isTrue();
        }
    }

    @Test
    void bitmapPromisingFieldsThatAreNotThere_answers30() throws Exception {
        byte[] full = frame(signOn(TERMINAL, MERCHANT));
        // cut the body after the bitmap and fix the length prefix: the bitmap now overruns
        byte[] cut = Arrays.copyOf(full, 2 + 5 + 6 + 2 + 8 + 1);
        cut[0] = 0;
        cut[1] = (byte) (cut.length - 2);
        IsoFrame reply = exchange(cut);

        assertThat(reply.message().mti()).isEqualTo("0810");
        assertThat(reply.message().string(39)).isEqualTo("30");
        assertThat(reply.tpdu()).isEqualTo(Tpdu.of(0x0123, 0x0001));
    }

    @Test
    void fieldLengthOverItsMaximum_answers30() throws Exception {
        byte[] full = frame(IsoMessage.builder("0200").with(2, HostHarness.PAN).with(11, "000001").build());
        // field 2's LL prefix (after length 2, TPDU 5, header 6, MTI 2, bitmap 8) claims 99 digits
        full[23] = (byte) 0x99;
        assertThat(exchange(full).message().string(39)).isEqualTo("30");
    }

    @Test
    void badBcdInTheTrace_answers30() throws Exception {
        byte[] full = frame(IsoMessage.builder("0800").with(11, "000001").with(41, TERMINAL).build());
        full[23] = (byte) 0xA0; // first byte of field 11
        assertThat(exchange(full).message().string(39)).isEqualTo("30");
    }

    @Test
    void badBcdInTheMti_closes() throws Exception {
        byte[] full = frame(signOn(TERMINAL, MERCHANT));
        full[13] = (byte) 0xAA;
        assertThat(exchange(full)).isNull();
    }

    @Test
    void unknownRequestMti_answers12() throws Exception {
        IsoFrame reply = exchange(frame(IsoMessage.builder("0600").with(11, "000001").with(41, TERMINAL).build()));
        assertThat(reply.message().mti()).isEqualTo("0610");
        assertThat(reply.message().string(39)).isEqualTo("12");
    }

    @Test
    void unknownProcessingCode_answers12() throws Exception {
        IsoMessage m = sale("000001").with(3, "990000");
        assertThat(exchange(frame(m)).message().string(39)).isEqualTo("12");
    }

    @Test
    void aResponseMtiFromATerminal_closes() throws Exception {
        assertThat(exchange(frame(IsoMessage.builder("0210").with(11, "000001").with(39, "00").build()))).isNull();
    }

    @Test
    void missingField60_answers30() throws Exception {
        assertThat(exchange(frame(sale("000001").without(60))).message().string(39)).isEqualTo("30");
    }

    @Test
    void unregisteredTerminal_97() throws Exception {
        assertThat(exchange(frame(signOn("99999999", MERCHANT))).message().string(39)).isEqualTo("97");
    }

    @Test
    void suspendedTerminal_97() throws Exception {
        assertThat(exchange(frame(signOn(SUSPENDED_TERMINAL, MERCHANT))).message().string(39)).isEqualTo("97");
    }

    @Test
    void terminalUnderAnotherMerchant_03() throws Exception {
        assertThat(exchange(frame(signOn(TERMINAL, OTHER_MERCHANT))).message().string(39)).isEqualTo("03");
    }

    @Test
    void saleBeforeSignOn_77_withSignOnAgainInTheHeader() throws Exception {
        IsoFrame reply = exchange(frame(sale("000001")));
        assertThat(reply.message().string(39)).isEqualTo("77");
        assertThat(reply.header().processingRequirementDigit()).isEqualTo(3);
        assertThat(reply.message().has(64)).isFalse();
    }

    @Test
    void missingMac_A0() throws Exception {
        exchange(frame(signOn(TERMINAL, MERCHANT)));
        IsoFrame reply = exchange(frame(sale("000001").without(64)));
        assertThat(reply.message().string(39)).isEqualTo("A0");
        assertThat(reply.header().processingRequirementDigit()).isEqualTo(3);
    }

    @Test
    void severalFramesInOneWrite_eachAnswered_inOneConnection() throws Exception {
        byte[] a = frame(IsoMessage.builder("0820").with(11, "000001").with(41, TERMINAL).with(42, MERCHANT)
                .with(60, "00000000301").build());
        byte[] b = frame(IsoMessage.builder("0820").with(11, "000002").with(41, TERMINAL).with(42, MERCHANT)
                .with(60, "00000000301").build());
        try (Socket s = new Socket("127.0.0.1", harness.port())) {
            s.setSoTimeout(5_000);
            OutputStream out = s.getOutputStream();
            byte[] both = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, both, a.length, b.length);
            out.write(both);
            IsoFrame first = read(s.getInputStream());
            IsoFrame second = read(s.getInputStream());
            assertThat(first.message().string(39)).isEqualTo("00");
            assertThat(second.message().string(39)).isEqualTo("00");
            assertThat(first.message().mti()).isEqualTo("0830");
        }
    }

    @Test
    void idleConnection_isClosed() throws Exception {
        try (Socket s = new Socket("127.0.0.1", harness.port())) {
            s.setSoTimeout(5_000);
            assertThat(closedByHost(s)).isTrue();
        }
    }
}
