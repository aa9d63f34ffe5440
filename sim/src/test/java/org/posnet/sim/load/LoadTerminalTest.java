package org.posnet.sim.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.Arrays;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.posnet.common.text.Digits;
import org.posnet.host.iso.Dialect;
import org.posnet.host.iso.IsoCodec;
import org.posnet.host.iso.IsoDecodeException;
import org.posnet.host.iso.IsoFrame;
import org.posnet.host.iso.IsoMessage;
import org.posnet.sim.terminal.Card;
import org.posnet.sim.terminal.DesKey;
import org.posnet.sim.terminal.MacSigner;
import org.posnet.sim.terminal.PinBlock;
import org.posnet.sim.terminal.PosTerminal;
import org.posnet.sim.terminal.Requests;
import org.posnet.sim.terminal.TerminalIdentity;
import org.posnet.sim.terminal.WorkingKeys;

/**
 * The prebuilt, patched sale is byte for byte what the terminal's codec and signer make, and the check on
 * reply bytes answers exactly what a full decode answers, for good replies and damaged ones alike.
 */
class LoadTerminalTest {
    private static final IsoCodec CODEC = new IsoCodec(Dialect.unionPayPos());
    private static final FieldWalk WALK = new FieldWalk(CODEC.dialect());
    private static final TerminalIdentity ID = new TerminalIdentity("10000001", "898110058120001", "0123456789ABCDEFFEDCBA9876543210");
    private static final Card CARD = new Card(Card.withLuhn("622202123456789012"), "2812", "908172");
    private static final String BATCH = "000001";
    private static final long FEN = 1234;

    private static final byte[] MAK = HexFormat.of().parseHex("0123456789ABCDEF0F1E2D3C4B5A6978");
    /** One set for the whole class: tests run on one thread, as a DesKey wants. */
    private static final WorkingKeys KEYS = new WorkingKeys(new DesKey(HexFormat.of().parseHex("1111222233334444AAAABBBBCCCCDDDD")),
            new DesKey(MAK), null);

    private static WorkingKeys keys() {
        return KEYS;
    }

    private static LoadTerminal terminal(int lastTrace) {
        return new LoadTerminal(ID, keys(), MAK.clone(), BATCH, CARD, FEN, CODEC, WALK, lastTrace);
    }

    private static byte[] expectedSale(int trace) {
        WorkingKeys k = keys();
        IsoMessage sale = new MacSigner(CODEC, k.mak()).sign(Requests.sale(ID, Digits.zeroPadded(trace, 6), BATCH, CARD, FEN,
                PinBlock.format0(k.pik(), CARD.pin(), CARD.pan())));
        return CODEC.encode(new IsoFrame(PosTerminal.TPDU, PosTerminal.HEADER, sale));
    }

    private static byte[] sent(LoadTerminal lt) {
        return lt.sale().clone();
    }

    /** A host's 0210 as PosNet's and jPOS's hosts answer a sale, MACed with the terminal's MAK. */
    private static byte[] reply(String trace, String terminal, String code, boolean signed) {
        IsoMessage m = IsoMessage.builder("0210").with(2, CARD.pan()).with(3, "000000").with(4, Digits.zeroPadded(FEN, 12))
                .with(11, trace).with(12, "235959").with(13, "1127").with(14, "2812").with(15, "1127").with(25, "00")
                .with(37, "000000123456").with(38, "A1B2C3").with(39, code).with(41, terminal).with(42, ID.merchantId())
                .with(49, "156").with(60, "22" + BATCH + "000").build();
        if (signed) {
            m = new MacSigner(CODEC, keys().mak()).sign(m);
        } else {
            m = m.with(64, new byte[8]);
        }
        return CODEC.encode(new IsoFrame(PosTerminal.TPDU.reply(), PosTerminal.HEADER, m));
    }

    /** What the generator said before it checked bytes: decode in full, then compare. */
    private static String reference(LoadTerminal lt, byte[] frame) {
        try {
            return lt.failureOf(CODEC.decode(frame).message());
        } catch (IsoDecodeException e) {
            return "undecodable";
        }
    }

