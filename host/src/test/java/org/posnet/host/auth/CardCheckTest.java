package org.posnet.host.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

class CardCheckTest {
    private static final DateTimeFormatter YYMM = DateTimeFormatter.ofPattern("yyMM");

    @Test
    void expired_isTheComparisonOfTheYymmTexts() {
        String[] expiries = {"0001", "2001", "2511", "2512", "2601", "2610", "2611", "2612", "2701", "2812", "9912", "9999",
                "26", "26111", "2A11", "", "abcd"};
        for (LocalDateTime local : new LocalDateTime[] {LocalDateTime.of(2026, 11, 26, 10, 0), LocalDateTime.of(2026, 1, 1, 0, 0),
                LocalDateTime.of(2025, 12, 31, 23, 59), LocalDateTime.of(2099, 12, 1, 0, 0), LocalDateTime.of(2100, 3, 1, 0, 0),
                LocalDateTime.of(1999, 7, 1, 0, 0)}) {
            for (String expiry : expiries) {
                assertThat(CardCheck.expired(expiry, local)).as(expiry + " at " + local)
                        .isEqualTo(expiry.compareTo(local.format(YYMM)) < 0);
            }
        }
        assertThat(CardCheck.expired("2611", LocalDateTime.of(2026, 11, 30, 23, 59))).as("good through its month").isFalse();
        assertThat(CardCheck.expired("2610", LocalDateTime.of(2026, 11, 1, 0, 0))).isTrue();
    }
}
