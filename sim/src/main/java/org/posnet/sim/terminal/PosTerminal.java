package org.posnet.sim.terminal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.posnet.host.iso.Dialect;
import org.posnet.host.iso.IsoCodec;
import org.posnet.host.iso.IsoDecodeException;
import org.posnet.host.iso.IsoFrame;
import org.posnet.host.iso.IsoMessage;
import org.posnet.host.iso.MessageHeader;
import org.posnet.host.iso.Tpdu;

/**
 * A UnionPay-style POS terminal over TCP, one request at a time as real terminals work: sign-on (keys
 * from field 62, check values checked), sale with PIN and MAC, balance inquiry, void, refund, pre-auth
 * and completion, reversal on timeout, settlement with batch upload. Every reply is checked (MTI, trace,
 * terminal, MAC after sign-on) and a reply that fails a check throws {@link TerminalProtocolException}.
 *
 * <p>Reversal as terminals do it: a reversible request (0200/0100 financial) that gets no reply within
 * the timeout leaves a pending 0400; the terminal sends it at once and, until the host has answered it,
 * before anything else. Not thread-safe: one terminal, one thread.
 */
public final class PosTerminal implements AutoCloseable {
    /** To the host at NII 0001 from NII 0123, as the bank's terminal parameters say. */
    public static final Tpdu TPDU = Tpdu.of(0x0001, 0x0123);
    /** Magstripe application 60, software 31, status 0, no processing requirement, sub-version 000000. */
    public static final MessageHeader HEADER = new MessageHeader("603100000000");
    private static final int REVERSAL_ATTEMPTS = 3;

    private final TerminalIdentity identity;
    private final InetSocketAddress host;
    private final Duration timeout;
    private final IsoCodec codec;
    private final BatchBook book = new BatchBook();
    private FramedLink link;
    private WorkingKeys keys;
    private MacSigner signer;
    private String batch = "000000";
    private int trace;
    private IsoMessage pendingReversal;
    private MessageHeader lastReplyHeader;
    private TerminalParameters parameters;
    /** Set while downloading, so the replies of the download itself do not start another one. */
    private boolean downloading;

    public PosTerminal(TerminalIdentity identity, InetSocketAddress host, Duration timeout) {
        this(identity, host, timeout, new IsoCodec(Dialect.unionPayPos()));
    }

    public PosTerminal(TerminalIdentity identity, InetSocketAddress host, Duration timeout, IsoCodec codec) {
        this.identity = identity;
        this.host = host;
        this.timeout = timeout;
        this.codec = codec;
    }

    public TerminalIdentity identity() {
        return identity;
    }

    /** The batch (60.2) the last sign-on assigned. */
    public String batch() {
        return batch;
    }

    public WorkingKeys keys() {
        return keys;
    }

    public BatchBook book() {
        return book;
    }

    /** Header of the last reply (its processing-requirement digit tells the terminal to sign on again etc.). */
    public MessageHeader lastReplyHeader() {
        return lastReplyHeader;
    }

    /** The parameters last downloaded, or null before the first download. */
    public TerminalParameters parameters() {
        return parameters;
    }

    /** A reversal still waiting for the host's 0410, or null. */
    public IsoMessage pendingReversal() {
        return pendingReversal;
    }

    /** The trace (field 11) the next request will carry; terminals start at 1 and wrap after 999999. */
    public String nextTrace() {
        trace = trace % 999_999 + 1;
        return String.format("%06d", trace);
    }

    /** Sets the trace counter, as a terminal restored from its saved parameters does. */
    public void continueTraceAfter(int lastTrace) {
        trace = lastTrace;
    }

    // ------------------------------------------------------------------ transactions

    /** 签到 with layout {@code networkCode} (001/003/004): keeps the batch and the checked working keys. */
    public Exchange signOn(String networkCode) throws IOException, TerminalProtocolException, KeyCheckException {
        Exchange ex = exchange(Requests.signOn(identity, nextTrace(), batch, networkCode), false);
        if (ex.approved()) {
            keys = WorkingKeys.unwrap(identity.tmk(), ex.reply().bytes(62));
            signer = new MacSigner(codec, keys.mak(), identity.mac());
            batch = ex.reply().string(60).substring(2, 8);
            book.clear();
        }
        return obey(ex);
    }

    /**
     * 参数下载: asks part after part (0800 360) until the flag says last, keeps the set, and tells the host
     * which version it holds now (0800 361). A set whose version changes between parts is started over.
     */
    public TerminalParameters downloadParameters() throws IOException, TerminalProtocolException {
        downloading = true;
        try {
            for (int restarts = 0; restarts < 3; restarts++) {
                TerminalParameters got = downloadOnce();
                if (got != null) {
                    Exchange end = exchange(Requests.parameterDownloadEnd(identity, nextTrace(), batch, got.version()), false);
                    if (!end.approved()) {
                        throw new TerminalProtocolException("parameter download end answered " + end.code());
                    }
                    parameters = got;
                    return got;
                }
            }
            throw new TerminalProtocolException("parameter set kept changing during the download");
        } finally {
            downloading = false;
        }
    }

