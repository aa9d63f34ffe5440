package org.posnet.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.posnet.host.HostHarness.BALANCE_FEN;
import static org.posnet.host.HostHarness.MERCHANT;
import static org.posnet.host.HostHarness.PAN;
import static org.posnet.host.HostHarness.PIN;
import static org.posnet.host.HostHarness.TERMINAL;
import static org.posnet.host.HostHarness.TMK;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.posnet.common.db.TestDatabases;
import org.posnet.host.auth.HostState;
import org.posnet.host.auth.Reason;
import org.posnet.host.auth.RequestKey;
import org.posnet.host.hsm.KeyScheme;
import org.posnet.host.iso.IsoCodec;
import org.posnet.host.iso.IsoFrame;
import org.posnet.host.iso.IsoMessage;
import org.posnet.host.ledger.Account;
import org.posnet.host.ledger.AccountKind;
import org.posnet.host.link.IssuerModeConfig;
import org.posnet.host.link.LinkConfig;
import org.posnet.host.link.RemoteIssuerConfig;
import org.posnet.host.link.RemoteIssuers;

/**
 * Two hosts on loopback: an acquirer whose fleet has no cards and routes BIN 622202 to a remote issuer,
 * and an issuer-mode host owning the card. A delaying proxy between them plays the slow or dead issuer.
 */
class IssuerLinkTest {
    static final String ZPK = "4A4A4A4A4A4A4A4AE5E5E5E5E5E5E5E5";
    static final String ZONE_MAK = "0F1E2D3C4B5A69788796A5B4C3D2E1F0";

    private HostHarness issuer;
    private HostHarness acquirer;
    private DelayProxy proxy;
    private JposTerminal pos;

    @AfterEach
    void stop() throws Exception {
        HostHarness.stopAll(pos, acquirer, issuer);
        if (proxy != null) {
            proxy.close();
        }
    }

    private void start(Duration timeout) throws Exception {
        issuer = new HostHarness(TestDatabases.h2(), HostConfig.defaults().withPort(0), HostHarness.fleetYaml(),
                new LinkConfig(new IssuerModeConfig("127.0.0.1", 0, ZPK, ZONE_MAK, KeyScheme.TDES_2KEY, null), List.of()));
        proxy = new DelayProxy(issuer.host.issuerPort());
        startAcquirer(RemoteIssuerConfig.of("issuer-a", List.of("622202"), "127.0.0.1", proxy.port(), ZPK, ZONE_MAK,
                KeyScheme.TDES_2KEY, "48160000").withTimings(timeout, Duration.ofMillis(200), Duration.ofMillis(400)));
    }

    private void startAcquirer(RemoteIssuerConfig link) throws Exception {
        // the acquirer's fleet is the same terminals and merchants without any card: every card is someone else's
        String fleet = HostHarness.fleetYaml();
        fleet = fleet.substring(0, fleet.indexOf("cards:"));
        acquirer = new HostHarness(TestDatabases.h2(), HostConfig.defaults().withPort(0), fleet,
                new LinkConfig(null, List.of(link)));
        pos = new JposTerminal(acquirer.port(), TERMINAL, MERCHANT, TMK);
        assertThat(pos.signOn("003").getString(39)).isEqualTo("00");
    }

    private ISOMsg sale(long amountFen, String pin) throws Exception {
        return Trades.sale(pos, PAN, pin, amountFen);
    }

    private long issuerBalance() {
        return issuer.balanceFen(PAN);
    }

    private Map<String, Integer> reversals() {
        return acquirer.host.linkReversals().get("issuer-a");
    }

