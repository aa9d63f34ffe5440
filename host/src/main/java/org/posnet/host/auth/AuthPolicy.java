package org.posnet.host.auth;

import java.time.Duration;
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
 * @param refundWindow   how long after its sale or completion a refund is taken (25 after it)
 * @param preAuthHold    how long a pre-auth holds the funds: after it the hold is released and a completion
 *                       or void of it gets 25 (UnionPay pre-auths are good for 30 days)
 * @param stateRetention how long the host keeps a batch in memory, counted from the batch's first
 *                       transaction; longer than the refund window and the hold, so every original they
 *                       can name is still there
 */
public record AuthPolicy(int maxPinTries, long singleLimitFen, MacAlgorithm tdesMac, String institution, ZoneId zone,
        boolean pinTriesPerDay, Duration refundWindow, Duration preAuthHold, Duration stateRetention) {

    public static final Duration DEFAULT_REFUND_WINDOW = Duration.ofDays(30);
    public static final Duration DEFAULT_PRE_AUTH_HOLD = Duration.ofDays(30);
    public static final Duration DEFAULT_STATE_RETENTION = Duration.ofDays(40);

    /** Wrong PINs counted per local day. */
    public AuthPolicy(int maxPinTries, long singleLimitFen, MacAlgorithm tdesMac, String institution, ZoneId zone) {
        this(maxPinTries, singleLimitFen, tdesMac, institution, zone, true);
    }

    /** The default refund window, pre-auth hold and retention. */
    public AuthPolicy(int maxPinTries, long singleLimitFen, MacAlgorithm tdesMac, String institution, ZoneId zone,
            boolean pinTriesPerDay) {
        this(maxPinTries, singleLimitFen, tdesMac, institution, zone, pinTriesPerDay, DEFAULT_REFUND_WINDOW,
                DEFAULT_PRE_AUTH_HOLD, DEFAULT_STATE_RETENTION);
    }

    public AuthPolicy {
        if (maxPinTries < 1 || singleLimitFen < 1 || tdesMac == null || institution == null || zone == null) {
            throw new IllegalArgumentException("maxPinTries and singleLimitFen must be positive; MAC, institution and zone are required");
        }
        checkRetention(refundWindow, preAuthHold, stateRetention);
    }

    /** Both windows positive and shorter than the retention, so no original they allow can have been forgotten. */
    static void checkRetention(Duration refundWindow, Duration preAuthHold, Duration stateRetention) {
        if (refundWindow == null || preAuthHold == null || stateRetention == null || refundWindow.isNegative()
                || refundWindow.isZero() || preAuthHold.isNegative() || preAuthHold.isZero()
                || stateRetention.compareTo(refundWindow.plusDays(1)) < 0 || stateRetention.compareTo(preAuthHold.plusDays(1)) < 0) {
            throw new IllegalArgumentException("the refund window and the pre-auth hold must be positive and the state retention"
                    + " at least a day longer than both (refund " + refundWindow + ", hold " + preAuthHold + ", retention "
                    + stateRetention + ")");
        }
    }

    /** This policy with other windows (config). */
    public AuthPolicy withWindows(Duration refund, Duration hold, Duration retention) {
        return new AuthPolicy(maxPinTries, singleLimitFen, tdesMac, institution, zone, pinTriesPerDay, refund, hold, retention);
    }

    public static AuthPolicy defaults() {
        return new AuthPolicy(3, 10_000_000L, MacAlgorithm.UNIONPAY_ECB, "", ZoneId.of("Asia/Shanghai"));
    }
}
