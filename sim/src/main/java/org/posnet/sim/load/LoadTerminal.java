package org.posnet.sim.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.posnet.common.text.Digits;
import org.posnet.host.iso.FieldType;
import org.posnet.host.iso.IsoCodec;
import org.posnet.host.iso.IsoDecodeException;
import org.posnet.host.iso.IsoFrame;
import org.posnet.host.iso.IsoMessage;
import org.posnet.sim.terminal.Card;
import org.posnet.sim.terminal.MacSigner;
import org.posnet.sim.terminal.PinBlock;
import org.posnet.sim.terminal.PosTerminal;
import org.posnet.sim.terminal.Requests;
import org.posnet.sim.terminal.TerminalIdentity;
import org.posnet.sim.terminal.WorkingKeys;

/**
 * One signed-on terminal on a non-blocking connection with at most one sale in flight, as a real
 * terminal behaves: the next sale goes out when the last one's reply has been checked. Touched only by
 * its connection's event loop (and by the caller of {@link SaleLoad#stop} once the loops are done).
 *
 * <p>Its sales differ only in the trace: the PIN block (format 0 under the session's PIK) and every other
 * field are the same, so the request is encoded once and each sale patches field 11 and recomputes the
 * MAC over the wire bytes. A reply is checked on its bytes ({@link FieldWalk}, then MTI, trace, terminal,
 * code and a real MAC check); one that fails any of it is decoded in full to say what is wrong, exactly
 * as the generator always has.
 */
final class LoadTerminal {
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /**
     * What {@link #failureOf} says of a 0210 for this terminal to another trace: a late or repeated answer
     * to an earlier sale, not the answer to the one in flight, which is still awaited.
     */
    static final String STALE = "stale-reply";

    /** Largest reply taken: a sale's 0210 is under 200 bytes, so a bigger frame is garbage, not a reply. */
    static final int MAX_FRAME = 4096;

    /** Received bytes not yet taken as whole frames: {@code in[0, inLength)}. */
    final byte[] in = new byte[MAX_FRAME];
    int inLength;
    /** Whether a sale is out and its reply not yet in; {@link #sentAtNanos} is when it was written. */
    boolean inFlight;
    long sentAtNanos;
    /** The direct buffer the sales are written from, reused while the transport has let go of it. */
    private ByteBuf out;
    private final TerminalIdentity identity;
    /** The session's MAK as the generator's own cipher (checked against the JCE key it came with). */
    private final MacCipher mak;
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
    /**
     * The first encryption of each request's MAC, with its input, by the trace's last two digits. That input
     * is the hex of the first half of the XOR fold, which changes from sale to sale only with the trace
     * bytes that fall in it: when only the last one does (the bench's 19-digit PANs), the same 100 inputs
     * recur in the same slots, and a sale takes three encryptions instead of four. The input is compared
     * in full, so any other layout only misses.
     */
    private final long[] firstInputs = new long[100];
    private final long[] firstOutputs = new long[100];
    /** Requests whose first encryption was not in {@link #firstInputs}. */
    long firstMisses;
    private int trace;
    /** Replies the byte check did not pass and the full decode judged: a clean run has none. */
    long fullChecks;

    /**
     * @param keys     the session's working keys, as the terminal checked them at sign-on
     * @param clearMak the same MAK's clear bytes ({@link #clearMak}), for the generator's own cipher
     */
    LoadTerminal(TerminalIdentity identity, WorkingKeys keys, byte[] clearMak, String batch, Card card, long fen,
            IsoCodec codec, FieldWalk walk, int lastTrace) {
        this.identity = identity;
        this.mak = new MacCipher(clearMak);
        // the generator's cipher must be the session's key, or every MAC would be wrong
        byte[] probe = "MAK?MAK!".getBytes(StandardCharsets.US_ASCII);
        byte[] own = new byte[8];
        mak.encrypt(probe, 0, own, 0);
        if (clearMak.length != keys.mak().length() || !Arrays.equals(own, keys.mak().encrypt(probe))) {
            throw new IllegalStateException("the clear MAK is not the session's");
        }
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
        Arrays.fill(firstInputs, -1L); // no hex input is all ones: an empty slot
        // the MAC over the wire bytes must be the signer's, or patching them would send wrong MACs
        if (unionPayMac(request, messageAt, macAt, -1) != (long) LONG.get(request, macAt)
                || unionPayMac(request, messageAt, macAt, trace % 100) != (long) LONG.get(request, macAt)) {
            throw new IllegalStateException("the MAC block of a sale is not its wire bytes in this dialect");
        }
    }

