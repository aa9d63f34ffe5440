package org.posnet.host.auth;

import java.util.Optional;
import org.posnet.common.fleet.CardStatus;

/** The on-us issuer's cards as provisioned (PIN already imported into the HSM's form). */
@FunctionalInterface
public interface CardDirectory {
    Optional<CardRecord> find(String pan);

    /**
     * Whether the issuer honours the card now: a card is found once, but its status (lost, stolen, blocked)
     * can change at any time, so it is asked on every request. Active unless a directory knows better.
     */
    default CardStatus status(String pan) {
        return CardStatus.ACTIVE;
    }
}
