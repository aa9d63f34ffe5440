package org.posnet.host.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ResponseCodesTest {

    @ParameterizedTest
    @EnumSource(Reason.class)
    void everyReason_hasATwoCharacterCode(Reason reason) {
        assertThat(ResponseCodes.unionPay().code(reason)).hasSize(2);
    }

    @Test
    void unionPayTable_isCup8583sList() {
        ResponseCodes c = ResponseCodes.unionPay();
        assertThat(c.code(Reason.APPROVED)).isEqualTo("00");
        assertThat(c.code(Reason.TERMINAL_NOT_REGISTERED)).isEqualTo("97");
        assertThat(c.code(Reason.BATCH_MISMATCH)).isEqualTo("77");
        assertThat(c.code(Reason.MAC_ERROR)).isEqualTo("A0");
        assertThat(c.code(Reason.WRONG_PIN)).isEqualTo("55");
        assertThat(c.code(Reason.PIN_TRIES_EXCEEDED)).isEqualTo("75");
        assertThat(c.code(Reason.PIN_FORMAT)).isEqualTo("99");
        assertThat(c.code(Reason.INVALID_CARD)).isEqualTo("14");
        assertThat(c.code(Reason.EXPIRED_CARD)).isEqualTo("54");
        assertThat(c.code(Reason.OVER_LIMIT)).isEqualTo("61");
        assertThat(c.code(Reason.INSUFFICIENT_FUNDS)).isEqualTo("51");
        assertThat(c.code(Reason.DUPLICATE)).isEqualTo("94");
    }

    @Test
    void overrides_replaceOnlyWhatTheyName() {
        ResponseCodes c = ResponseCodes.unionPay().withOverrides(Map.of("MERCHANT_MISMATCH", "97"));
        assertThat(c.code(Reason.MERCHANT_MISMATCH)).isEqualTo("97");
        assertThat(c.code(Reason.APPROVED)).isEqualTo("00");
    }

    @Test
    void overrides_refuseUnknownReasonsAndBadCodes() {
        assertThatThrownBy(() -> ResponseCodes.unionPay().withOverrides(Map.of("NO_SUCH", "05"))).hasMessageContaining("NO_SUCH");
        assertThatThrownBy(() -> ResponseCodes.unionPay().withOverrides(Map.of("APPROVED", "000"))).hasMessageContaining("2 characters");
    }
}
