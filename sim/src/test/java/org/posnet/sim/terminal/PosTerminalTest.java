package org.posnet.sim.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.posnet.sim.terminal.SimHost.BALANCE_FEN;
import static org.posnet.sim.terminal.SimHost.CARD;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulator's terminal against a real host on loopback: every reply is checked by the terminal and here. */
class PosTerminalTest {
    private SimHost host;
    private PosTerminal pos;

    @BeforeEach
    void start() {
        host = new SimHost();
        pos = new PosTerminal(SimHost.TERMINAL, host.address(), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() throws Exception {
        pos.close();
        host.close();
    }

    @Test
    void signOn_unwrapsCheckedWorkingKeys_andTakesTheBatch() throws Exception {
        Exchange ex = pos.signOn("003");

        assertThat(ex.code()).isEqualTo("00");
        assertThat(ex.reply().has(64)).isFalse();
        assertThat(pos.keys().pik().length()).isEqualTo(16);
        assertThat(pos.keys().mak().length()).isEqualTo(16);
        assertThat(pos.keys().tdk()).isNull();
        assertThat(pos.batch()).isEqualTo("000001");

        pos.signOn("004");
        assertThat(pos.keys().tdk()).isNotNull();
        assertThat(pos.batch()).isEqualTo("000002");
    }

    @Test
    void processingRequirement1_makesTheTerminalDownloadItsParameters_thenItsStatusNamesThatVersion() throws Exception {
        pos.signOn("003");
        assertThat(pos.parameters()).isNull();
        host.host.terminalParameters().update(SimHost.TERMINAL.terminalId(), new org.posnet.host.param.ParameterSet(0, "川味小馆建国路店",
                30, 4, 2, java.util.List.of("10.64.0.1:5800", "10.64.0.2:5800"),
                java.util.List.of("95516000000001", "95516000000002", "95516000000003"), "95516000000009", false, 0, true, false),
                java.time.Instant.now());

        Exchange sale = pos.sale(CARD, 100);

        assertThat(sale.code()).isEqualTo("00");
        assertThat(pos.parameters()).isNotNull();
        assertThat(pos.parameters().version()).isEqualTo(1);
        assertThat(pos.parameters().timeoutSeconds()).isEqualTo(30);
        assertThat(pos.parameters().dialRetries()).isEqualTo(4);
        assertThat(pos.parameters().merchantName()).isEqualTo("川味小馆建国路店");
        assertThat(pos.parameters().hostAddresses()).containsExactly("10.64.0.1:5800", "10.64.0.2:5800");
        assertThat(pos.lastReplyHeader().processingRequirementDigit()).as("the end of the download satisfied the host").isZero();
        assertThat(pos.sale(CARD, 100).code()).isEqualTo("00");
        assertThat(pos.lastReplyHeader().processingRequirementDigit()).isZero();

        Exchange status = pos.uploadStatus(TerminalStatus.healthy("N8210-000001"));
        assertThat(status.code()).isEqualTo("00");
        assertThat(host.events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("tms.status.reported");
            assertThat(e.payload()).containsEntry("parameterVersion", 1L).containsEntry("serial", "N8210-000001")
                    .containsEntry("battery", 100L);
        });
    }

    @Test
    void aTerminalOnDefaults_isNotAskedToDownload_butMayDownloadThem() throws Exception {
        pos.signOn("003");
        pos.sale(CARD, 100);
        assertThat(pos.parameters()).isNull();

        TerminalParameters p = pos.downloadParameters();
        assertThat(p.version()).isZero();
        assertThat(p.timeoutSeconds()).isEqualTo(60);
        assertThat(p.merchantName()).isNotEmpty();
    }

    /** A terminal provisioned with X9.19 MACs its requests so, and checks the host's replies with it. */
    @Test
    void aTerminalProvisionedWithX919_tradesWithIt_andAnEcbOneIsRefused() throws Exception {
        try (PosTerminal x919 = new PosTerminal(SimHost.X919, host.address(), Duration.ofSeconds(5));
                PosTerminal x99 = new PosTerminal(SimHost.X99, host.address(), Duration.ofSeconds(5))) {
            assertThat(x919.signOn("003").approved()).isTrue();
            Exchange sale = x919.sale(CARD, 250);
            assertThat(sale.code()).isEqualTo("00"); // and the reply's X9.19 MAC verified, or the sale would have thrown
            assertThat(x99.signOn("003").approved()).isTrue();
            Exchange x99Sale = x99.sale(CARD, 50);
            assertThat(x99Sale.code()).isEqualTo("00");
            assertThat(x99.voidSale(x99Sale).code()).isEqualTo("00");
        }
        TerminalIdentity ecb = new TerminalIdentity(SimHost.X919.terminalId(), SimHost.X919.merchantId(), SimHost.X919.tmkHex());
        try (PosTerminal wrongMac = new PosTerminal(ecb, host.address(), Duration.ofSeconds(5))) {
            assertThat(wrongMac.signOn("003").approved()).isTrue(); // network management carries no MAC
            String code;
            try {
                code = wrongMac.sale(CARD, 250).code();
            } catch (TerminalProtocolException unmacedReply) {
                code = "A0"; // the host's A0 carries no MAC the terminal can check
            }
            assertThat(code).isEqualTo("A0");
        }
        assertThat(host.balanceFen(CARD.pan())).isEqualTo(BALANCE_FEN - 250);
    }

    @Test
    void signOn_withKeysUnderAnotherTmk_isRefusedByTheCheckValues() throws Exception {
        try (PosTerminal wrong = new PosTerminal(SimHost.WRONG_TMK, host.address(), Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> wrong.signOn("003")).isInstanceOf(KeyCheckException.class).hasMessageContaining("check value");
            assertThat(wrong.keys()).isNull();
        }
    }

    @Test
    void sale_withPinAndMac_isApprovedAndDebited() throws Exception {
        pos.signOn("003");
        Exchange sale = pos.sale(CARD, 12_345);

        assertThat(sale.code()).isEqualTo("00");
        assertThat(sale.reply().string(4)).isEqualTo("000000012345");
        assertThat(sale.reply().string(37)).hasSize(12);
        assertThat(sale.reply().string(38)).hasSize(6);
        assertThat(sale.reply().has(52)).isFalse();
        assertThat(host.balanceFen(CARD.pan())).isEqualTo(BALANCE_FEN - 12_345);
        assertThat(pos.book().totals()).isEqualTo(new BatchTotals(12_345, 1, 0, 0));
    }

    @Test
    void wrongPin_55_andInsufficientFunds_51() throws Exception {
        pos.signOn("003");
        assertThat(pos.sale(new Card(CARD.pan(), CARD.expiry(), "111111"), 100).code()).isEqualTo("55");
        assertThat(pos.sale(SimHost.POOR_CARD, 1_001).code()).isEqualTo("51");
        assertThat(pos.book().totals()).isEqualTo(BatchTotals.ZERO);
    }

    @Test
    void balanceInquiry_answersField54() throws Exception {
        pos.signOn("003");
        Exchange ex = pos.balanceInquiry(CARD);

        assertThat(ex.code()).isEqualTo("00");
        assertThat(ex.reply().string(54)).isEqualTo("1002156C000000500000");
    }

    @Test
    void void_and_refund_creditTheCard() throws Exception {
        pos.signOn("003");
        Exchange first = pos.sale(CARD, 20_000);
        assertThat(pos.voidSale(first).code()).isEqualTo("00");
        assertThat(host.balanceFen(CARD.pan())).isEqualTo(BALANCE_FEN);

        Exchange second = pos.sale(CARD, 30_000);
        Exchange refund = pos.refund(second, 10_000);
        assertThat(refund.code()).isEqualTo("00");
        assertThat(refund.reply().string(4)).isEqualTo("000000010000");
        assertThat(host.balanceFen(CARD.pan())).isEqualTo(BALANCE_FEN - 20_000);
        assertThat(pos.book().totals()).isEqualTo(new BatchTotals(50_000, 2, 30_000, 2));
    }

    @Test
    void preAuth_holds_completionDebits_andItsVoidRestoresTheHold() throws Exception {
        pos.signOn("003");
        Exchange preAuth = pos.preAuth(CARD, 100_000);
        assertThat(preAuth.code()).isEqualTo("00");
        assertThat(host.heldFen(CARD.pan())).isEqualTo(100_000);

        Exchange completion = pos.completion(preAuth, 80_000);
        assertThat(completion.code()).isEqualTo("00");
        assertThat(completion.reply().string(38)).isEqualTo(preAuth.reply().string(38));
        assertThat(host.heldFen(CARD.pan())).isZero();
        assertThat(host.balanceFen(CARD.pan())).isEqualTo(BALANCE_FEN - 80_000);

        assertThat(pos.voidCompletion(completion).code()).isEqualTo("00");
        assertThat(host.heldFen(CARD.pan())).isEqualTo(100_000);
        assertThat(pos.voidPreAuth(preAuth).code()).isEqualTo("00");
        assertThat(host.heldFen(CARD.pan())).isZero();
        assertThat(host.balanceFen(CARD.pan())).isEqualTo(BALANCE_FEN);
    }

    @Test
    void saleWhoseReplyIsLost_isReversed_andTheCardIsWhole() throws Exception {
        try (ReplyDroppingRelay relay = new ReplyDroppingRelay(host.address());
             PosTerminal viaRelay = new PosTerminal(SimHost.TERMINAL, relay.address(), Duration.ofMillis(500))) {
            viaRelay.signOn("003");
            relay.dropNext.set(1);

            Exchange sale = viaRelay.sale(CARD, 7_000);

            assertThat(sale.timedOut()).isTrue();
            assertThat(relay.dropped.get()).isEqualTo(1);
            assertThat(sale.reversalReply().mti()).isEqualTo("0410");
            assertThat(sale.reversalReply().string(39)).isEqualTo("00");
            assertThat(sale.reversalReply().string(11)).isEqualTo(sale.request().string(11));
            assertThat(viaRelay.pendingReversal()).isNull();
            assertThat(host.balanceFen(CARD.pan())).isEqualTo(BALANCE_FEN);
            assertThat(viaRelay.book().totals()).isEqualTo(BatchTotals.ZERO);
            assertThat(viaRelay.sale(CARD, 1_000).code()).isEqualTo("00");
        }
    }

    @Test
    void settlement_balanced_closesTheBatch() throws Exception {
        pos.signOn("003");
        Exchange sale = pos.sale(CARD, 10_000);
        pos.sale(CARD, 5_000);
        pos.voidSale(sale);

        PosTerminal.Settlement s = pos.settle();

        assertThat(s.balanced()).isTrue();
        assertThat(s.reconciled()).isTrue();
        assertThat(s.settlement().reply().string(48).charAt(30)).isEqualTo('1');
        assertThat(pos.sale(CARD, 1_000).code()).isEqualTo("77");
        assertThat(pos.lastReplyHeader().processingRequirementDigit()).isEqualTo(3);
    }

    @Test
    void settlement_unbalanced_uploadsTheBatch_andReconciles() throws Exception {
        pos.signOn("003");
        for (int i = 0; i < 9; i++) {
            assertThat(pos.sale(CARD, 1_000 + i).code()).isEqualTo("00");
        }
        // a terminal that lost a record claims less than the host counted
        PosTerminal.Settlement s = pos.settle(new BatchTotals(1_000, 1, 0, 0));

        assertThat(s.balanced()).isFalse();
        assertThat(s.settlement().reply().string(48).charAt(30)).isEqualTo('2');
        assertThat(s.uploadEnd().code()).isEqualTo("00");
        assertThat(s.uploadEnd().reply().string(48)).isEqualTo("0009");
        assertThat(s.reconciled()).isTrue();
    }
}
