package org.posnet.host.auth;

import org.posnet.common.fleet.Status;

/** Registered (97), active (97), and used under the merchant it is bound to (03). First on every route. */
final class TerminalCheck implements Step {
    @Override
    public Reason run(Exchange x) {
        if (x.terminal == null) {
            return Reason.TERMINAL_NOT_REGISTERED;
        }
        if (x.terminal.status() != Status.ACTIVE) {
            return Reason.TERMINAL_INACTIVE;
        }
        return x.terminal.merchant().equals(x.merchantId()) ? null : Reason.MERCHANT_MISMATCH;
    }
}
