package org.posnet.sim.load;

import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.posnet.common.text.Digits;
import org.posnet.host.iso.FieldType;
import org.posnet.host.iso.IsoCodec;
import org.posnet.host.iso.IsoDecodeException;
import org.posnet.host.iso.IsoFrame;
import org.posnet.host.iso.IsoMessage;
import org.posnet.sim.terminal.Card;
import org.posnet.sim.terminal.DesKey;
import org.posnet.sim.terminal.MacSigner;
import org.posnet.sim.terminal.PinBlock;
import org.posnet.sim.terminal.PosTerminal;
import org.posnet.sim.terminal.Requests;
import org.posnet.sim.terminal.TerminalIdentity;
import org.posnet.sim.terminal.WorkingKeys;

/**
 * One signed-on terminal on a non-blocking connection with at most one sale in flight, as a real
 * terminal behaves: the next sale goes out when the last one's reply has been checked.
 *
 * <p>Its sales differ only in the trace: the PIN block (format 0 under the session's PIK) and every other
 * field are the same, so the request is encoded once and each sale patches field 11 and recomputes the
 * MAC over the wire bytes. A reply is checked on its bytes ({@link FieldWalk}, then MTI, trace, terminal,
 * code and a real MAC check); one that fails any of it is decoded in full to say what is wrong, exactly
 * as the generator always has.
 */
final class LoadTerminal {
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    final SocketChannel channel;
    final ByteBuffer in = ByteBuffer.allocate(4096);
    /** The current sale, ready to write (see {@link #prepareSale}). */
    final ByteBuffer out;
    long sentAtNanos;
    private final TerminalIdentity identity;
    private final DesKey mak;
    private final MacSigner signer;
    private final IsoCodec codec;
    private final FieldWalk walk;
    private final byte[] request;
    private final int messageAt;
    private final int traceAt;
    private final int terminalAt;
    private final int terminalBytes;
    private final int macAt;
    private final int[] at = new int[65];
    private final byte[] fold = new byte[8];
    private final byte[] hex = new byte[16];
    private final byte[] mac = new byte[8];
    private int trace;
    /** Replies the byte check did not pass and the full decode judged: a clean run has none. */
    long fullChecks;

    LoadTerminal(SocketChannel channel, TerminalIdentity identity, WorkingKeys keys, String batch, Card card, long fen,
            IsoCodec codec, FieldWalk walk, int lastTrace) {
        this.channel = channel;
        this.identity = identity;
        this.mak = keys.mak();
        this.signer = new MacSigner(codec, keys.mak());
        this.codec = codec;
        this.walk = walk;
        this.trace = lastTrace;
        if (walk.fixedBytes(11) != 3 || walk.fixedBytes(39) != 2 || walk.type(39) != FieldType.ASCII
                || walk.fixedBytes(41) < 1 || walk.fixedBytes(64) != 8 || walk.type(64) != FieldType.BINARY) {
            throw new IllegalArgumentException("the load generator needs 11 as n6, 39 as an2, 41 fixed and 64 as b8");
        }
        IsoMessage sale = signer.sign(Requests.sale(identity, Digits.zeroPadded(lastTrace, 6), batch, card, fen,
                PinBlock.format0(keys.pik(), card.pin(), card.pan())));
        request = codec.encode(new IsoFrame(PosTerminal.TPDU, PosTerminal.HEADER, sale));
        messageAt = walk.messageAt();
        if (!walk.walk(request, 0, request.length, at) || at[64] != request.length - 8) {
            throw new IllegalStateException("a sale request the load generator cannot take apart");
        }
        traceAt = at[11];
        terminalAt = at[41];
        terminalBytes = walk.fixedBytes(41);
        macAt = at[64];
        // the MAC over the wire bytes must be the signer's, or patching them would send wrong MACs
        unionPayMac(request, messageAt, macAt, mac);
        if (!Arrays.equals(mac, 0, 8, request, macAt, macAt + 8)) {
            throw new IllegalStateException("the MAC block of a sale is not its wire bytes in this dialect");
        }
        out = ByteBuffer.wrap(request);
    }

    /** The trace of the current sale. */
    int trace() {
        return trace;
    }

    /** Makes the next sale (next trace, its MAC) the content of {@link #out}. */
    void prepareSale() {
        trace = trace % 999_999 + 1;
        int t = trace;
        for (int i = traceAt + 2; i >= traceAt; i--) {
            request[i] = (byte) ((t / 10 % 10) << 4 | t % 10);
            t /= 100;
        }
        unionPayMac(request, messageAt, macAt, mac);
        System.arraycopy(mac, 0, request, macAt, 8);
        out.clear();
    }

    /**
     * Null when the frame in {@code b[from, to)} is the 0210 to our trace, approved, for our terminal, and
     * its MAC verifies; else what is wrong.
     */
    String failureOf(byte[] b, int from, int to) {
        if (walk.walk(b, from, to, at) && at[64] == to - 8
                && b[from + messageAt] == 0x02 && b[from + messageAt + 1] == 0x10
                && at[11] != FieldWalk.ABSENT && Arrays.equals(b, at[11], at[11] + 3, request, traceAt, traceAt + 3)
                && at[41] != FieldWalk.ABSENT
                && Arrays.equals(b, at[41], at[41] + terminalBytes, request, terminalAt, terminalAt + terminalBytes)
                && at[39] != FieldWalk.ABSENT && b[at[39]] == '0' && b[at[39] + 1] == '0') {
            unionPayMac(b, from + messageAt, to - 8, mac);
            if (Arrays.equals(mac, 0, 8, b, to - 8, to)) {
                return null;
            }
        }
        // not a clean approval: the full decode names the failure
        fullChecks++;
        try {
            return failureOf(codec.decode(Arrays.copyOfRange(b, from, to)).message());
        } catch (IsoDecodeException e) {
            return "undecodable";
        }
    }

    /** The reply is the 0210 to our trace, approved, for our terminal, and its MAC verifies. */
    String failureOf(IsoMessage reply) {
        if (!"0210".equals(reply.mti()) || !Digits.zeroPadded(trace, 6).equals(reply.string(11))
                || !identity.terminalId().equals(reply.string(41))) {
            return "mismatched-reply";
        }
        if (!signer.verifies(reply)) {
            return "bad-mac";
        }
        return "00".equals(reply.string(39)) ? null : "code-" + reply.string(39);
    }

    /**
     * {@code UnionPayMac.of(mak, b[from, to))} into {@code into}, without copying the block out: XOR in
     * 8-byte blocks, expand to hex, encrypt the first 8, XOR the last 8, encrypt, keep 8 hex digits.
     */
    private void unionPayMac(byte[] b, int from, int to, byte[] into) {
        byte[] x = fold;
        Arrays.fill(x, (byte) 0);
        for (int i = from; i < to; i++) {
            x[(i - from) & 7] ^= b[i];
        }
        for (int i = 0; i < 8; i++) {
            hex[2 * i] = HEX[(x[i] >> 4) & 0xF];
            hex[2 * i + 1] = HEX[x[i] & 0xF];
        }
        byte[] e1 = mak.encrypt(Arrays.copyOf(hex, 8));
        for (int i = 0; i < 8; i++) {
            e1[i] ^= hex[8 + i];
        }
        byte[] e2 = mak.encrypt(e1);
        for (int i = 0; i < 4; i++) {
            into[2 * i] = HEX[(e2[i] >> 4) & 0xF];
            into[2 * i + 1] = HEX[e2[i] & 0xF];
        }
    }
}