    private static String check(LoadTerminal lt, byte[] frame) {
        // placed inside a larger buffer, as frames lie in the receive buffer
        byte[] buffer = new byte[frame.length + 7];
        System.arraycopy(frame, 0, buffer, 3, frame.length);
        return lt.failureOf(buffer, 3, 3 + frame.length);
    }

    @Test
    void preparedSales_areTheCodecsEncodingOfTheSignedSale_traceByTrace() {
        LoadTerminal lt = terminal(1);
        for (int trace = 2; trace < 40; trace++) {
            lt.prepareSale();
            assertThat(lt.trace()).isEqualTo(trace);
            assertThat(sent(lt)).isEqualTo(expectedSale(trace));
        }
    }

    @Test
    void traceWrapsFrom999999To1_asTheTerminalDoes() {
        LoadTerminal lt = terminal(999_998);
        lt.prepareSale();
        assertThat(sent(lt)).isEqualTo(expectedSale(999_999));
        lt.prepareSale();
        assertThat(lt.trace()).isEqualTo(1);
        assertThat(sent(lt)).isEqualTo(expectedSale(1));
    }

    @Test
    void theRequestsFirstEncryption_recursByTheTracesLastDigits() {
        LoadTerminal lt = terminal(1);
        long before = lt.firstMisses;
        for (int i = 0; i < 10_000; i++) {
            lt.prepareSale();
        }
        assertThat(lt.firstMisses - before).as("one per last-two-digit value, then none").isLessThanOrEqualTo(100);
        assertThat(sent(lt)).isEqualTo(expectedSale(10_001));
    }

    @Test
    void saleBuffer_isReusedOnlyOnceTheTransportHasLetGoOfIt() {
        UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(true);
        LoadTerminal lt = terminal(1);
        lt.prepareSale();
        ByteBuf first = lt.outgoing(alloc);
        assertThat(first.isDirect()).isTrue();
        assertThat(ByteBufUtil.getBytes(first)).isEqualTo(expectedSale(2));

        // the transport still holds the first write: the next sale must not overwrite its bytes
        lt.prepareSale();
        ByteBuf second = lt.outgoing(alloc);
        assertThat(second).isNotSameAs(first);
        assertThat(ByteBufUtil.getBytes(first)).isEqualTo(expectedSale(2));
        assertThat(ByteBufUtil.getBytes(second)).isEqualTo(expectedSale(3));
        first.release(); // written at last
        assertThat(first.refCnt()).as("nobody keeps the replaced buffer").isZero();

        second.release(); // written before the reply came, as always
        lt.prepareSale();
        ByteBuf third = lt.outgoing(alloc);
        assertThat(third).as("no allocation per sale").isSameAs(second);
        assertThat(ByteBufUtil.getBytes(third)).isEqualTo(expectedSale(4));
        third.release();
        lt.releaseOutgoing();
        assertThat(third.refCnt()).isZero();
    }

    @Test
    void approvedReply_toOurTraceAndTerminal_withItsMac_passes() {
        LoadTerminal lt = terminal(1);
        lt.prepareSale();
        assertThat(check(lt, reply("000002", ID.terminalId(), "00", true))).isNull();
        assertThat(lt.fullChecks).as("judged on its bytes, not decoded").isZero();
    }

    @Test
    void everyKindOfBadReply_isNamedAsTheFullDecodeNamesIt() {
        LoadTerminal lt = terminal(1);
        lt.prepareSale();
        assertThat(check(lt, reply("000003", ID.terminalId(), "00", true))).isEqualTo(LoadTerminal.STALE);
        assertThat(check(lt, reply("000001", ID.terminalId(), "51", false))).as("another sale's, whatever it says")
                .isEqualTo(LoadTerminal.STALE);
        assertThat(check(lt, reply("000002", "10000009", "00", true))).isEqualTo("mismatched-reply");
        assertThat(check(lt, reply("000002", ID.terminalId(), "00", false))).isEqualTo("bad-mac");
        assertThat(check(lt, reply("000002", ID.terminalId(), "51", true))).isEqualTo("code-51");
        byte[] good = reply("000002", ID.terminalId(), "00", true);
        byte[] wrongMti = good.clone();
        wrongMti[14] = 0x30; // 0230
        assertThat(check(lt, wrongMti)).isEqualTo("mismatched-reply");
        byte[] cut = Arrays.copyOf(good, good.length - 1);
        cut[1]--;
        assertThat(check(lt, cut)).isEqualTo("undecodable");
    }

