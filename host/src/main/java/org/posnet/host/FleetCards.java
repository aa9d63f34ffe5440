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
    /** Under the one key {@link #ON_US}: the first six digits of every on-us card, sorted. */
    private final RefreshAheadCache<String, int[]> bins;
    private static final String ON_US = "on-us";

    FleetCards(FleetStore fleet, Hsm hsm, Ticker ticker, long ttlNanos, Executor reloader) {
        this.fleet = fleet;
        this.hsm = hsm;
        // a card gone from the store is refused like a blocked one
        this.statuses = new RefreshAheadCache<>("card-statuses", org.posnet.common.crypto.Redaction::pan,
                pan -> fleet.cardStatus(pan).orElse(CardStatus.BLOCKED), pans -> {
                    java.util.Map<String, CardStatus> out = new java.util.HashMap<>();
                    fleet.cardStatuses(pans).forEach((pan, status) -> out.put(pan, status.orElse(CardStatus.BLOCKED)));
                    return out;
                }, FleetTerminals.RELOAD_BATCH, ticker, ttlNanos, reloader);
        this.bins = new RefreshAheadCache<>("card-bins", k -> fleet.cardBins(), ticker, ttlNanos, reloader);
    }

    @Override
    public CardStatus status(String pan) {
        return statuses.get(pan);
    }

    /** Background reads of card statuses and on-us BINs that failed: the cached ones stay until their ttl. */
    long reloadFailures() {
        return statuses.reloadFailures() + bins.reloadFailures();
    }

    /**
     * The on-us card, or empty. A card whose first six digits no on-us card has — another issuer's, the usual
     * case for an acquirer — is answered without a query (it was one per request, on the event loop); an on-us
     * BIN provisioned while the host runs is recognised within the ttl.
     */
    @Override
    public Optional<CardRecord> find(String pan) {
        Optional<CardRecord> c = cache.get(pan);
        if (c != null && c.isPresent()) {
            return c;
        }
        if (!maybeOnUs(pan)) {
            return Optional.empty();
        }
        c = fleet.card(pan).map(this::load);
        if (c.isPresent()) {
            cache.put(pan, c); // an unknown number is not kept: random ones would grow the map
        }
        return c;
    }

    private boolean maybeOnUs(String pan) {
        if (pan.length() < 6) {
            return true; // not a card number this filter can read: the store decides
        }
        int bin = 0;
        for (int i = 0; i < 6; i++) {
            char ch = pan.charAt(i);
            if (ch < '0' || ch > '9') {
                return true;
            }
            bin = bin * 10 + (ch - '0');
        }
        return java.util.Arrays.binarySearch(bins.get(ON_US), bin) >= 0;
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
