package org.posnet.host.ledger;

import org.posnet.common.crypto.MasterKey;
import org.posnet.common.crypto.PanTokens;

/** Card tokens under a fixed test LMK, for books and stores built without a host. */
public final class TestTokens {
    public static final PanTokens TOKENS = MasterKey.ofBytes(new byte[] {
        9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 9, 8}).panTokens();

    private TestTokens() {
    }

    /** The cardholder account of {@code pan}, as the ledger keys it. */
    public static Account cardholder(String pan) {
        return Account.cardholder(TOKENS.token(pan));
    }
}