    /** One pass over the parts; null when the version changed between parts. */
    private TerminalParameters downloadOnce() throws IOException, TerminalProtocolException {
        java.util.Map<Integer, byte[]> values = new java.util.LinkedHashMap<>();
        Long version = null;
        for (int part = 0; part < 100; part++) {
            Exchange ex = exchange(Requests.parameterDownload(identity, nextTrace(), batch, part), false);
            if (ex.timedOut() || !ex.approved() || !ex.reply().has(62)) {
                throw new TerminalProtocolException("parameter download part " + part + " answered "
                        + (ex.timedOut() ? "nothing" : ex.code()));
            }
            byte[] f62 = ex.reply().bytes(62);
            java.util.Map<Integer, byte[]> items = TerminalParameters.tlv(f62, 1);
            byte[] v = items.remove(1);
            byte[] p = items.remove(2);
            if (v == null || p == null || Integer.parseInt(new String(p, java.nio.charset.StandardCharsets.US_ASCII)) != part) {
                throw new TerminalProtocolException("parameter part " + part + " lacks its version or part number");
            }
            long partVersion = Long.parseLong(new String(v, java.nio.charset.StandardCharsets.US_ASCII));
            if (version != null && version != partVersion) {
                return null;
            }
            version = partVersion;
            values.putAll(items);
            if (f62[0] == '0') {
                return new TerminalParameters(version, values);
            }
        }
        throw new TerminalProtocolException("parameter download did not end within 100 parts");
    }

    /** 状态上送 (0820 362) with the parameter version held (none before the first download). */
    public Exchange uploadStatus(TerminalStatus status) throws IOException, TerminalProtocolException {
        return exchange(Requests.statusUpload(identity, nextTrace(), batch, parameters == null ? -1 : parameters.version(),
                status), false);
    }

    /** Does what the last reply's header asked, where the simulator can: download parameters (1). */
    private Exchange obey(Exchange ex) throws IOException, TerminalProtocolException {
        if (!downloading && !ex.timedOut() && lastReplyHeader != null && lastReplyHeader.processingRequirementDigit() == 1) {
            downloadParameters();
        }
        return ex;
    }

    public Exchange sale(Card card, long fen) throws IOException, TerminalProtocolException {
        return financial(Requests.sale(identity, nextTrace(), batch, card, fen, pinBlock(card)));
    }

    public Exchange balanceInquiry(Card card) throws IOException, TerminalProtocolException {
        return financial(Requests.balanceInquiry(identity, nextTrace(), batch, card, pinBlock(card)));
    }

    public Exchange preAuth(Card card, long fen) throws IOException, TerminalProtocolException {
        return financial(Requests.preAuth(identity, nextTrace(), batch, card, fen, pinBlock(card)));
    }

    public Exchange voidSale(Exchange sale) throws IOException, TerminalProtocolException {
        return referring(Requests.Kind.SALE_VOID, amountOf(sale), sale);
    }

    public Exchange refund(Exchange sale, long fen) throws IOException, TerminalProtocolException {
        return referring(Requests.Kind.REFUND, fen, sale);
    }

    public Exchange completion(Exchange preAuth, long fen) throws IOException, TerminalProtocolException {
        return referring(Requests.Kind.COMPLETION, fen, preAuth);
    }

    public Exchange voidCompletion(Exchange completion) throws IOException, TerminalProtocolException {
        return referring(Requests.Kind.COMPLETION_VOID, amountOf(completion), completion);
    }

    public Exchange voidPreAuth(Exchange preAuth) throws IOException, TerminalProtocolException {
        return referring(Requests.Kind.PRE_AUTH_VOID, amountOf(preAuth), preAuth);
    }

    /** 批结算 with the terminal's own totals; when the host says unbalanced, uploads the batch (0320). */
    public Settlement settle() throws IOException, TerminalProtocolException {
        return settle(book.totals());
    }

    /**
     * Settlement claiming {@code claimed} totals — a terminal whose records disagree with the host's
     * (a lost record after a power cut) claims other totals than the host counted; the upload follows.
     */
    public Settlement settle(BatchTotals claimed) throws IOException, TerminalProtocolException {
        Exchange settled = exchange(Requests.settlement(identity, nextTrace(), batch, claimed), true);
        if (!settled.approved()) {
            return new Settlement(settled, false, null);
        }
        boolean balanced = settled.reply().string(48).charAt(30) == '1';
        Exchange last = null;
        if (!balanced) {
            java.util.List<BatchBook.Entry> entries = book.entries();
            for (int from = 0; from < entries.size(); from += 8) {
                Exchange part = exchange(Requests.uploadEntries(identity, nextTrace(), batch,
                        entries.subList(from, Math.min(entries.size(), from + 8))), true);
                if (!part.approved()) {
                    return new Settlement(settled, false, part);
                }
            }
            last = exchange(Requests.uploadEnd(identity, nextTrace(), batch, entries.size()), true);
        }
        book.clear();
        return new Settlement(settled, balanced, last);
    }

