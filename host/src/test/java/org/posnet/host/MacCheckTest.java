package org.posnet.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.posnet.host.HostHarness.BALANCE_FEN;
import static org.posnet.host.HostHarness.MERCHANT;
import static org.posnet.host.HostHarness.PAN;
import static org.posnet.host.HostHarness.PIN;
import static org.posnet.host.HostHarness.TERMINAL;
import static org.posnet.host.HostHarness.TMK;

import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.posnet.common.db.TestDatabases;

/**
 * The MAC and PIN checks use the session's current working keys: the HSM keeps keys open for speed, but
 * a new sign-on's keys replace the old ones, which must then fail (A0 for the MAC, no approval for a PIN
 * block under the old PIK).
 */
class MacCheckTest {
    private HostHarness harness;
    private JposTerminal pos;

    @BeforeEach
    void start() throws Exception {
        harness = new HostHarness(TestDatabases.h2());
        pos = new JposTerminal(harness.port(), TERMINAL, MERCHANT, TMK);
    }

    @AfterEach
    void stop() throws Exception {
        pos.close();
        harness.close();
        harness.tdb.close();
    }

    @Test
    void afterANewSignOn_theOldMakAndPikNoLongerWork() throws Exception {
        pos.signOn("003");
        assertThat(pos.send(sale()).getString(39)).isEqualTo("00"); // the old keys are open in the HSM now
        TerminalCrypto.Keys old = pos.keys;

        pos.signOn("003");
        TerminalCrypto.Keys fresh = pos.keys;

        pos.keys = old;
        ISOMsg underOldMak = sale();
        pos.mac(underOldMak);
        assertThat(pos.exchange(underOldMak).getString(39)).isEqualTo("A0");

        ISOMsg underOldPik = sale(); // field 52 under the old PIK
        pos.keys = fresh;
        assertThat(pos.send(underOldPik).getString(39)).isNotEqualTo("00");

        assertThat(pos.send(sale()).getString(39)).isEqualTo("00");
        assertThat(harness.balanceFen(PAN)).isEqualTo(BALANCE_FEN - 200);
    }

    /**
     * A 3DES terminal provisioned with {@code keys.mac: X9_19} is checked and answered with ANSI X9.19 (computed here
     * with JCE's DES, apart from the HSM), while the host's policy stays UnionPay ECB for the others; an ECB MAC from
     * it is A0.
     */
    @Test
    void aTerminalWithItsOwnMacAlgorithm_isCheckedAndAnsweredWithIt() throws Exception {
        String fleet = HostHarness.fleetYaml().replaceFirst(java.util.regex.Pattern.quote("keys: { scheme: 3DES, tmk: " + TMK + " }"),
                "keys: { scheme: 3DES, tmk: " + TMK + ", mac: X9_19 }");
        assertThat(fleet).contains("mac: X9_19");
        try (org.posnet.common.db.TestDatabase tdb = TestDatabases.h2();
                HostHarness x919 = new HostHarness(tdb, org.posnet.host.HostConfig.defaults().withPort(0), fleet,
                        org.posnet.host.link.LinkConfig.none());
                JposTerminal terminal = new JposTerminal(x919.port(), TERMINAL, MERCHANT, TMK)) {
            assertThat(x919.fleet.terminal(TERMINAL).orElseThrow().mac()).isEqualTo("X9_19");
            terminal.signOn("003");
            terminal.macAlgorithm = TerminalCrypto::x919;
            assertThat(terminal.send(Trades.sale(terminal, PAN, PIN, 100)).getString(39)).as("X9.19 both ways").isEqualTo("00");

            terminal.macAlgorithm = TerminalCrypto::mac; // the host's default algorithm, which this terminal does not use
            ISOMsg ecb = Trades.sale(terminal, PAN, PIN, 100);
            terminal.mac(ecb);
            assertThat(terminal.exchange(ecb).getString(39)).isEqualTo("A0");
            assertThat(x919.balanceFen(PAN)).isEqualTo(BALANCE_FEN - 100);
        }
        // the others keep the host's UnionPay ECB MAC
        pos.signOn("003");
        assertThat(pos.send(sale()).getString(39)).isEqualTo("00");
    }

    private ISOMsg sale() throws Exception {
        return Trades.sale(pos, PAN, PIN, 100);
    }
}
