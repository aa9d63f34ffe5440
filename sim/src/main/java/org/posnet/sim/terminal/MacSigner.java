package org.posnet.sim.terminal;

import java.util.Arrays;
import org.posnet.host.iso.IsoCodec;
import org.posnet.host.iso.IsoMessage;
import org.posnet.host.hsm.MacAlgorithm;

/**
 * Field 64 on the way out and its check on the way in, with the session's MAK and the terminal's MAC algorithm
 * (fleet file {@code keys.mac}; the host's {@link MacAlgorithm} names, 3DES ones). The MAC block is the codec's
 * (MTI through 63 with bit 64 set); the MACs are the terminal's own — {@link UnionPayMac}, and ANSI X9.9 and X9.19
 * here — written apart from the host's HSM, which only lends the names.
 */
public final class MacSigner {
    private final IsoCodec codec;
    private final DesKey mak;
    private final MacAlgorithm algorithm;
    /** The MAK's halves as single-DES keys, for X9.9 (K1) and X9.19 (K1, K2); null for UnionPay ECB. */
    private final DesKey k1;
    private final DesKey k2;

    /** With the UnionPay ECB MAC. */
    public MacSigner(IsoCodec codec, DesKey mak) {
        this(codec, mak, MacAlgorithm.UNIONPAY_ECB);
    }

    public MacSigner(IsoCodec codec, DesKey mak, MacAlgorithm algorithm) {
        this.codec = codec;
        this.mak = mak;
        this.algorithm = algorithm;
        if (algorithm == MacAlgorithm.SM4_UNIONPAY) {
            throw new IllegalArgumentException("the simulator's terminals are 3DES: UNIONPAY_ECB, X9_9 or X9_19");
        }
        if (algorithm == MacAlgorithm.X9_19 && mak.length() != 16) {
            throw new IllegalArgumentException("X9.19 needs a double-length MAK (sign on with 003 or 004)");
        }
        this.k1 = algorithm == MacAlgorithm.UNIONPAY_ECB ? null : mak.half(0);
        this.k2 = algorithm == MacAlgorithm.X9_19 ? mak.half(1) : null;
    }

    public IsoMessage sign(IsoMessage message) {
        return message.with(64, mac(codec.macBlock(message)));
    }

    public boolean verifies(IsoMessage message) {
        return message.has(64) && Arrays.equals(message.bytes(64), mac(codec.macBlock(message)));
    }

    private byte[] mac(byte[] block) {
        if (algorithm == MacAlgorithm.UNIONPAY_ECB) {
            return UnionPayMac.of(mak, block);
        }
        // DES-CBC under K1, zero IV, zero padding; X9.19 then decrypts the result with K2 and encrypts it with K1
        byte[] chain = new byte[8];
        for (int at = 0; at == 0 || at < block.length; at += 8) {
            for (int i = 0; i < 8 && at + i < block.length; i++) {
                chain[i] ^= block[at + i];
            }
            chain = k1.encrypt(chain);
        }
        return algorithm == MacAlgorithm.X9_19 ? k1.encrypt(k2.decrypt(chain)) : chain;
    }
}