    @Test
    void remoteSale_isApprovedByTheIssuer_andAWrongPinIsRefusedThere() throws Exception {
        start(Duration.ofSeconds(5));
        ISOMsg reply = pos.send(sale(12_345, PIN));
        assertThat(reply.getString(39)).isEqualTo("00");
        assertThat(reply.getString(38)).hasSize(6);
        assertThat(issuerBalance()).isEqualTo(BALANCE_FEN - 12_345);

        ISOMsg wrong = pos.send(sale(100, "111111"));
        assertThat(wrong.getString(39)).as("the issuer checked the PIN under the ZPK").isEqualTo("55");
        assertThat(issuerBalance()).isEqualTo(BALANCE_FEN - 12_345);
        await(() -> Map.of("DONE", 2).equals(reversals()), "both answers settled without reversal");

        // the stored 0420 advices (field 2 in them) are sealed under the master key, not the card number in clear hex
        List<String> advices = acquirer.db.jdbi().withHandle(h -> h.createQuery("SELECT advice FROM host_link_reversal")
                .mapTo(String.class).list());
        assertThat(advices).hasSize(2).allSatisfy(a -> assertThat(a).startsWith("lmk1:").doesNotContain(PAN));

        // the acquirer's book: the issuer behind the link owes the sale; no account for another bank's cardholder
        await(() -> acquirer.host.ledger().books().balance(Account.remoteIssuer("issuer-a")) == 12_345, "the acquirer posted the sale");
        assertThat(acquirer.host.ledger().books().balance(AccountKind.CARDHOLDER)).isZero();
        assertThat(acquirer.host.ledger().check().balanced()).isTrue();
        // the issuer's book: its cardholder's deposit pays what it now owes the acquirer (field 32); the merchant,
        // its fee and the reserve are the acquirer's business, not the issuer's
        await(() -> issuer.host.ledger().books().balance(Account.cardholder(issuer.masterKey.panTokens().token(PAN))) == 12_345, "the issuer posted the sale");
        assertThat(issuer.host.ledger().books().balance(Account.remoteAcquirer("48160000"))).isEqualTo(-12_345);
        for (AccountKind kind : new AccountKind[] {AccountKind.MERCHANT_PAYABLE, AccountKind.FEE_INCOME, AccountKind.RESERVE_CUSTODY,
            AccountKind.REMOTE_ISSUER}) {
            assertThat(issuer.host.ledger().books().balance(kind)).as("the issuer's %s", kind).isZero();
        }
    }

    @Test
    void aCardTheIssuerStopped_is41AtTheTerminal_beforeItsPin_andNothingMoves() throws Exception {
        start(Duration.ofSeconds(5));
        issuer.db.jdbi().useHandle(h -> h.execute("UPDATE card SET status = 'lost' WHERE pan_token = ?", issuer.masterKey.panTokens().token(PAN)));
        assertThat(pos.send(sale(100, "111111")).getString(39)).as("the issuer's answer, through the acquirer").isEqualTo("41");
        assertThat(pos.send(sale(100, PIN)).getString(39)).isEqualTo("41");
        assertThat(issuerBalance()).isEqualTo(BALANCE_FEN);
        await(() -> Map.of("DONE", 2).equals(reversals()), "both answers settled without reversal");
    }

    @Test
    void slowIssuer_terminalGets98_lateApprovalApprovesNothing_repeated0420RestoresTheBalanceOnce() throws Exception {
        start(Duration.ofMillis(400));
        proxy.replyDelayMillis = 1_500;
        ISOMsg sale = sale(20_000, PIN);
        long started = System.nanoTime();
        ISOMsg reply = pos.send(sale);
        assertThat(reply.getString(39)).isEqualTo("98");
        assertThat(System.nanoTime() - started).isLessThan(Duration.ofMillis(1_400).toNanos());
        // the issuer approved (its reply is only late) and will keep getting the identical 0420 that times out;
        // its balance shows the sale only until the first 0420 arrives, its ledger keeps it
        await(() -> issuerLedgerTxns() >= 1, "the issuer approved the late sale");
        Thread.sleep(1_500);
        RequestKey key = new RequestKey("0200", TERMINAL, MERCHANT, pos.batch, sale.getString(11));
        assertThat((Object) acquirer.host.authorizer().<Reason>read(s -> s.answer(key).reason()))
                .as("the late 0210 approved nothing at the acquirer").isEqualTo(Reason.ISSUER_UNAVAILABLE);
        assertThat(reversals()).containsEntry("PENDING", 1);

        proxy.replyDelayMillis = 0;
        await(() -> Map.of("ACKED", 1).equals(reversals()), "the 0420 acknowledged");
        assertThat(issuerBalance()).as("restored exactly once").isEqualTo(BALANCE_FEN);
        ISOMsg again = pos.send(sale(1_000, PIN));
        assertThat(again.getString(39)).isEqualTo("00");
        assertThat(issuerBalance()).isEqualTo(BALANCE_FEN - 1_000);
    }

