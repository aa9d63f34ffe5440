package org.posnet.host.auth;

import java.util.concurrent.CompletableFuture;
import org.posnet.host.hsm.KeyUnderLmk;
import org.posnet.host.iso.IsoMessage;

/**
 * The acquirer's door to issuers that are not on-us (the outbound ISO 8583 link). The {@link Authorizer}
 * runs the acquirer's own checks (terminal, batch, MAC, duplicate, limit, and for a void, refund or
 * completion the original in its own journal), then hands the request here
 * outside its lock, and journals whatever comes back. The implementation owns the link's store-and-forward
 * reversals; the two notifications tell it what became durable at the acquirer.
 */
public interface RemoteIssuer {

    /** The name of the link this PAN's BIN is routed to, or null when no remote issuer serves it. */
    String linkFor(String pan);

    /**
     * Forwards a terminal request. Never completes exceptionally: a timeout, a dead link or a reply with a
     * bad MAC is {@link Reason#ISSUER_UNAVAILABLE} (the reversal is then already pending).
     */
    CompletableFuture<Answer> forward(Forward request);

    /** The acquirer journaled its answer to a forwarded request (approved or declined by the issuer). */
    void answered(long handle, Reason reason);

    /**
     * The acquirer journaled a terminal's reversal (0400) of this request key: if it was forwarded, the
     * issuer must get a 0420 too.
     */
    void reversed(RequestKey original);

    /** A terminal request on its way out: the PIN block is still under the terminal's PIK. */
    record Forward(RequestKey key, IsoMessage request, String pan, KeyUnderLmk pik, java.time.Instant now) {
    }

    /**
     * What the issuer said, as the acquirer's vocabulary.
     *
     * @param handle      the link's reference for {@link #answered}; 0 when nothing was armed
     * @param authCode    the issuer's field 38 on an approval, else null
     * @param replyFields other fields of an approval that go back to the terminal (54, the balance of an
     *                    inquiry); empty otherwise
     */
    record Answer(Reason reason, String authCode, long handle, java.util.Map<Integer, String> replyFields) {
        public Answer {
            replyFields = replyFields == null ? java.util.Map.of() : java.util.Map.copyOf(replyFields);
        }

        public Answer(Reason reason, String authCode, long handle) {
            this(reason, authCode, handle, java.util.Map.of());
        }
    }
}
