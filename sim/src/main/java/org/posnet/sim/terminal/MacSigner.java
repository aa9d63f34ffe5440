package org.posnet.sim.terminal;

import java.util.Arrays;
import org.posnet.host.iso.IsoCodec;
import org.posnet.host.iso.IsoMessage;

/**
 * Field 64 on the way out and its check on the way in, with the session's MAK. The MAC block is the
 * codec's (MTI through 63 with bit 64 set); the MAC itself is the terminal's own {@link UnionPayMac}.
 */
public final class MacSigner {
    private final IsoCodec codec;
    private final DesKey mak;

    public MacSigner(IsoCodec codec, DesKey mak) {
        this.codec = codec;
        this.mak = mak;
    }

    public IsoMessage sign(IsoMessage message) {
        return message.with(64, UnionPayMac.of(mak, codec.macBlock(message)));
    }

    public boolean verifies(IsoMessage message) {
        return message.has(64) && Arrays.equals(message.bytes(64), UnionPayMac.of(mak, codec.macBlock(message)));
    }
}
