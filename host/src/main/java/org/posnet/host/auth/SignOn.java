package org.posnet.host.auth;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.posnet.common.fleet.StoredTerminal;
import org.posnet.host.hsm.Hsm;
import org.posnet.host.hsm.HsmError;
import org.posnet.host.hsm.HsmException;
import org.posnet.host.hsm.KeyScheme;
import org.posnet.host.hsm.KeyUnderLmk;
import org.posnet.host.hsm.KeyUsage;
import org.posnet.host.hsm.WorkingKeyLayout;

/**
 * 签到: assigns the next batch (60.2) and fresh working keys as 60.3 asks (001/003/004), returned in
 * field 62 under the terminal's TMK. The TMK is opened only inside the HSM.
 */
final class SignOn implements Step {
    private final Hsm hsm;
    private final HostState state;

    SignOn(Hsm hsm, HostState state) {
        this.hsm = hsm;
        this.state = state;
    }

    @Override
    public Reason run(Exchange x) throws HsmException {
        WorkingKeyLayout layout = WorkingKeyLayout.ofNetworkCode(x.networkCode);
        if (layout == null) {
            return Reason.FORMAT_ERROR;
        }
        KeyUnderLmk tmk = hsm.importSealedKey(KeyUsage.TMK, schemes(x.terminal),
                x.terminal.tmkUnderLmk().getBytes(StandardCharsets.US_ASCII));
        try {
            x.keys = hsm.generateWorkingKeys(tmk, layout);
        } catch (HsmException e) {
            if (e.error() == HsmError.KEY_SCHEME) {
                return Reason.INVALID_TRANSACTION; // e.g. 001 asked by an SM4 terminal
            }
            throw e;
        }
        x.assignedBatch = state.nextBatch(x.terminalId());
        x.detail = HostState.SessionKeys.format(x.keys);
        x.replyFields.put(60, "00" + x.assignedBatch + x.networkCode);
        x.replyFields.put(62, x.keys.field62());
        return null;
    }

    private static List<KeyScheme> schemes(StoredTerminal terminal) {
        return terminal.keyScheme() == org.posnet.common.fleet.KeyScheme.SM4
                ? List.of(KeyScheme.SM4)
                : List.of(KeyScheme.TDES_2KEY, KeyScheme.TDES_3KEY);
    }
}
