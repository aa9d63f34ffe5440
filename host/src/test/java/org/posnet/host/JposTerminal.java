package org.posnet.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.channel.NACChannel;
import org.jpos.iso.packager.GenericPackager;

/**
 * A POS terminal built on jPOS 2.1.10 (test scope: AGPL) as an independent client: jPOS's NACChannel
 * (2-byte length, then an 11-byte header = TPDU + the UnionPay header) with the CUP GenericPackager, and
 * keys, PIN blocks and MACs from {@link TerminalCrypto}, never from the host's code.
 */
final class JposTerminal implements AutoCloseable {
    /** TPDU 60 0001 0123 (to the host at 0001 from NII 0123), header 603100000000. */
    static final byte[] HEADER = TerminalCrypto.hex("6000010123" + "603100000000");

    private static GenericPackager packager;
    final String terminalId;
    final String merchantId;
    final byte[] tmk;
    final NACChannel channel;
    TerminalCrypto.Keys keys;
    String batch = "000000";
    int trace;
    /** The header bytes of the last reply: TPDU (swapped) + UnionPay header. */
    byte[] lastHeader;

    JposTerminal(int port, String terminalId, String merchantId, String tmkHex) throws IOException, ISOException {
        this.terminalId = terminalId;
        this.merchantId = merchantId;
        this.tmk = TerminalCrypto.hex(tmkHex);
        this.channel = new NACChannel("127.0.0.1", port, packager(), HEADER.clone());
        channel.setTimeout(10_000);
        channel.connect();
    }

    static synchronized GenericPackager packager() throws ISOException, IOException {
        if (packager == null) {
            try (InputStream in = JposTerminal.class.getResourceAsStream("/jpos/cup-packager.xml")) {
                packager = new GenericPackager(in);
            }
        }
        return packager;
    }

    String nextTrace() {
        return String.format("%06d", ++trace);
    }

    ISOMsg message(String mti) throws ISOException {
        ISOMsg m = new ISOMsg(mti);
        m.setPackager(channel.getPackager());
        m.set(11, nextTrace());
        m.set(41, terminalId);
        m.set(42, merchantId);
        return m;
    }

    /** 签到: asks for 60.3 keys, checks field 62's check values, keeps the batch. */
    ISOMsg signOn(String networkCode) throws Exception {
        ISOMsg m = message("0800");
        m.set(60, "00" + batch + networkCode);
        m.set(63, "01 ");
        ISOMsg reply = exchange(m);
        if ("00".equals(reply.getString(39))) {
            keys = TerminalCrypto.unwrap(tmk, reply.getBytes(62));
            batch = reply.getString(60).substring(2, 8);
        }
        return reply;
    }

    /** Field 52 for this card under the session's PIK. */
    byte[] pinBlock(String pin, String pan) {
        return TerminalCrypto.pinBlock(keys.pik(), pin, pan);
    }

    /** How this terminal computes field 64 from its MAK and the MAC block: UnionPay ECB unless a test sets another. */
    java.util.function.BinaryOperator<byte[]> macAlgorithm = TerminalCrypto::mac;

    /** Sets field 64 from the packed message (MTI through 63, bit 64 set), as a terminal does. */
    void mac(ISOMsg m) throws ISOException {
        m.set(64, new byte[8]);
        byte[] packed = m.pack();
        m.set(64, macAlgorithm.apply(keys.mak(), Arrays.copyOf(packed, packed.length - 8)));
    }

    /** Sends with a MAC and checks the reply's MAC. */
    ISOMsg send(ISOMsg m) throws Exception {
        mac(m);
        ISOMsg reply = exchange(m);
        assertMac(reply);
        return reply;
    }

    void assertMac(ISOMsg reply) throws ISOException {
        assertThat(reply.hasField(64)).as("reply %s carries a MAC", reply.getMTI()).isTrue();
        byte[] received = reply.getBytes(64);
        ISOMsg copy = (ISOMsg) reply.clone();
        copy.setPackager(channel.getPackager());
        copy.set(64, new byte[8]);
        byte[] packed = copy.pack();
        assertThat(received).as("reply MAC").isEqualTo(macAlgorithm.apply(keys.mak(), Arrays.copyOf(packed, packed.length - 8)));
    }

    ISOMsg exchange(ISOMsg m) throws Exception {
        channel.send(m);
        ISOMsg reply = channel.receive();
        lastHeader = reply.getHeader();
        assertThat(reply.getMTI()).isEqualTo(m.getMTI().substring(0, 2) + (char) (m.getMTI().charAt(2) + 1) + m.getMTI().charAt(3));
        assertThat(reply.getString(11)).isEqualTo(m.getString(11));
        return reply;
    }

    /** The processing-requirement digit of the last reply's header. */
    int processingRequirement() {
        return lastHeader[5 + 2] & 0x0F;
    }

    @Override
    public void close() throws IOException {
        channel.disconnect();
    }
}
