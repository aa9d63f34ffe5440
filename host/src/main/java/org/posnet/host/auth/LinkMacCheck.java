package org.posnet.host.auth;

import org.posnet.host.hsm.Hsm;
import org.posnet.host.hsm.HsmException;
import org.posnet.host.hsm.KeyUnderLmk;
import org.posnet.host.hsm.MacAlgorithm;
import org.posnet.host.iso.IsoCodec;

/**
 * Issuer mode: the acquirer's MAC under the zone MAK (A0 when missing or wrong). Without a zone MAK the
 * link is trusted as a private line and every request counts as verified — that is what makes its
 * answers journaled and repeatable, as a terminal's are after its MAC check.
 */
final class LinkMacCheck implements Step {
    private final Hsm hsm;
    private final IsoCodec codec;
    private final MacAlgorithm algorithm;
    private final KeyUnderLmk zoneMak;

    LinkMacCheck(Hsm hsm, IsoCodec codec, MacAlgorithm algorithm, KeyUnderLmk zoneMak) {
        this.hsm = hsm;
        this.codec = codec;
        this.algorithm = algorithm;
        this.zoneMak = zoneMak;
    }

    @Override
    public Reason run(Exchange x) throws HsmException {
        if (zoneMak != null) {
            if (!x.request.has(64) || !hsm.verifyMac(algorithm, zoneMak, codec.macBlock(x.request), x.request.bytes(64))) {
                return Reason.MAC_ERROR;
            }
        }
        x.macVerified = true;
        return null;
    }
}
