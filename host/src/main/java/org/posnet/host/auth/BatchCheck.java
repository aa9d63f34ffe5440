package org.posnet.host.auth;

/**
 * Signed on, and 60.2 is the batch the sign-on assigned (77 otherwise, with "sign on again" in the
 * header). A settled batch is closed to everything but the settlement's repeat and the batch upload.
 */
final class BatchCheck implements Step {
    private final boolean closedAllowed;

    BatchCheck(boolean closedAllowed) {
        this.closedAllowed = closedAllowed;
    }

    @Override
    public Reason run(Exchange x) {
        Session s = x.session;
        if (s == null || !s.batch().equals(x.batch) || (s.closed() && !closedAllowed)) {
            return Reason.BATCH_MISMATCH;
        }
        return null;
    }
}
