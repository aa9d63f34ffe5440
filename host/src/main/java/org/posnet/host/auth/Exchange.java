package org.posnet.host.auth;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.posnet.common.fleet.StoredTerminal;
import org.posnet.host.hsm.WorkingKeys;
import org.posnet.host.iso.IsoFrame;
import org.posnet.host.iso.IsoMessage;

/**
 * One request on its way through the steps (jPOS's Context): what came in, what the steps found, and
 * what the answer will carry. Confined to one thread at a time; never shared between requests.
 */
public final class Exchange {

    final IsoFrame frame;
    final IsoMessage request;
    final Route route;
    final String type60;
    /** Field 60.2; the session's own instance once {@link #canonicalIds} found them equal. */
    String batch;
    final String networkCode;
    final Instant now;
    /** Local time at the host (fields 12/13, expiry comparisons). */
    final java.time.LocalDateTime local;
    /** SHA-256 hex of the request's MAC block: a repeat has the same, a reused trace does not. */
    String fingerprint;
    /** The request's MAC block, computed once (fingerprint and MAC check both need it). */
    byte[] macBlock;
    /** The PAN the journal entry records (a void's original's when the void carries none). */
    String entryPan;

    StoredTerminal terminal;
    Session session;
    CardRecord card;
    /** The card's status when {@link #card} is set. */
    org.posnet.common.fleet.CardStatus cardStatus;
    /** Set by {@link MacCheck} once the request's MAC verified under the session's MAK. */
    boolean macVerified;
    /** The answered request this one repeats, if any. */
    HostState.Answer repeat;

    long originalSeq;
    /** The link's reference for a request forwarded to a remote issuer; 0 when on-us. */
    long remoteHandle;
    /** The name of the link to the remote issuer this request is routed to (the entry's issuer); null when on-us. */
    String issuer;
    int pinTries = -1;
    /** For the journal: number of transactions a batch upload carried (stored in amountFen). */
    long uploadCount;
    String detail;
    WorkingKeys keys;
    String assignedBatch;
    /** The terminal holds an older parameter set than the host: the reply's header asks it to download (1). */
    boolean parametersOutdated;
    final Map<Integer, Object> replyFields = new TreeMap<>();
    /** Fields 41 and 42, and the PAN once looked for: see {@link #canonicalIds}. */
    private String terminalId;
    private String merchantId;
    private String pan;
    private boolean panRead;

    Exchange(IsoFrame frame, Route route, String type60, String batch, String networkCode, Instant now,
            java.time.LocalDateTime local) {
        this.frame = frame;
        this.request = frame.message();
        this.route = route;
        this.type60 = type60;
        this.batch = batch;
        this.networkCode = networkCode;
        this.now = now;
        this.local = local;
        this.terminalId = request.string(41);
        this.merchantId = request.string(42);
    }

    /**
     * Swaps the request's ids for the equal, long-lived instances of the terminal, card and session found
     * for it. The host state keys its maps by these ids: a lookup then matches by identity on a cached
     * hash instead of hashing and comparing the request's fresh strings, several times a sale.
     */
    void canonicalIds() {
        if (terminal != null) {
            terminalId = same(terminalId, terminal.id());
            merchantId = same(merchantId, terminal.merchant());
        }
        if (card != null) {
            pan = same(pan(), card.card().pan());
        }
        if (session != null) {
            batch = same(batch, session.batch());
        }
    }

    private static String same(String fromRequest, String known) {
        return known != null && known.equals(fromRequest) ? known : fromRequest;
    }

    public IsoMessage request() {
        return request;
    }

    public TxnType type() {
        return route.type();
    }

    String terminalId() {
        return terminalId;
    }

    String merchantId() {
        return merchantId;
    }

    String trace() {
        return request.string(11);
    }

    RequestKey key() {
        return new RequestKey(request.mti(), terminalId(), merchantId(), batch, trace());
    }

    /** Field 4 in fen, or 0 when absent. */
    long amountFen() {
        String a = request.string(4);
        return a == null ? 0 : Long.parseLong(a);
    }

    /** The PAN from field 2, else from track 2 (before the separator), else null. */
    String pan() {
        if (!panRead) {
            pan = request.string(2);
            String track = pan == null ? request.string(35) : null;
            if (track != null && track.indexOf('D') > 0) {
                pan = track.substring(0, track.indexOf('D'));
            }
            panRead = true;
        }
        return pan;
    }

    /** The expiry YYMM the terminal read (field 14, else track 2 after the separator), or null. */
    String presentedExpiry() {
        String expiry = request.string(14);
        if (expiry != null) {
            return expiry;
        }
        String track = request.string(35);
        int sep = track == null ? -1 : track.indexOf('D');
        return sep > 0 && track.length() >= sep + 5 ? track.substring(sep + 1, sep + 5) : null;
    }

    /** Field 61's original batch, trace and date (MMDD), or null when 61 is absent or short. */
    String[] original() {
        String f61 = request.string(61);
        if (f61 == null || f61.length() < 12) {
            return null;
        }
        return new String[] {f61.substring(0, 6), f61.substring(6, 12), f61.length() >= 16 ? f61.substring(12, 16) : null};
    }
}