    /**
     * The clear MAK of a sign-on reply's field 62 (layouts 001, 003, 004: each key under the TMK followed by
     * its check value, the MAK second). The terminal has already unwrapped and checked the same keys; the
     * constructor makes sure these bytes are that key.
     */
    static byte[] clearMak(TerminalIdentity identity, byte[] field62) {
        int keyLength = switch (field62 == null ? -1 : field62.length) {
            case 24 -> 8;
            case 40, 60 -> 16;
            default -> throw new IllegalArgumentException("field 62 is none of the layouts 001/003/004");
        };
        int at = keyLength + 4;
        return identity.tmk().decrypt(Arrays.copyOfRange(field62, at, at + keyLength));
    }

    /** The trace of the current sale. */
    int trace() {
        return trace;
    }

    /** The current sale's wire bytes (length prefix included); changed in place by {@link #prepareSale}. */
    byte[] sale() {
        return request;
    }

    /** Makes the next sale (next trace, its MAC) the content of {@link #sale()}. */
    void prepareSale() {
        trace = trace % 999_999 + 1;
        int t = trace;
        for (int i = traceAt + 2; i >= traceAt; i--) {
            request[i] = (byte) ((t / 10 % 10) << 4 | t % 10);
            t /= 100;
        }
        LONG.set(request, macAt, unionPayMac(request, messageAt, macAt, trace % 100));
    }

    /**
     * The current sale in a direct buffer, with a reference for the write to release. The same buffer
     * serves every sale: by the time a reply is in, the transport has written the request and let go of
     * it. Should it still hold it (refCnt above our own 1), it gets a fresh one rather than bytes changed
     * under a pending write.
     */
    ByteBuf outgoing(ByteBufAllocator alloc) {
        if (out == null || out.refCnt() != 1) {
            releaseOutgoing();
            out = alloc.directBuffer(request.length, request.length);
        }
        out.clear().writeBytes(request);
        return out.retain();
    }

    /** Gives back the sale buffer (the connection is done). */
    void releaseOutgoing() {
        if (out != null) {
            out.release();
            out = null;
        }
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
            if (unionPayMac(b, from + messageAt, to - 8, -1) == (long) LONG.get(b, to - 8)) {
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
        if (!"0210".equals(reply.mti()) || !identity.terminalId().equals(reply.string(41))) {
            return "mismatched-reply";
        }
        if (!Digits.zeroPadded(trace, 6).equals(reply.string(11))) {
            return STALE;
        }
        if (!signer.verifies(reply)) {
            return "bad-mac";
        }
        return "00".equals(reply.string(39)) ? null : "code-" + reply.string(39);
    }

    /**
     * {@code UnionPayMac.of(mak, b[from, to))} as its 8 ASCII bytes big-endian in a long, without copying the
     * block out: XOR in 8-byte blocks (the last one zero-padded), expand to 16 hex digits, encrypt the first
     * 8, XOR the last 8, encrypt, keep the hex of the first 4 bytes. {@code slot}: where in
     * {@link #firstOutputs} the first encryption may be found and is kept, or -1 (a reply: its fold varies
     * throughout).
     */
    private long unionPayMac(byte[] b, int from, int to, int slot) {
        long fold = 0;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            fold ^= (long) LONG.get(b, i);
        }
        for (int shift = 56; i < to; i++, shift -= 8) {
            fold ^= (long) (b[i] & 0xFF) << shift;
        }
        long first = hex((int) (fold >>> 32));
        long e1;
        if (slot >= 0) {
            if (firstInputs[slot] == first) {
                e1 = firstOutputs[slot];
            } else {
                firstMisses++;
                e1 = mak.encrypt(first);
                firstInputs[slot] = first;
                firstOutputs[slot] = e1;
            }
        } else {
            e1 = mak.encrypt(first);
        }
        return hex((int) (mak.encrypt(e1 ^ hex((int) fold)) >>> 32));
    }

    /** The 8 upper-case hex digits of {@code v}, as ASCII bytes big-endian in a long. */
    private static long hex(int v) {
        long out = 0;
        for (int shift = 28; shift >= 0; shift -= 4) {
            out = out << 8 | HEX[(v >>> shift) & 0xF];
        }
        return out;
    }
}