    @Test
    void replyWithAMalformedField_underAGoodMac_isUndecodable_asBefore() {
        LoadTerminal lt = terminal(1);
        lt.prepareSale();
        // field 12 with a non-BCD nibble, then MACed over those very bytes: only strictness catches it
        byte[] frame = reply("000002", ID.terminalId(), "00", true);
        int at12 = indexOf(frame, new byte[] {0x23, 0x59, 0x59});
        frame[at12] = 0x2A;
        resign(frame);
        assertThat(reference(lt, frame)).isEqualTo("undecodable");
        assertThat(check(lt, frame)).isEqualTo("undecodable");
    }

    @Property(tries = 2000)
    void anyDamagedReply_getsTheFullDecodesAnswer(@ForAll @IntRange(min = 0, max = 2000) int where,
            @ForAll @IntRange(min = 1, max = 255) int flip, @ForAll boolean remac) {
        LoadTerminal lt = terminal(1);
        lt.prepareSale();
        byte[] frame = reply("000002", ID.terminalId(), "00", true);
        int i = 2 + where % (frame.length - 2); // the length prefix is the framing's, not the check's
        frame[i] ^= (byte) flip;
        if (remac) {
            resign(frame); // damage a host could sign: only the field checks can catch it
        }
        assertThat(check(lt, frame)).isEqualTo(reference(lt, frame));
    }

    @Test
    void zeroAmount_isRefusedAtSignOnNotPerSale() {
        assertThatThrownBy(() -> new LoadTerminal(ID, keys(), MAK.clone(), BATCH, CARD, 0, CODEC, WALK, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void clearMak_isTheSecondKeyOfField62_underTheTmk() {
        DesKey tmk = ID.tmk();
        byte[] pik = HexFormat.of().parseHex("1111222233334444AAAABBBBCCCCDDDD");
        byte[] f62 = new byte[40];
        System.arraycopy(tmk.encrypt(pik), 0, f62, 0, 16);
        System.arraycopy(new DesKey(pik).checkValue(), 0, f62, 16, 4);
        System.arraycopy(tmk.encrypt(MAK), 0, f62, 20, 16);
        System.arraycopy(new DesKey(MAK).checkValue(), 0, f62, 36, 4);
        assertThat(LoadTerminal.clearMak(ID, f62)).isEqualTo(MAK);
        assertThatThrownBy(() -> LoadTerminal.clearMak(ID, new byte[41])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aClearMakThatIsNotTheSessionsKey_isRefused() {
        byte[] other = MAK.clone();
        other[3] ^= 0x10;
        assertThatThrownBy(() -> new LoadTerminal(ID, keys(), other, BATCH, CARD, FEN, CODEC, WALK, 1))
                .isInstanceOf(IllegalStateException.class).hasMessageNotContaining(HexFormat.of().formatHex(other));
    }

    /** Recomputes field 64 over the frame's own message bytes with the terminal's MAK. */
    private static void resign(byte[] frame) {
        byte[] block = Arrays.copyOfRange(frame, 13, frame.length - 8);
        byte[] mac = org.posnet.sim.terminal.UnionPayMac.of(keys().mak(), block);
        System.arraycopy(mac, 0, frame, frame.length - 8, 8);
    }

    private static int indexOf(byte[] b, byte[] part) {
        for (int i = 0; i + part.length <= b.length; i++) {
            if (Arrays.equals(b, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }
}