    @Test
    void terminalReversalOfARemoteSale_isForwardedAs0420() throws Exception {
        start(Duration.ofSeconds(5));
        ISOMsg sale = sale(30_000, PIN);
        assertThat(pos.send(sale).getString(39)).isEqualTo("00");
        assertThat(issuerBalance()).isEqualTo(BALANCE_FEN - 30_000);
        ISOMsg reversal = pos.message("0400");
        reversal.set(2, PAN);
        reversal.set(3, "000000");
        reversal.set(4, sale.getString(4));
        reversal.set(11, sale.getString(11));
        reversal.set(22, "021");
        reversal.set(25, "00");
        reversal.set(49, "156");
        reversal.set(60, sale.getString(60));
        assertThat(pos.send(reversal).getString(39)).isEqualTo("00");
        await(() -> issuerBalance() == BALANCE_FEN, "the issuer reversed it");
        await(() -> Map.of("ACKED", 1).equals(reversals()), "the 0420 acknowledged");
    }

    @Test
    void acquirerRestart_withAPending0420_stillDeliversIt() throws Exception {
        start(Duration.ofMillis(300));
        proxy.replyDelayMillis = 60_000;
        assertThat(pos.send(sale(5_000, PIN)).getString(39)).isEqualTo("98");
        await(() -> issuerLedgerTxns() >= 1, "the issuer approved the sale nobody heard of");
        pos.close();
        pos = null;
        acquirer.host.close();
        proxy.dropConnections();
        proxy.replyDelayMillis = 0;
        acquirer.start();
        await(() -> Map.of("ACKED", 1).equals(reversals()), "the 0420 delivered after the restart");
        assertThat(issuerBalance()).isEqualTo(BALANCE_FEN);
    }

    @Test
    void pinIsTranslatedToTheZpk_asAnIndependentIssuerReadsIt() throws Exception {
        AtomicReference<IsoMessage> seen = new AtomicReference<>();
        IsoCodec link = new IsoCodec(RemoteIssuers.linkDialect());
        try (FakeIssuer fake = new FakeIssuer(link, seen)) {
            startAcquirer(RemoteIssuerConfig.of("issuer-a", List.of("6222"), "127.0.0.1", fake.port(), ZPK, null,
                    KeyScheme.TDES_2KEY, "48160000"));
            ISOMsg reply = pos.send(sale(777, PIN));
            assertThat(reply.getString(39)).isEqualTo("00");
            IsoMessage forwarded = seen.get();
            assertThat(forwarded.mti()).isEqualTo("0200");
            assertThat(forwarded.string(2)).isEqualTo(PAN);
            assertThat(forwarded.string(32)).isEqualTo("48160000");
            assertThat(forwarded.has(64)).as("no zone MAK, no MAC").isFalse();
            // format 0 of PIN and PAN under the ZPK, computed with JCE, not the HSM
            byte[] expected = TerminalCrypto.pinBlock(TerminalCrypto.hex(ZPK), PIN, PAN);
            assertThat(forwarded.bytes(52)).isEqualTo(expected);
            assertThat(forwarded.bytes(52)).isNotEqualTo(sale(777, PIN).getBytes(52));
            await(() -> Map.of("DONE", 1).equals(reversals()), "approved, no reversal owed");
        } finally {
            acquirer.close();
            acquirer.tdb.close();
            acquirer = null;
        }
    }

    // ------------------------------------------------------------------ every forwarded type

    private ISOMsg inquiry(String pin) throws Exception {
        ISOMsg m = pos.message("0200");
        m.set(2, PAN);
        m.set(3, "310000");
        m.set(14, "2812");
        m.set(22, "021");
        m.set(25, "00");
        m.set(26, "06");
        m.set(49, "156");
        m.set(52, pos.pinBlock(pin, PAN));
        m.set(53, "2600000000000000");
        m.set(60, "01" + pos.batch + "000");
        return m;
    }

    private long issuerHeld() {
        return issuer.heldFen(PAN);
    }

    private HostState.Totals acquirerTotals() {
        return acquirer.host.authorizer().read(s -> s.totals(TERMINAL, pos.batch));
    }

    /** Ledger transactions the issuer has stored (posting runs on the ledger's own thread: await it). */
    private long issuerLedgerTxns() {
        return issuer.host.ledger().check().transactions();
    }

