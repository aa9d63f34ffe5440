package org.posnet.host.auth;

import org.posnet.common.fleet.KeyScheme;
import org.posnet.common.fleet.StoredTerminal;
import org.posnet.host.hsm.Hsm;
import org.posnet.host.hsm.HsmException;
import org.posnet.host.hsm.MacAlgorithm;
import org.posnet.host.iso.IsoCodec;

/** Field 64 present and right under the session's MAK (A0 otherwise). */
final class MacCheck implements Step {
    private final Hsm hsm;
    private final IsoCodec codec;
    private final MacAlgorithm tdesMac;

    MacCheck(Hsm hsm, IsoCodec codec, MacAlgorithm tdesMac) {
        this.hsm = hsm;
        this.codec = codec;
        this.tdesMac = tdesMac;
    }

    /** The terminal's own (fleet file {@code keys.mac}) for a 3DES terminal, else the host's; SM4 terminals the SM4 MAC. */
    static MacAlgorithm algorithm(StoredTerminal terminal, MacAlgorithm tdesMac) {
        if (terminal.keyScheme() == KeyScheme.SM4) {
            return MacAlgorithm.SM4_UNIONPAY;
        }
        return terminal.mac() == null ? tdesMac : MacAlgorithm.valueOf(terminal.mac());
    }

    @Override
    public Reason run(Exchange x) throws HsmException {
        byte[] mac = x.request.has(64) ? x.request.bytes(64) : null;
        if (mac == null || x.session == null) {
            return Reason.MAC_ERROR;
        }
        if (!hsm.verifyMac(algorithm(x.terminal, tdesMac), x.session.mak(), x.macBlock != null ? x.macBlock : codec.macBlock(x.request), mac)) {
            return Reason.MAC_ERROR;
        }
        x.macVerified = true;
        return null;
    }
}
