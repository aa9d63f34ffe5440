package org.posnet.sim.load;

import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import org.posnet.host.iso.IsoCodec;
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
 * terminal behaves: the next sale goes out when the last one's reply has been checked.
 */
final class LoadTerminal {
    final SocketChannel channel;
    final ByteBuffer in = ByteBuffer.allocate(4096);
    ByteBuffer out;
    long sentAtNanos;
    String trace;
    private final TerminalIdentity identity;
    private final WorkingKeys keys;
    private final MacSigner signer;
    private final String batch;
    private final Card card;
    private final IsoCodec codec;
    private int nextTrace;

    LoadTerminal(SocketChannel channel, TerminalIdentity identity, WorkingKeys keys, String batch, Card card, IsoCodec codec,
            int lastTrace) {
        this.channel = channel;
        this.identity = identity;
        this.keys = keys;
        this.signer = new MacSigner(codec, keys.mak());
        this.batch = batch;
        this.card = card;
        this.codec = codec;
        this.nextTrace = lastTrace;
    }

    /** Builds the next sale (PIN block, MAC) into {@link #out}. */
    void prepareSale(long fen) {
        nextTrace = nextTrace % 999_999 + 1;
        trace = org.posnet.common.text.Digits.zeroPadded(nextTrace, 6);
        IsoMessage sale = signer.sign(Requests.sale(identity, trace, batch, card, fen,
                PinBlock.format0(keys.pik(), card.pin(), card.pan())));
        out = ByteBuffer.wrap(codec.encode(new IsoFrame(PosTerminal.TPDU, PosTerminal.HEADER, sale)));
    }

    /** The reply is the 0210 to our trace, approved, for our terminal, and its MAC verifies. */
    String failureOf(IsoMessage reply) {
        if (!"0210".equals(reply.mti()) || !trace.equals(reply.string(11)) || !identity.terminalId().equals(reply.string(41))) {
            return "mismatched-reply";
        }
        if (!signer.verifies(reply)) {
            return "bad-mac";
        }
        return "00".equals(reply.string(39)) ? null : "code-" + reply.string(39);
    }
}