    @Test
    void remoteBalanceInquiry_answersTheIssuersAvailableBalance_andOwesNoReversal() throws Exception {
        start(Duration.ofSeconds(5));
        assertThat(pos.send(sale(12_345, PIN)).getString(39)).isEqualTo("00");
        ISOMsg reply = pos.send(inquiry(PIN));
        assertThat(reply.getString(39)).isEqualTo("00");
        assertThat(reply.getString(54)).isEqualTo("1002156C" + String.format("%012d", BALANCE_FEN - 12_345));
        assertThat(issuerBalance()).isEqualTo(BALANCE_FEN - 12_345);
        assertThat(pos.send(inquiry("111111")).getString(39)).as("the issuer checked the PIN").isEqualTo("55");
        await(() -> Map.of("DONE", 1, "INQUIRY", 2).equals(reversals()), "inquiries numbered, never reversed");
    }

    @Test
    void remoteSaleVoid_restoresTheIssuersBalance_andARepeatIsAnsweredFromTheAcquirersJournal() throws Exception {
        start(Duration.ofSeconds(5));
        ISOMsg sale = sale(25_000, PIN);
        ISOMsg saleReply = pos.send(sale);
        assertThat(saleReply.getString(39)).isEqualTo("00");
        ISOMsg voidRequest = Trades.referring(pos, PAN, "0200", "200000", "23", 25_000, sale, saleReply);
        ISOMsg voided = pos.send(voidRequest);
        assertThat(voided.getString(39)).isEqualTo("00");
        assertThat(voided.getString(37)).as("the terminal's RRN of the sale").isEqualTo(saleReply.getString(37));
        assertThat(issuerBalance()).isEqualTo(BALANCE_FEN);
        assertThat(acquirerTotals()).as("settlement counts the sale and its void")
                .isEqualTo(new HostState.Totals(25_000, 1, 25_000, 1));

        ISOMsg again = pos.send(voidRequest);
        assertThat(again.getString(39)).isEqualTo("00");
        assertThat(issuerBalance()).isEqualTo(BALANCE_FEN);
        await(() -> Map.of("DONE", 2).equals(reversals()), "the repeat did not go out again");
        assertThat(pos.send(Trades.referring(pos, PAN, "0200", "200000", "23", 25_000, sale, saleReply)).getString(39))
                .as("a second void of a voided sale").isEqualTo("25");
    }

    @Test
    void remoteRefund_creditsTheCardAtTheIssuer_withinWhatIsLeft() throws Exception {
        start(Duration.ofSeconds(5));
        ISOMsg sale = sale(30_000, PIN);
        ISOMsg saleReply = pos.send(sale);
        assertThat(saleReply.getString(39)).isEqualTo("00");
        ISOMsg refund = pos.send(Trades.referring(pos, PAN, "0220", "200000", "25", 10_000, sale, saleReply));
        assertThat(refund.getString(39)).isEqualTo("00");
        assertThat(issuerBalance()).isEqualTo(BALANCE_FEN - 20_000);
        assertThat(pos.send(Trades.referring(pos, PAN, "0220", "200000", "25", 25_000, sale, saleReply)).getString(39))
                .as("more than is left of the sale: refused at the acquirer").isEqualTo("61");
        assertThat(acquirerTotals()).isEqualTo(new HostState.Totals(30_000, 1, 10_000, 1));
        await(() -> Map.of("DONE", 2).equals(reversals()), "one forwarded refund, nothing owed");
    }

    @Test
    void remotePreAuth_holdsTheAmountAtTheIssuer() throws Exception {
        start(Duration.ofSeconds(5));
        ISOMsg reply = pos.send(Trades.preAuth(pos, PAN, 50_000));
        assertThat(reply.getString(39)).isEqualTo("00");
        assertThat(reply.getString(38)).hasSize(6);
        assertThat(issuerHeld()).isEqualTo(50_000);
        assertThat(issuerBalance()).isEqualTo(BALANCE_FEN);
        assertThat(pos.send(Trades.preAuth(pos, PAN, BALANCE_FEN)).getString(39))
                .as("the issuer's funds check counts the hold").isEqualTo("51");
        assertThat(issuerHeld()).isEqualTo(50_000);
        assertThat(acquirerTotals()).as("pre-auths count for nothing").isEqualTo(new HostState.Totals(0, 0, 0, 0));
    }

