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
 * jPOS 2.1.10 as the terminal, driving every message kind against the running host on loopback. Every
 * reply is checked: MTI, echoed fields, response code, MAC (recomputed by the test), and the effect on
 * the card's balance.
 */
class JposHostTest {
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
        LedgerInvariant.assertBalanced(harness.host);
        harness.close();
        harness.tdb.close();
    }

    private ISOMsg sale(String pan, long amountFen, String pin) throws Exception {
        ISOMsg m = pos.message("0200");
        m.set(2, pan);
        m.set(3, "000000");
        m.set(4, String.format("%012d", amountFen));
        m.set(14, "2812");
        m.set(22, pin == null ? "022" : "021");
        m.set(25, "00");
        m.set(49, "156");
        if (pin != null) {
            m.set(26, "06");
            m.set(52, pos.pinBlock(pin, pan));
            m.set(53, "2600000000000000");
        }
        m.set(60, "22" + pos.batch + "000");
        return m;
    }

    private ISOMsg referring(String mti, String pc, String type60, long amountFen, ISOMsg original, ISOMsg originalReply)
            throws Exception {
        ISOMsg m = pos.message(mti);
        m.set(2, PAN);
        m.set(3, pc);
        m.set(4, String.format("%012d", amountFen));
        m.set(22, "022");
        m.set(25, type60.startsWith("1") || type60.startsWith("2") && !type60.equals("22") && !type60.equals("23") && !type60.equals("25") ? "06" : "00");
        m.set(37, originalReply.getString(37));
        m.set(49, "156");
        m.set(60, type60 + pos.batch + "000");
        m.set(61, original.getString(60).substring(2, 8) + original.getString(11) + "1126");
        return m;
    }

    @Test
    void signOn_assignsBatchAndWorkingKeysUnderTheTmk_noMac_tpduSwapped() throws Exception {
        ISOMsg reply = pos.signOn("003");

        assertThat(reply.getString(39)).isEqualTo("00");
        assertThat(reply.getString(60)).isEqualTo("00000001003");
        assertThat(reply.getBytes(62)).hasSize(40);
        assertThat(pos.keys.pik()).hasSize(16);
        assertThat(reply.hasField(64)).isFalse();
        assertThat(reply.getString(32)).isNull();
        assertThat(TerminalCrypto.hex(java.util.Arrays.copyOf(pos.lastHeader, 5))).isEqualTo("6001230001");
        assertThat(pos.processingRequirement()).isZero();
        assertThat(harness.published).anyMatch(e -> e.type().equals("host.terminal.signed_on"));
    }

    @Test
    void signOn_001And004_giveTheirLayouts_andTheNextBatch() throws Exception {
        assertThat(pos.signOn("001").getBytes(62)).hasSize(24);
        ISOMsg again = pos.signOn("004");
        assertThat(again.getBytes(62)).hasSize(60);
        assertThat(pos.keys.tdk()).hasSize(16);
        assertThat(pos.batch).isEqualTo("000002");
    }

    @Test
    void sale_withPinAndMac_isApproved_debited_countedAndPublished() throws Exception {
        pos.signOn("003");
        ISOMsg reply = pos.send(sale(PAN, 12_345, PIN));

        assertThat(reply.getString(39)).isEqualTo("00");
        assertThat(reply.getString(2)).isEqualTo(PAN);
        assertThat(reply.getString(4)).isEqualTo("000000012345");
        assertThat(reply.getString(37)).hasSize(12);
        assertThat(reply.getString(38)).hasSize(6);
        assertThat(reply.getString(12)).isEqualTo("100000");
        assertThat(reply.getString(13)).isEqualTo("1126");
        assertThat(reply.hasField(52)).isFalse();
        assertThat(harness.balanceFen(PAN)).isEqualTo(BALANCE_FEN - 12_345);
        assertThat(harness.registry.get("posnet.transactions").tag("type", "sale").tag("code", "00").counter().count()).isEqualTo(1.0);
        assertThat(harness.registry.scrape()).contains("posnet_transaction_seconds_bucket");
        assertThat(harness.published).anyMatch(e -> e.type().equals("host.txn.approved") && e.payload().get("amountFen").equals(12_345L)
                && !e.payload().get("pan").equals(PAN));
    }

    @Test
    void balanceInquiry_answersTheAvailableBalanceInField54() throws Exception {
        pos.signOn("003");
        ISOMsg m = pos.message("0200");
        m.set(2, PAN);
        m.set(3, "310000");
        m.set(22, "021");
        m.set(25, "00");
        m.set(52, pos.pinBlock(PIN, PAN));
        m.set(60, "01" + pos.batch + "000");
        ISOMsg reply = pos.send(m);

        assertThat(reply.getString(39)).isEqualTo("00");
        assertThat(reply.getString(54)).isEqualTo("1002156C000000500000");
    }

    @Test
    void saleVoid_creditsTheSaleBack_andASecondVoidFindsNoOriginal() throws Exception {
        pos.signOn("003");
        ISOMsg sale = sale(PAN, 20_000, PIN);
        ISOMsg saleReply = pos.send(sale);

        ISOMsg voidReply = pos.send(referring("0200", "200000", "23", 20_000, sale, saleReply));
        assertThat(voidReply.getString(39)).isEqualTo("00");
        assertThat(harness.balanceFen(PAN)).isEqualTo(BALANCE_FEN);

        ISOMsg again = pos.send(referring("0200", "200000", "23", 20_000, sale, saleReply));
        assertThat(again.getString(39)).isEqualTo("25");
    }

    @Test
    void refund_creditsUpToTheOriginal_thenRefuses61() throws Exception {
        pos.signOn("003");
        ISOMsg sale = sale(PAN, 30_000, PIN);
        ISOMsg saleReply = pos.send(sale);

        ISOMsg refund = referring("0220", "200000", "25", 10_000, sale, saleReply);
        assertThat(pos.send(refund).getString(39)).isEqualTo("00");
        assertThat(harness.balanceFen(PAN)).isEqualTo(BALANCE_FEN - 20_000);

        ISOMsg tooMuch = referring("0220", "200000", "25", 20_001, sale, saleReply);
        assertThat(pos.send(tooMuch).getString(39)).isEqualTo("61");
    }

    @Test
    void refund_isTakenForThirtyDays_then25_andNothingMoves() throws Exception {
        pos.signOn("003");
        java.time.Instant saleAt = harness.clock.instant();
        ISOMsg sale = sale(PAN, 30_000, PIN);
        ISOMsg saleReply = pos.send(sale);
        assertThat(saleReply.getString(39)).isEqualTo("00");

        harness.clock.set(saleAt.plus(java.time.Duration.ofDays(30)).minusSeconds(1));
        assertThat(pos.send(referring("0220", "200000", "25", 10_000, sale, saleReply)).getString(39)).isEqualTo("00");
        harness.clock.set(saleAt.plus(java.time.Duration.ofDays(30)));
        assertThat(pos.send(referring("0220", "200000", "25", 10_000, sale, saleReply)).getString(39)).isEqualTo("25");
        assertThat(harness.balanceFen(PAN)).isEqualTo(BALANCE_FEN - 20_000);
    }

    @Test
    void preAuth_holdRunsOutAfterThirtyDays_itsCompletionGets25_andTheFundsAreFreeAgain() throws Exception {
        pos.signOn("003");
        java.time.Instant preAuthAt = harness.clock.instant();
        ISOMsg preAuth = pos.message("0100");
        preAuth.set(2, PAN);
        preAuth.set(3, "030000");
        preAuth.set(4, String.format("%012d", BALANCE_FEN));
        preAuth.set(22, "022");
        preAuth.set(25, "06");
        preAuth.set(60, "10" + pos.batch + "000");
        ISOMsg preAuthReply = pos.send(preAuth);
        assertThat(preAuthReply.getString(39)).isEqualTo("00");
        // the whole balance is held: a sale finds nothing available
        assertThat(pos.send(sale(PAN, 100, PIN)).getString(39)).isEqualTo("51");

        harness.clock.set(preAuthAt.plus(java.time.Duration.ofDays(30)));
        ISOMsg completion = referring("0200", "000000", "20", 50_000, preAuth, preAuthReply);
        completion.set(38, preAuthReply.getString(38));
        assertThat(pos.send(completion).getString(39)).isEqualTo("25");
        assertThat(harness.heldFen(PAN)).isZero();
        assertThat(pos.send(sale(PAN, 100, PIN)).getString(39)).isEqualTo("00");
        assertThat(harness.balanceFen(PAN)).isEqualTo(BALANCE_FEN - 100);
        assertThat(harness.registry.scrape()).contains("posnet_host_preauth_holds_expired_total 1.0")
                .contains("posnet_host_state_batches 1.0").containsPattern("posnet_host_state_chunks [1-9]")
                .contains("posnet_host_state_cards 1.0").contains("posnet_host_state_accounts 1.0");

        // the replay releases the same hold at the same entry: nothing held, nothing debited twice
        harness.restart();
        assertThat(harness.heldFen(PAN)).isZero();
        assertThat(harness.balanceFen(PAN)).isEqualTo(BALANCE_FEN - 100);
        long expired = harness.host.authorizer().read(s -> s.expiredHolds());
        assertThat(expired).isEqualTo(1);
    }

    @Test
    void preAuth_holds_completionDebitsAndReleases_completionVoidRestoresTheHold() throws Exception {
        pos.signOn("003");
        ISOMsg preAuth = pos.message("0100");
        preAuth.set(2, PAN);
        preAuth.set(3, "030000");
        preAuth.set(4, "000000100000");
        preAuth.set(22, "021");
        preAuth.set(25, "06");
        preAuth.set(52, pos.pinBlock(PIN, PAN));
        preAuth.set(60, "10" + pos.batch + "000");
        ISOMsg preAuthReply = pos.send(preAuth);
        assertThat(preAuthReply.getString(39)).isEqualTo("00");
        assertThat(harness.heldFen(PAN)).isEqualTo(100_000);
        assertThat(harness.balanceFen(PAN)).isEqualTo(BALANCE_FEN);

        ISOMsg completion = referring("0200", "000000", "20", 80_000, preAuth, preAuthReply);
        completion.set(38, preAuthReply.getString(38));
        ISOMsg completionReply = pos.send(completion);
        assertThat(completionReply.getString(39)).isEqualTo("00");
        assertThat(completionReply.getString(38)).isEqualTo(preAuthReply.getString(38));
        assertThat(harness.heldFen(PAN)).isZero();
        assertThat(harness.balanceFen(PAN)).isEqualTo(BALANCE_FEN - 80_000);

        ISOMsg completionVoid = referring("0200", "200000", "21", 80_000, completion, completionReply);
        assertThat(pos.send(completionVoid).getString(39)).isEqualTo("00");
        assertThat(harness.heldFen(PAN)).isEqualTo(100_000);
        assertThat(harness.balanceFen(PAN)).isEqualTo(BALANCE_FEN);
    }

    @Test
    void preAuthVoid_releasesTheHold() throws Exception {
        pos.signOn("003");
        ISOMsg preAuth = pos.message("0100");
        preAuth.set(2, PAN);
        preAuth.set(3, "030000");
        preAuth.set(4, "000000050000");
        preAuth.set(22, "022");
        preAuth.set(25, "06");
        preAuth.set(60, "10" + pos.batch + "000");
        ISOMsg preAuthReply = pos.send(preAuth);

        ISOMsg voidIt = referring("0100", "200000", "11", 50_000, preAuth, preAuthReply);
        voidIt.set(38, preAuthReply.getString(38));
        assertThat(pos.send(voidIt).getString(39)).isEqualTo("00");
        assertThat(harness.heldFen(PAN)).isZero();
    }

    @Test
    void reversal_undoesAnApprovedSale_isIdempotent_andAnswers00WithNothingToUndo() throws Exception {
        pos.signOn("003");
        ISOMsg sale = sale(PAN, 7_000, PIN);
        pos.send(sale);
        assertThat(harness.balanceFen(PAN)).isEqualTo(BALANCE_FEN - 7_000);

        ISOMsg reversal = (ISOMsg) sale.clone();
        reversal.setMTI("0400");
        reversal.unset(52);
        reversal.unset(26);
        reversal.unset(53);
        reversal.set(39, "98");
        assertThat(pos.send(reversal).getString(39)).isEqualTo("00");
        assertThat(harness.balanceFen(PAN)).isEqualTo(BALANCE_FEN);
        assertThat(pos.send(reversal).getString(39)).isEqualTo("00");
        assertThat(harness.balanceFen(PAN)).isEqualTo(BALANCE_FEN);

        ISOMsg nothing = (ISOMsg) reversal.clone();
        nothing.set(11, "999999");
        assertThat(pos.send(nothing).getString(39)).isEqualTo("00");
        assertThat(harness.balanceFen(PAN)).isEqualTo(BALANCE_FEN);
    }

    private ISOMsg settlement(String totals) throws Exception {
        ISOMsg m = pos.message("0500");
        m.set(48, totals + "0" + "0".repeat(30) + "0");
        m.set(49, "156");
        m.set(60, "00" + pos.batch + "201");
        return m;
    }

    @Test
    void settlement_balanced_answersCode1_andClosesTheBatch() throws Exception {
        pos.signOn("003");
        ISOMsg sale = sale(PAN, 10_000, PIN);
        ISOMsg saleReply = pos.send(sale);
        pos.send(sale(PAN, 5_000, PIN));
        pos.send(referring("0200", "200000", "23", 10_000, sale, saleReply));

        // debits: both sales (a voided sale stays counted); credits: the void
        ISOMsg reply = pos.send(settlement("000000015000" + "002" + "000000010000" + "001"));
        assertThat(reply.getString(39)).isEqualTo("00");
        assertThat(reply.getString(48).charAt(30)).isEqualTo('1');
        assertThat(reply.getString(48).charAt(61)).isEqualTo('1');

        assertThat(pos.send(sale(PAN, 1_000, PIN)).getString(39)).isEqualTo("77");
        assertThat(pos.processingRequirement()).isEqualTo(3);
    }

    @Test
    void repeatedSettlement_getsTheSameAnswer() throws Exception {
        pos.signOn("003");
        pos.send(sale(PAN, 10_000, PIN));
        ISOMsg settle = settlement("000000010000" + "001" + "000000000000" + "000");
        ISOMsg first = pos.send(settle);
        ISOMsg again = pos.send(settle);

        assertThat(first.getString(39)).isEqualTo("00");
        assertThat(again.getString(39)).isEqualTo("00");
        assertThat(again.getString(48)).isEqualTo(first.getString(48));
        assertThat(again.getString(37)).isEqualTo(first.getString(37));
    }

    @Test
    void settlement_unbalanced_answersCode2_thenBatchUploadReconciles() throws Exception {
        pos.signOn("003");
        ISOMsg sale = sale(PAN, 10_000, PIN);
        pos.send(sale);

        ISOMsg reply = pos.send(settlement("000000020000" + "002" + "000000000000" + "000"));
        assertThat(reply.getString(39)).isEqualTo("00");
        assertThat(reply.getString(48).charAt(30)).isEqualTo('2');

        ISOMsg upload = pos.message("0320");
        String entry = "00" + sale.getString(11) + String.format("%20s", PAN).replace(' ', '0') + "000000010000";
        String entry2 = "00" + "000099" + String.format("%20s", PAN).replace(' ', '0') + "000000010000";
        upload.set(48, "02" + entry + entry2);
        upload.set(60, "00" + pos.batch + "201");
        assertThat(pos.send(upload).getString(39)).isEqualTo("00");

        ISOMsg wrongTotal = pos.message("0320");
        wrongTotal.set(48, "0003");
        wrongTotal.set(60, "00" + pos.batch + "202");
        assertThat(pos.send(wrongTotal).getString(39)).isEqualTo("95");

        ISOMsg last = pos.message("0320");
        last.set(48, "0002");
        last.set(60, "00" + pos.batch + "207");
        ISOMsg lastReply = pos.send(last);
        assertThat(lastReply.getString(39)).isEqualTo("00");
        assertThat(lastReply.getString(48)).isEqualTo("0002");
    }

    @Test
    void wrongPin_55_thenTriesExceeded_75_evenWithTheRightPin() throws Exception {
        pos.signOn("003");
        assertThat(pos.send(sale(PAN, 100, "111111")).getString(39)).isEqualTo("55");
        assertThat(pos.send(sale(PAN, 100, "111111")).getString(39)).isEqualTo("55");
        assertThat(pos.send(sale(PAN, 100, "111111")).getString(39)).isEqualTo("75");
        assertThat(pos.send(sale(PAN, 100, PIN)).getString(39)).isEqualTo("75");
        assertThat(harness.balanceFen(PAN)).isEqualTo(BALANCE_FEN);

        // still locked late the same day in Shanghai (23:59), open again the next morning: tries count per day
        harness.clock.set(java.time.Instant.parse("2026-11-26T15:59:00Z"));
        assertThat(pos.send(sale(PAN, 100, PIN)).getString(39)).isEqualTo("75");
        harness.clock.set(java.time.Instant.parse("2026-11-27T01:00:00Z"));
        assertThat(pos.send(sale(PAN, 100, "111111")).getString(39)).isEqualTo("55"); // the first of the new day
        assertThat(pos.send(sale(PAN, 100, PIN)).getString(39)).isEqualTo("00");
        assertThat(harness.balanceFen(PAN)).isEqualTo(BALANCE_FEN - 100);
    }

    @Test
    void badMac_A0_withSignOnAgainInTheHeader() throws Exception {
        pos.signOn("003");
        ISOMsg m = sale(PAN, 100, PIN);
        pos.mac(m);
        byte[] mac = m.getBytes(64);
        mac[0] ^= 1;
        m.set(64, mac);
        ISOMsg reply = pos.exchange(m);

        assertThat(reply.getString(39)).isEqualTo("A0");
        assertThat(pos.processingRequirement()).isEqualTo(3);
        assertThat(harness.balanceFen(PAN)).isEqualTo(BALANCE_FEN);
    }

    @Test
    void wrongBatch_77_withSignOnAgain() throws Exception {
        pos.signOn("003");
        pos.batch = "000042";
        ISOMsg reply = pos.send(sale(PAN, 100, PIN));

        assertThat(reply.getString(39)).isEqualTo("77");
        assertThat(pos.processingRequirement()).isEqualTo(3);
    }

    @Test
    void repeatedSale_getsTheSameAnswer_andIsDebitedOnce() throws Exception {
        pos.signOn("003");
        ISOMsg sale = sale(PAN, 4_000, PIN);
        ISOMsg first = pos.send(sale);
        ISOMsg again = pos.send(sale);

        assertThat(again.getString(39)).isEqualTo("00");
        assertThat(again.getString(37)).isEqualTo(first.getString(37));
        assertThat(again.getString(38)).isEqualTo(first.getString(38));
        assertThat(harness.balanceFen(PAN)).isEqualTo(BALANCE_FEN - 4_000);
    }

    @Test
    void reusedTraceWithOtherContent_94() throws Exception {
        pos.signOn("003");
        ISOMsg sale = sale(PAN, 4_000, PIN);
        pos.send(sale);
        ISOMsg other = (ISOMsg) sale.clone();
        other.set(4, "000000004001");

        assertThat(pos.send(other).getString(39)).isEqualTo("94");
        assertThat(harness.balanceFen(PAN)).isEqualTo(BALANCE_FEN - 4_000);
    }

    @Test
    void cardChecks_14_54_61_51_99() throws Exception {
        pos.signOn("003");
        ISOMsg badLuhn = sale(PAN.substring(0, 18) + (char) ('0' + (PAN.charAt(18) - '0' + 1) % 10), 100, null);
        assertThat(pos.send(badLuhn).getString(39)).isEqualTo("14");
        assertThat(pos.send(sale(HostHarness.UNKNOWN_PAN, 100, null)).getString(39)).isEqualTo("14");
        ISOMsg expired = sale(HostHarness.EXPIRED_PAN, 100, null);
        expired.set(14, "2001");
        assertThat(pos.send(expired).getString(39)).isEqualTo("54");
        assertThat(pos.send(sale(PAN, 10_000_001, null)).getString(39)).isEqualTo("61");
        assertThat(pos.send(sale(HostHarness.POOR_PAN, 1_001, PIN)).getString(39)).isEqualTo("51");
        assertThat(pos.send(sale(HostHarness.POOR_PAN, 1_000, PIN)).getString(39)).isEqualTo("00");

        ISOMsg garbledPin = sale(PAN, 100, PIN);
        garbledPin.set(52, TerminalCrypto.ecb(true, pos.keys.pik(), TerminalCrypto.hex("7412345FFFFFFFFF")));
        ISOMsg reply = pos.send(garbledPin);
        assertThat(reply.getString(39)).isEqualTo("99");
        assertThat(pos.processingRequirement()).isEqualTo(3);
    }

    @Test
    void stoppedCards_41_43_62_beforeExpiryAndFunds_andNothingMoves() throws Exception {
        // stopped in the fleet store before the host first sees the cards: their first sale reads the status
        harness.db.jdbi().useHandle(h -> {
            h.execute("UPDATE card SET status = 'lost' WHERE pan_token = ?", harness.masterKey.panTokens().token(PAN));
            h.execute("UPDATE card SET status = 'stolen' WHERE pan_token = ?", harness.masterKey.panTokens().token(HostHarness.POOR_PAN));
            h.execute("UPDATE card SET status = 'blocked' WHERE pan_token = ?", harness.masterKey.panTokens().token(HostHarness.EXPIRED_PAN));
        });
        pos.signOn("003");
        assertThat(pos.send(sale(PAN, 100, PIN)).getString(39)).isEqualTo("41");
        // the same answer to a wrong PIN: a stopped card does not tell its holder which PIN is right
        assertThat(pos.send(sale(PAN, 100, "999999")).getString(39)).isEqualTo("41");
        assertThat(pos.send(sale(HostHarness.POOR_PAN, 1_000_000, null)).getString(39)).isEqualTo("43");
        ISOMsg expired = sale(HostHarness.EXPIRED_PAN, 100, null);
        expired.set(14, "2001");
        assertThat(pos.send(expired).getString(39)).isEqualTo("62");
        assertThat(harness.balanceFen(PAN)).isEqualTo(BALANCE_FEN);
        // the statuses are re-read in the background; a failing re-read would show here
        assertThat(harness.registry.scrape()).contains("posnet_host_cache_reload_failures_total{cache=\"card-statuses\"} 0.0",
                "posnet_host_cache_reload_failures_total{cache=\"terminals\"} 0.0",
                "posnet_host_cache_reload_failures_total{cache=\"parameter-versions\"} 0.0");
    }
}
