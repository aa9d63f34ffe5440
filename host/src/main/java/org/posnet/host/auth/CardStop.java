package org.posnet.host.auth;

import org.posnet.common.fleet.CardStatus;

/**
 * A card the issuer stopped: lost 41, stolen 43, blocked (or any status this host does not know) 62. Runs
 * before the PIN check: a 43 after a right PIN and a 55 after a wrong one would tell whoever holds a stolen
 * card which PIN is right. A card the issuer does not know is {@link CardCheck}'s (14).
 */
final class CardStop implements Step {
    @Override
    public Reason run(Exchange x) {
        return x.card == null ? null : stopped(x.cardStatus);
    }

    static Reason stopped(CardStatus status) {
        if (status == CardStatus.ACTIVE) {
            return null;
        }
        if (status == CardStatus.LOST) {
            return Reason.LOST_CARD;
        }
        return status == CardStatus.STOLEN ? Reason.STOLEN_CARD : Reason.RESTRICTED_CARD;
    }
}
