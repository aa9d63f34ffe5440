package org.posnet.host.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Which wrong PINs still count: all of them, or (per day) only those of the card's local day. */
class PinTriesTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private static Account account(int tries, String at) {
        Account a = new Account();
        a.pinTries = tries;
        a.pinTriesAtMillis = Instant.parse(at).toEpochMilli();
        return a;
    }

    @Test
    void perDay_countsOnlyTheSameLocalDay_inTheHostsZone() {
        // 23:30 on the 26th in Shanghai is 15:30 UTC: the same local day until 16:00 UTC
        Account a = account(3, "2026-11-26T15:30:00Z");
        assertThat(PinCheck.tries(a, SHANGHAI, LocalDate.of(2026, 11, 26))).isEqualTo(3);
        assertThat(PinCheck.tries(a, SHANGHAI, LocalDate.of(2026, 11, 27))).isZero();
        // the same instant is still the 26th in UTC, so a UTC host counts differently: the zone decides
        assertThat(PinCheck.tries(a, ZoneId.of("UTC"), LocalDate.of(2026, 11, 26))).isEqualTo(3);
    }

    @Test
    void forGood_countsEveryWrongPin_andNoneIsNone() {
        Account a = account(3, "2026-01-01T00:00:00Z");
        assertThat(PinCheck.tries(a, null, LocalDate.of(2026, 11, 27))).isEqualTo(3);
        assertThat(PinCheck.tries(new Account(), SHANGHAI, LocalDate.of(2026, 11, 27))).isZero();
    }

    @Test
    void thePolicyCountsPerDayUnlessToldOtherwise() {
        assertThat(AuthPolicy.defaults().pinTriesPerDay()).isTrue();
        AuthPolicy d = AuthPolicy.defaults();
        assertThat(new AuthPolicy(d.maxPinTries(), d.singleLimitFen(), d.tdesMac(), d.institution(), d.zone(), false)
                .pinTriesPerDay()).isFalse();
    }
}