    @Test
    void remotePreAuthVoid_releasesTheHoldAtTheIssuer() throws Exception {
        start(Duration.ofSeconds(5));
        ISOMsg preAuth = Trades.preAuth(pos, PAN, 50_000);
        ISOMsg preAuthReply = pos.send(preAuth);
        assertThat(preAuthReply.getString(39)).isEqualTo("00");
        ISOMsg voided = pos.send(Trades.referring(pos, PAN, "0100", "200000", "11", 50_000, preAuth, preAuthReply));
        assertThat(voided.getString(39)).isEqualTo("00");
        assertThat(issuerHeld()).isZero();
        assertThat(issuerBalance()).isEqualTo(BALANCE_FEN);
        await(() -> Map.of("DONE", 2).equals(reversals()), "nothing owed");
    }

    @Test
    void remoteCompletion_takesThePreAuthAtTheIssuer_quotingTheIssuersAuthorizationCode() throws Exception {
        start(Duration.ofSeconds(5));
        ISOMsg preAuth = Trades.preAuth(pos, PAN, 50_000);
        ISOMsg preAuthReply = pos.send(preAuth);
        assertThat(preAuthReply.getString(39)).isEqualTo("00");
        ISOMsg wrongCode = Trades.referring(pos, PAN, "0200", "000000", "20", 40_000, preAuth, preAuthReply);
        wrongCode.set(38, "999999".equals(preAuthReply.getString(38)) ? "999998" : "999999");
        assertThat(pos.send(wrongCode).getString(39)).as("another authorization code").isEqualTo("25");
        ISOMsg completion = pos.send(Trades.referring(pos, PAN, "0200", "000000", "20", 40_000, preAuth, preAuthReply));
        assertThat(completion.getString(39)).isEqualTo("00");
        assertThat(issuerHeld()).isZero();
        assertThat(issuerBalance()).isEqualTo(BALANCE_FEN - 40_000);
        assertThat(acquirerTotals()).isEqualTo(new HostState.Totals(40_000, 1, 0, 0));
        await(() -> issuerLedgerTxns() == 1, "the issuer posted the completion (the pre-auth posts nothing)");
    }

    @Test
    void remoteCompletionVoid_withoutCardData_givesTheHoldBackAtTheIssuer() throws Exception {
        start(Duration.ofSeconds(5));
        ISOMsg preAuth = Trades.preAuth(pos, PAN, 50_000);
        ISOMsg preAuthReply = pos.send(preAuth);
        ISOMsg completion = Trades.referring(pos, PAN, "0200", "000000", "20", 40_000, preAuth, preAuthReply);
        ISOMsg completionReply = pos.send(completion);
        assertThat(completionReply.getString(39)).isEqualTo("00");
        ISOMsg voidRequest = Trades.referring(pos, PAN, "0200", "200000", "21", 40_000, completion, completionReply);
        voidRequest.unset(2); // a void may name only its original: the acquirer finds the card in its journal
        assertThat(pos.send(voidRequest).getString(39)).isEqualTo("00");
        assertThat(issuerBalance()).isEqualTo(BALANCE_FEN);
        assertThat(issuerHeld()).as("the pre-auth is an open hold again").isEqualTo(50_000);
        assertThat(acquirerTotals()).isEqualTo(new HostState.Totals(40_000, 1, 40_000, 1));
        await(() -> Map.of("DONE", 3).equals(reversals()), "nothing owed");
    }

    @Test
    void terminalReversalOfARemotePreAuth_isForwardedAs0420_andReleasesTheHold() throws Exception {
        start(Duration.ofSeconds(5));
        ISOMsg preAuth = Trades.preAuth(pos, PAN, 60_000);
        assertThat(pos.send(preAuth).getString(39)).isEqualTo("00");
        assertThat(issuerHeld()).isEqualTo(60_000);
        assertThat(pos.send(Trades.reversalOf(preAuth)).getString(39)).isEqualTo("00");
        assertThat(acquirer.heldFen(PAN)).as("undone at the acquirer").isZero();
        await(() -> issuerHeld() == 0, "the issuer reversed the pre-auth");
        await(() -> Map.of("ACKED", 1).equals(reversals()), "the 0420 acknowledged");
        assertThat(issuerBalance()).isEqualTo(BALANCE_FEN);
    }

