package org.posnet.host.auth;

import java.time.ZoneId;
import org.posnet.host.hsm.MacAlgorithm;

/**
 * The knobs of authorization.
 *
 * @param maxPinTries    wrong PINs in a row after which the card answers 75, even to the right PIN
 * @param pinTriesPerDay true: the wrong PINs are counted per local day, so a card locked by 75 opens again
 *                       the next day (what most Chinese issuers do for debit cards); false: it stays locked
 *                       (there is no unlock command yet)
 * @param singleLimitFen largest amount of one sale, pre-auth, completion or refund (61 above it)
 * @param tdesMac        MAC algorithm for 3DES terminals (SM4 terminals always use {@code SM4_UNIONPAY})
 * @param institution    field 32 in replies (the acquiring institution code), empty for none
 * @param zone           the host's local time zone for fields 12/13, card expiry and the PIN-try day
 */
public record AuthPolicy(int maxPinTries, long singleLimitFen, MacAlgorithm tdesMac, String institution, ZoneId zone,
        boolean pinTriesPerDay) {

    /** Wrong PINs counted per local day. */
    public AuthPolicy(int maxPinTries, long singleLimitFen, MacAlgorithm tdesMac, String institution, ZoneId zone) {
        this(maxPinTries, singleLimitFen, tdesMac, institution, zone, true);
    }

    public AuthPolicy {
        if (maxPinTries < 1 || singleLimitFen < 1 || tdesMac == null || institution == null || zone == null) {
            throw new IllegalArgumentException("maxPinTries and singleLimitFen must be positive; MAC, institution and zone are required");
        }
    }

    public static AuthPolicy defaults() {
        return new AuthPolicy(3, 10_000_000L, MacAlgorithm.UNIONPAY_ECB, "", ZoneId.of("Asia/Shanghai"));
    }
}