    /** What settlement came to: the 0510, whether balanced, and (if not) the last 0330 of the upload. */
    public record Settlement(Exchange settlement, boolean balanced, Exchange uploadEnd) {
        /** The batch is reconciled: balanced at once, or uploaded and acknowledged with 00. */
        public boolean reconciled() {
            return settlement.approved() && (balanced || uploadEnd != null && uploadEnd.approved());
        }
    }

    // ------------------------------------------------------------------ plumbing

    private byte[] pinBlock(Card card) {
        requireSignedOn();
        return PinBlock.format0(keys.pik(), card.pin(), card.pan());
    }

    private static long amountOf(Exchange original) {
        return Long.parseLong(original.request().string(4));
    }

    private Exchange referring(Requests.Kind kind, long fen, Exchange original) throws IOException, TerminalProtocolException {
        requireSignedOn();
        return financial(Requests.referring(kind, identity, nextTrace(), batch, fen, original));
    }

    private void requireSignedOn() {
        if (keys == null) {
            throw new IllegalStateException("terminal " + identity.terminalId() + " must sign on first");
        }
    }

    /** A MACed financial request: a pending reversal goes first; a timeout leaves this one to reverse. */
    private Exchange financial(IsoMessage request) throws IOException, TerminalProtocolException {
        flushPendingReversal();
        Exchange ex = exchange(request, true);
        if (ex.approved()) {
            book.approved(ex.request());
        }
        if (!ex.timedOut()) {
            return obey(ex);
        }
        pendingReversal = signer.sign(Requests.reversalOf(ex.request()));
        IsoMessage reversalReply = flushPendingReversal();
        return new Exchange(ex.request(), null, reversalReply);
    }

    /** Sends the pending reversal until the host answers it (bounded); returns the 0410 or null. */
    private IsoMessage flushPendingReversal() throws IOException, TerminalProtocolException {
        for (int attempt = 0; pendingReversal != null && attempt < REVERSAL_ATTEMPTS; attempt++) {
            Exchange ex = exchange(pendingReversal, true);
            if (!ex.timedOut()) {
                IsoMessage original = pendingReversal;
                pendingReversal = null;
                if (ex.approved()) {
                    book.reversed(original);
                }
                return ex.reply();
            }
        }
        return null;
    }

    /**
     * Sends and waits for the matching reply. A late reply to an earlier request (other MTI or trace) is
     * skipped, as a terminal drops answers to requests it already reversed. A timeout drops the
     * connection (the next request dials again) and comes back as an exchange without a reply.
     */
    private Exchange exchange(IsoMessage request, boolean macced) throws IOException, TerminalProtocolException {
        IsoMessage sent = macced && !request.has(64) ? signer.sign(request) : request;
        if (link == null || !link.isOpen()) {
            link = new FramedLink(host, timeout);
        }
        link.send(codec.encode(new IsoFrame(TPDU, HEADER, sent)));
        String expectedMti = replyMti(sent.mti());
        while (true) {
            IsoFrame frame;
            try {
                frame = codec.decode(link.receive());
            } catch (SocketTimeoutException e) {
                link.close();
                link = null;
                return new Exchange(sent, null, null);
            } catch (IsoDecodeException e) {
                throw new TerminalProtocolException("undecodable reply to " + sent.mti() + ": " + e.getMessage(), e);
            } catch (IOException e) {
                link = null;
                throw e;
            }
            IsoMessage reply = frame.message();
            if (!reply.mti().equals(expectedMti) || !sent.string(11).equals(reply.string(11))) {
                continue;
            }
            lastReplyHeader = frame.header();
            check(sent, reply, frame);
            return new Exchange(sent, reply, null);
        }
    }

    private void check(IsoMessage sent, IsoMessage reply, IsoFrame frame) throws TerminalProtocolException {
        if (!identity.terminalId().equals(reply.string(41))) {
            throw new TerminalProtocolException("reply " + reply.mti() + " names terminal " + reply.string(41));
        }
        if (!reply.has(39)) {
            throw new TerminalProtocolException("reply " + reply.mti() + " has no response code");
        }
        if (!frame.tpdu().equals(TPDU.reply())) {
            throw new TerminalProtocolException("reply TPDU " + frame.tpdu() + " is not ours swapped");
        }
        // network management carries no MAC; a reply to a MACed request must carry a valid one, whatever its code
        if (sent.has(64) && !signer.verifies(reply)) {
            throw new TerminalProtocolException("reply " + reply.mti() + " trace " + reply.string(11) + " has a bad or missing MAC");
        }
    }

    static String replyMti(String mti) {
        return mti.substring(0, 2) + (char) (mti.charAt(2) + 1) + mti.charAt(3);
    }

    @Override
    public void close() throws IOException {
        if (link != null) {
            link.close();
        }
    }
}
