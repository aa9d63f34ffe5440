package org.posnet.host.auth;

import java.time.ZoneId;
import org.posnet.host.hsm.MacAlgorithm;

/**
 * The knobs of authorization.
 *
 * @param maxPinTries    wrong PINs in a row after which the card answers 75 until a correct PIN is no
 *                       longer accepted either (the issuer unblocks it; not automated yet)
 * @param singleLimitFen largest amount of one sale, pre-auth, completion or refund (61 above it)
 * @param tdesMac        MAC algorithm for 3DES terminals (SM4 terminals always use {@code SM4_UNIONPAY})
 * @param institution    field 32 in replies (the acquiring institution code), empty for none
 * @param zone           the host's local time zone for fields 12/13 and card expiry
 */
public record AuthPolicy(int maxPinTries, long singleLimitFen, MacAlgorithm tdesMac, String institution, ZoneId zone) {

    public AuthPolicy {
        if (maxPinTries < 1 || singleLimitFen < 1 || tdesMac == null || institution == null || zone == null) {
            throw new IllegalArgumentException("maxPinTries and singleLimitFen must be positive; MAC, institution and zone are required");
        }
    }

    public static AuthPolicy defaults() {
        return new AuthPolicy(3, 10_000_000L, MacAlgorithm.UNIONPAY_ECB, "", ZoneId.of("Asia/Shanghai"));
    }
}
