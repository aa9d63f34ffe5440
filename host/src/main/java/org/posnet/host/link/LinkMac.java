package org.posnet.host.link;

import org.posnet.host.hsm.Hsm;
import org.posnet.host.hsm.HsmException;
import org.posnet.host.hsm.KeyUnderLmk;
import org.posnet.host.hsm.MacAlgorithm;
import org.posnet.host.iso.IsoCodec;
import org.posnet.host.iso.IsoMessage;

/** Field 64 on a link under the zone MAK; with no zone MAK, messages travel without MAC and all verify. */
final class LinkMac {
    private final Hsm hsm;
    private final IsoCodec codec;
    private final MacAlgorithm algorithm;
    private final KeyUnderLmk zoneMak;

    LinkMac(Hsm hsm, IsoCodec codec, MacAlgorithm algorithm, KeyUnderLmk zoneMak) {
        this.hsm = hsm;
        this.codec = codec;
        this.algorithm = algorithm;
        this.zoneMak = zoneMak;
    }

    IsoMessage sign(IsoMessage m) throws HsmException {
        return zoneMak == null ? m.without(64) : m.with(64, hsm.generateMac(algorithm, zoneMak, codec.macBlock(m)));
    }

    boolean verify(IsoMessage m) throws HsmException {
        return zoneMak == null || m.has(64) && hsm.verifyMac(algorithm, zoneMak, codec.macBlock(m), m.bytes(64));
    }
}
