package org.posnet.host;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.posnet.common.fleet.CardStatus;
import org.posnet.common.fleet.FleetStore;
import org.posnet.common.fleet.StoredCard;
import org.posnet.common.time.RefreshAheadCache;
import org.posnet.common.time.Ticker;
import org.posnet.host.auth.CardDirectory;
import org.posnet.host.auth.CardRecord;
import org.posnet.host.hsm.Hsm;
import org.posnet.host.hsm.HsmException;

/**
 * The on-us issuer's cards from the fleet store, with each PIN moved once from the fleet's sealed text
 * into the HSM's sealed form (inside the HSM). Cached for the process's life: the provisioned balance is
 * the base the journal's postings add to, so a re-provisioned balance takes effect at the next restart.
 * A card's status is not: a card reported lost or stolen, or blocked, is refused within {@code ttlNanos}
 * of the fleet store saying so (read again in the background, as terminals are).
 */
final class FleetCards implements CardDirectory {
    private final FleetStore fleet;
    private final Hsm hsm;
    private final ConcurrentHashMap<String, Optional<CardRecord>> cache = new ConcurrentHashMap<>();
    private final RefreshAheadCache<String, CardStatus> statuses;

    FleetCards(FleetStore fleet, Hsm hsm, Ticker ticker, long ttlNanos, Executor reloader) {
        this.fleet = fleet;
        this.hsm = hsm;
        // a card gone from the store is refused like a blocked one
        this.statuses = new RefreshAheadCache<>("card-statuses", org.posnet.common.crypto.Redaction::pan,
                pan -> fleet.cardStatus(pan).orElse(CardStatus.BLOCKED), ticker, ttlNanos, reloader);
    }

    @Override
    public CardStatus status(String pan) {
        return statuses.get(pan);
    }

    /** Background reads of card statuses that failed: the cached statuses stay until their ttl. */
    long reloadFailures() {
        return statuses.reloadFailures();
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
