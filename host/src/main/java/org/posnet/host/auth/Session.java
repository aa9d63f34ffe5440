package org.posnet.host.auth;

import org.posnet.host.hsm.KeyUnderLmk;
import org.posnet.host.hsm.WorkingKeyLayout;

/**
 * A terminal's sign-on: the batch the host assigned (60.2) and the working keys, sealed under the LMK.
 *
 * @param closed true after the batch's settlement: only the settlement itself (repeated) and batch upload
 *               may still use it
 * @param tdk    null unless 60.3 was 004
 */
public record Session(String terminal, String batch, boolean closed, WorkingKeyLayout layout, KeyUnderLmk pik,
        KeyUnderLmk mak, KeyUnderLmk tdk) {

    public Session close() {
        return new Session(terminal, batch, true, layout, pik, mak, tdk);
    }
}
