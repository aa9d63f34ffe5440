package org.posnet.host.auth;

import org.posnet.host.hsm.Hsm;
import org.posnet.host.hsm.HsmError;
import org.posnet.host.hsm.HsmException;
import org.posnet.host.hsm.KeyUnderLmk;
import org.posnet.host.hsm.PinVerification;

/**
 * Verifies field 52 inside the HSM against the on-us card's PIN: 55 wrong, 75 once the card has had
 * {@code maxTries} wrong PINs in a row (in a row on the same local day when {@code perDay} is set: a new day
 * starts at none), 99 for a block that is not format 0 under this PIK. Without field 52 the request is
 * PIN-less, unless field 22 says a PIN was entered (then 30).
 */
final class PinCheck implements Step {
    private final Hsm hsm;
    private final HostState state;
    private final int maxTries;
    /** The zone whose days the wrong PINs are counted in, or null to count them for good. */
    private final java.time.ZoneId perDay;
    /** The key field 52 is under: the session's PIK from a terminal, the zone PIK on an issuer link. */
    private final java.util.function.Function<Exchange, KeyUnderLmk> pinKey;

    PinCheck(Hsm hsm, HostState state, int maxTries, java.time.ZoneId perDay) {
        this(hsm, state, maxTries, perDay, x -> x.session.pik());
    }

    PinCheck(Hsm hsm, HostState state, int maxTries, java.time.ZoneId perDay,
            java.util.function.Function<Exchange, KeyUnderLmk> pinKey) {
        this.hsm = hsm;
        this.state = state;
        this.maxTries = maxTries;
        this.perDay = perDay;
        this.pinKey = pinKey;
    }

    /** The wrong PINs that count now: none when the last was set on an earlier local day (with {@code perDay}). */
    static int tries(Account a, java.time.ZoneId perDay, java.time.LocalDate today) {
        if (perDay == null || a.pinTries() == 0) {
            return a.pinTries();
        }
        java.time.LocalDate day = java.time.LocalDate.ofInstant(java.time.Instant.ofEpochMilli(a.pinTriesAtMillis()), perDay);
        return day.equals(today) ? a.pinTries() : 0;
    }

    @Override
    public Reason run(Exchange x) throws HsmException {
        if (!x.request.has(52)) {
            String mode = x.request.string(22);
            return mode != null && mode.length() == 3 && mode.charAt(2) == '1' ? Reason.FORMAT_ERROR : null;
        }
        String pan = x.pan();
        if (pan == null) {
            return Reason.FORMAT_ERROR;
        }
        if (x.card == null) {
            return Reason.INVALID_CARD;
        }
        int tries = tries(state.account(pan), perDay, x.local.toLocalDate());
        if (tries >= maxTries) {
            return Reason.PIN_TRIES_EXCEEDED;
        }
        PinVerification result;
        try {
            result = hsm.verifyPin(pinKey.apply(x), x.request.bytes(52), pan, x.card.pin());
        } catch (HsmException e) {
            if (e.error() == HsmError.BAD_INPUT) {
                return Reason.PIN_FORMAT;
            }
            throw e;
        }
        switch (result) {
            case VERIFIED -> {
                x.pinTries = 0;
                return null;
            }
            case MISMATCH -> {
                x.pinTries = tries + 1;
                return x.pinTries >= maxTries ? Reason.PIN_TRIES_EXCEEDED : Reason.WRONG_PIN;
            }
            default -> {
                return Reason.PIN_FORMAT;
            }
        }
    }
}
