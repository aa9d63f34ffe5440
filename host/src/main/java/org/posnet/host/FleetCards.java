package org.posnet.host;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.posnet.common.fleet.FleetStore;
import org.posnet.common.fleet.StoredCard;
import org.posnet.host.auth.CardDirectory;
import org.posnet.host.auth.CardRecord;
import org.posnet.host.hsm.Hsm;
import org.posnet.host.hsm.HsmException;

/**
 * The on-us issuer's cards from the fleet store, with each PIN moved once from the fleet's sealed text
 * into the HSM's sealed form (inside the HSM). Cached for the process's life: the provisioned balance is
 * the base the journal's postings add to, so a re-provisioned balance takes effect at the next restart.
 */
final class FleetCards implements CardDirectory {
    private final FleetStore fleet;
    private final Hsm hsm;
    private final ConcurrentHashMap<String, Optional<CardRecord>> cache = new ConcurrentHashMap<>();

    FleetCards(FleetStore fleet, Hsm hsm) {
        this.fleet = fleet;
        this.hsm = hsm;
    }

    @Override
    public Optional<CardRecord> find(String pan) {
        Optional<CardRecord> c = cache.get(pan);
        if (c == null || c.isEmpty()) {
            c = fleet.card(pan).map(this::load);
            cache.put(pan, c);
        }
        return c;
    }

    private CardRecord load(StoredCard card) {
        try {
            return new CardRecord(card, hsm.importSealedPin(card.pinUnderLmk().getBytes(StandardCharsets.US_ASCII)));
        } catch (HsmException e) {
            throw new IllegalStateException("card " + org.posnet.common.crypto.Redaction.pan(card.pan())
                    + ": stored PIN does not import (" + e.error() + ")");
        }
    }
}
