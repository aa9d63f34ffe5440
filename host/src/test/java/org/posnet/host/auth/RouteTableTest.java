package org.posnet.host.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.posnet.host.hsm.KeyWrapper;
import org.posnet.host.hsm.SoftwareHsm;
import org.posnet.host.iso.Dialect;
import org.posnet.host.iso.IsoCodec;
import org.posnet.host.iso.IsoMessage;

/** The routing table per mode (jPOS SwitchTest): each row of cup-8583.md's table finds its type and steps. */
class RouteTableTest {
    private static final KeyWrapper IDENTITY = new KeyWrapper() {
        @Override
        public byte[] wrap(byte[] clear) {
            return clear.clone();
        }

        @Override
        public byte[] unwrap(byte[] wrapped) {
            return wrapped.clone();
        }
    };
    private final IsoCodec codec = new IsoCodec(Dialect.unionPayPos());
    private final RouteTable table = RouteTable.unionPay(new HostState(), new SoftwareHsm(IDENTITY, new SecureRandom()), codec,
            AuthPolicy.defaults());

    private static IsoMessage request(String mti, String pc, String f60) {
        IsoMessage.Builder b = IsoMessage.builder(mti).with(11, "000001");
        if (!pc.isEmpty()) {
            b.with(3, pc);
        }
        return b.with(60, f60).build();
    }

    @ParameterizedTest(name = "{0} {1} 60={2} -> {3}")
    @CsvSource(nullValues = "-", value = {
            "0800, '', 00000000001, SIGN_ON",
            "0800, '', 00000000003, SIGN_ON",
            "0800, '', 00000000004, SIGN_ON",
            "0820, '', 00000001002, SIGN_OFF",
            "0820, '', 00000001301, ECHO",
            "0200, 310000, 01000001000, BALANCE_INQUIRY",
            "0200, 000000, 22000001000, SALE",
            "0200, 200000, 23000001000, SALE_VOID",
            "0220, 200000, 25000001000, REFUND",
            "0100, 030000, 10000001000, PRE_AUTH",
            "0100, 200000, 11000001000, PRE_AUTH_VOID",
            "0200, 000000, 20000001000, COMPLETION",
            "0200, 200000, 21000001000, COMPLETION_VOID",
            "0400, 000000, 22000001000, REVERSAL",
            "0400, 200000, 23000001, REVERSAL",
            "0400, 030000, 10000001000, REVERSAL",
            "0400, 200000, 11000001000, REVERSAL",
            "0400, 000000, 20000001000, REVERSAL",
            "0400, 200000, 21000001000, REVERSAL",
            "0500, '', 00000001201, SETTLEMENT",
            "0320, '', 00000001201, BATCH_UPLOAD",
            "0320, '', 00000001202, BATCH_UPLOAD",
            "0320, '', 00000001207, BATCH_UPLOAD"})
    void everyMode_findsItsType(String mti, String pc, String f60, TxnType type) {
        RouteTable.Routing r = table.route(request(mti, pc, f60));

        assertThat(r.refusal()).isNull();
        assertThat(r.route().type()).isEqualTo(type);
        assertThat(r.batch()).isEqualTo(f60.substring(2, 8));
    }

    @Test
    void financialRoutes_checkInTheDocumentedOrder() {
        Route sale = table.route(request("0200", "000000", "22000001")).route();
        assertThat(sale.steps()).extracting(s -> s.getClass().getSimpleName()).containsExactly("TerminalCheck", "BatchCheck",
                "MacCheck", "DuplicateCheck", "CardStop", "PinCheck", "CardCheck", "LimitCheck", "Debit");
        assertThat(table.route(request("0800", "", "00000000003")).route().steps())
                .extracting(s -> s.getClass().getSimpleName()).containsExactly("TerminalCheck", "SignOn");
    }

    @ParameterizedTest(name = "{0} {1} 60={2} -> {3}")
    @CsvSource({
            "0200, 990000, 22000001, INVALID_TRANSACTION",
            "0800, '', 00000000002, INVALID_TRANSACTION",
            "0600, '', 00000001, INVALID_TRANSACTION",
            "0200, 000000, 2200, FORMAT_ERROR"})
    void unknownOrUnreadable_isRefused(String mti, String pc, String f60, Reason reason) {
        assertThat(table.route(request(mti, pc, f60)).refusal()).isEqualTo(reason);
    }

    @Test
    void aKeyGivenTwice_failsAtBuild() {
        RouteTable.Builder b = new RouteTable.Builder(codec).add("0200", "000000", "22", "", TxnType.SALE, List.of(4));
        assertThatThrownBy(() -> b.add("0200", "000000", "22", "", TxnType.COMPLETION, List.of(4)))
                .hasMessageContaining("0200.000000.22 defined twice");
    }
}