    @Test
    void slowIssuer_onARefund_terminalGets98_andThe0420UndoesTheLateRefundOnce() throws Exception {
        start(Duration.ofMillis(400));
        ISOMsg sale = sale(30_000, PIN);
        ISOMsg saleReply = pos.send(sale);
        assertThat(saleReply.getString(39)).isEqualTo("00");
        proxy.replyDelayMillis = 1_500;
        ISOMsg refund = Trades.referring(pos, PAN, "0220", "200000", "25", 10_000, sale, saleReply);
        assertThat(pos.send(refund).getString(39)).isEqualTo("98");
        assertThat(acquirerTotals()).as("the 98 counts for nothing").isEqualTo(new HostState.Totals(30_000, 1, 0, 0));
        await(() -> Integer.valueOf(1).equals(reversals().get("PENDING")), "a 0420 owed for the refund");
        Thread.sleep(1_000); // the identical 0420 goes out again while its 0430s are late
        assertThat(reversals()).containsEntry("PENDING", 1);
        proxy.replyDelayMillis = 0;
        await(() -> Map.of("DONE", 1, "ACKED", 1).equals(reversals()), "the refund's 0420 acknowledged");
        assertThat(issuerBalance()).as("the refund undone exactly once").isEqualTo(BALANCE_FEN - 30_000);
        await(() -> issuerLedgerTxns() == 3, "the issuer posted the sale, the late refund and its reversal");
        assertThat(pos.send(refund).getString(39)).as("a repeat gets its 98 again").isEqualTo("98");
        ISOMsg again = pos.send(Trades.referring(pos, PAN, "0220", "200000", "25", 30_000, sale, saleReply));
        assertThat(again.getString(39)).as("the whole sale is refundable again at both ends").isEqualTo("00");
        assertThat(issuerBalance()).isEqualTo(BALANCE_FEN);
    }

    /** Waits up to 10 s for {@code condition}, failing with {@code what}. */
    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    /** A TCP proxy to the issuer that holds each reply chunk back by {@link #replyDelayMillis}. */
    static final class DelayProxy implements AutoCloseable {
        volatile long replyDelayMillis;
        private final ServerSocket server = new ServerSocket(0);
        private final List<Socket> open = new java.util.concurrent.CopyOnWriteArrayList<>();

        DelayProxy(int upstreamPort) throws IOException {
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket client = server.accept();
                        Socket upstream = new Socket("127.0.0.1", upstreamPort);
                        open.add(client);
                        open.add(upstream);
                        pump(client.getInputStream(), upstream.getOutputStream(), false);
                        pump(upstream.getInputStream(), client.getOutputStream(), true);
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "delay-proxy");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void pump(InputStream in, OutputStream out, boolean delayed) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[4096];
                try {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        if (delayed && replyDelayMillis > 0) {
                            Thread.sleep(replyDelayMillis);
                        }
                        out.write(buf, 0, n);
                        out.flush();
                    }
                } catch (IOException | InterruptedException e) {
                    // connection gone
                }
            });
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        void dropConnections() throws IOException {
            for (Socket s : open) {
                s.close();
            }
            open.clear();
        }

        @Override
        public void close() throws IOException {
            server.close();
            dropConnections();
        }
    }

    /** An issuer written for the test: approves every 0200 and keeps what it received. */
    static final class FakeIssuer implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0);

        FakeIssuer(IsoCodec codec, AtomicReference<IsoMessage> seen) throws IOException {
            Thread t = new Thread(() -> {
                try (Socket s = server.accept()) {
                    DataInputStream in = new DataInputStream(s.getInputStream());
                    while (true) {
                        int length = in.readUnsignedShort();
                        byte[] frame = new byte[length + 2];
                        frame[0] = (byte) (length >> 8);
                        frame[1] = (byte) length;
                        in.readFully(frame, 2, length);
                        IsoFrame request = codec.decode(frame);
                        seen.set(request.message());
                        IsoMessage reply = request.message().without(52).without(26).without(53).withMti("0210")
                                .with(38, "123456").with(39, "00");
                        s.getOutputStream().write(codec.encode(request.reply(reply, org.posnet.host.iso.ProcessingRequirement.NONE)));
                    }
                } catch (Exception e) {
                    // closed by the test
                }
            });
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
