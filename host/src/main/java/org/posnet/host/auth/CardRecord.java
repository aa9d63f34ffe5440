package org.posnet.host.auth;

import org.posnet.common.fleet.StoredCard;
import org.posnet.host.hsm.PinUnderLmk;

/** A provisioned card with its PIN in the HSM's sealed form. The balance here is the provisioned one. */
public record CardRecord(StoredCard card, PinUnderLmk pin) {

    @Override
    public String toString() {
        return "CardRecord[" + card + "]";
    }
}
