package org.posnet.host.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.posnet.common.fleet.KeyScheme;
import org.posnet.common.fleet.Status;
import org.posnet.common.fleet.StoredTerminal;
import org.posnet.host.hsm.KeyWrapper;
import org.posnet.host.hsm.SoftwareHsm;
import org.posnet.host.iso.Dialect;
import org.posnet.host.iso.IsoCodec;
import org.posnet.host.iso.IsoFrame;
import org.posnet.host.iso.IsoMessage;
import org.posnet.host.iso.MessageHeader;
import org.posnet.host.iso.Tpdu;
import org.posnet.host.param.ParameterSet;
import org.posnet.host.param.StatusReport;

/** The parameter download / status upload routes and their steps against a fake terminal management. */
class TerminalManagementStepsTest {
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
    private static final StoredTerminal TERMINAL = new StoredTerminal("10000001", "898110058120001", null, null, KeyScheme.TDES,
            "sealed", Status.ACTIVE);

    /** Records what the steps tell it; holds {@code stored}, the terminal holds {@code held}. */
    private static final class FakeTms implements TerminalManagement {
        long stored = 2;
        long held = 1;
        final List<StatusReport> reports = new ArrayList<>();
        RuntimeException failure;

        @Override
        public ParameterSet parameters(StoredTerminal terminal) {
            if (failure != null) {
                throw failure;
            }
            return ParameterSet.defaults("小馆", List.of()).withVersion(stored);
        }

        @Override
        public boolean outdated(String terminalId) {
            return held < stored;
        }

        @Override
        public boolean holds(String terminalId, long version, Instant at) {
            if (version > stored) {
                return false;
            }
            held = version;
            return true;
        }

        @Override
        public void reported(StatusReport report) {
            reports.add(report);
            if (report.parameterVersion() != null) {
                held = report.parameterVersion();
            }
        }
    }

    private final FakeTms tms = new FakeTms();
    private final IsoCodec codec = new IsoCodec(Dialect.unionPayPos());
    private final RouteTable table = RouteTable.unionPay(new HostState(), new SoftwareHsm(IDENTITY, new SecureRandom()), codec,
            AuthPolicy.defaults(), tms);

    private Exchange exchange(String mti, String code, String f62) {
        IsoMessage.Builder b = IsoMessage.builder(mti).with(11, "000001").with(41, "10000001").with(42, "898110058120001")
                .with(60, "00000001" + code);
        if (f62 != null) {
            b.with(62, f62.getBytes(StandardCharsets.US_ASCII));
        }
        IsoMessage m = b.build();
        RouteTable.Routing r = table.route(m);
        Exchange x = new Exchange(new IsoFrame(Tpdu.of(1, 2), new MessageHeader("603100000000"), m), r.route(), r.type60(),
                r.batch(), r.networkCode(), Instant.EPOCH, java.time.LocalDateTime.MIN);
        x.terminal = TERMINAL;
        x.parametersOutdated = tms.outdated("10000001");
        return x;
    }

    private static Reason run(Exchange x) throws Exception {
        for (Step s : x.route.steps()) {
            Reason r = s.run(x);
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    @Test
    void routes_existOnlyWithTerminalManagement_afterTheTerminalCheck() {
        assertThat(exchange("0800", "360", null).route.type()).isEqualTo(TxnType.PARAMETER_DOWNLOAD);
        assertThat(exchange("0800", "361", null).route.type()).isEqualTo(TxnType.PARAMETER_DOWNLOAD_END);
        assertThat(exchange("0820", "362", null).route.steps()).extracting(s -> s.getClass().getSimpleName())
                .containsExactly("TerminalCheck", "StatusUpload");
        RouteTable without = RouteTable.unionPay(new HostState(), new SoftwareHsm(IDENTITY, new SecureRandom()), codec,
                AuthPolicy.defaults());
        IsoMessage m = IsoMessage.builder("0800").with(11, "000001").with(60, "00000001360").build();
        assertThat(without.route(m).refusal()).isEqualTo(Reason.INVALID_TRANSACTION);
    }

    @Test
    void download_givesThePart_andDoesNotAskForItself() throws Exception {
        Exchange x = exchange("0800", "360", null);
        assertThat(x.parametersOutdated).isTrue();

        assertThat(run(x)).isNull();
        byte[] f62 = (byte[]) x.replyFields.get(62);
        assertThat(new String(f62, 0, 15, StandardCharsets.US_ASCII)).isEqualTo("0" + "010012" + "02003000");
        assertThat(x.parametersOutdated).isFalse();

        assertThat(run(exchange("0800", "360", "02003001"))).isEqualTo(Reason.FORMAT_ERROR);
        assertThat(run(exchange("0800", "360", "0200"))).isEqualTo(Reason.FORMAT_ERROR);
        tms.failure = new IllegalStateException("database down");
        assertThat(run(exchange("0800", "360", null))).isEqualTo(Reason.SYSTEM_ERROR);
    }

    @Test
    void end_recordsTheVersion_andRefusesOneNeverStored() throws Exception {
        assertThat(run(exchange("0800", "361", "010013"))).isEqualTo(Reason.FORMAT_ERROR);
        assertThat(run(exchange("0800", "361", null))).isEqualTo(Reason.FORMAT_ERROR);
        assertThat(tms.held).isEqualTo(1);

        Exchange x = exchange("0800", "361", "010012");
        assertThat(run(x)).isNull();
        assertThat(tms.held).isEqualTo(2);
        assertThat(x.parametersOutdated).isFalse();
    }

    @Test
    void statusUpload_reportsWhatTheTerminalSaid() throws Exception {
        Exchange x = exchange("0820", "362", "01001234002" + "85");
        assertThat(run(x)).isNull();
        assertThat(tms.reports).singleElement().satisfies(r -> {
            assertThat(r.terminal()).isEqualTo("10000001");
            assertThat(r.items()).containsEntry("parameterVersion", "2").containsEntry("battery", "85");
        });
        assertThat(x.parametersOutdated).isFalse();

        assertThat(run(exchange("0820", "362", "34002x5"))).isEqualTo(Reason.FORMAT_ERROR);
        assertThat(tms.reports).hasSize(1);
    }
}
