package org.posnet.host.iso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class IsoMessageTest {

    @Test
    void toString_neverShowsPanTrackOrPinBlock() {
        IsoMessage sale = CupMessages.sale().with(36, CupMessages.TRACK3).with(55, CupMessages.IC_DATA);
        String pinHex = HexFormat.of().formatHex(CupMessages.PIN_BLOCK);

        for (String dump : new String[] {sale.toString(), sale.toMaskedString(), CupMessages.frame(sale).toString()}) {
            assertThat(dump).doesNotContain(CupMessages.PAN)
                    .doesNotContain(CupMessages.TRACK2)
                    .doesNotContain("D281210112345678")
                    .doesNotContain("2812101")
                    .doesNotContain(CupMessages.TRACK3.substring(21))
                    .doesNotContainIgnoringCase(pinHex)
                    .doesNotContainIgnoringCase(HexFormat.of().formatHex(CupMessages.IC_DATA).substring(0, 16))
                    .contains("2=622202*********0123")
                    .contains("35=622202*********0123D[15 hidden]")
                    .contains("52=[len 8]")
                    .contains("55=[len " + CupMessages.IC_DATA.length + "]")
                    .contains("64=3132333441424344")
                    .contains("41=10000001");
        }
    }

    @Test
    void toString_hidesSignOnKeyData() {
        String dump = CupMessages.signOnReply().toString();

        assertThat(dump).contains("62=[len 40]")
                .doesNotContainIgnoringCase(HexFormat.of().formatHex(CupMessages.KEY_DATA_40).substring(0, 16));
    }

    @Test
    void isImmutable_andCopiesBytes() {
        byte[] pin = CupMessages.PIN_BLOCK.clone();
        IsoMessage m = IsoMessage.builder("0200").with(52, pin).build();
        pin[0] = 0;
        m.bytes(52)[1] = 0;

        assertThat(m.bytes(52)).isEqualTo(CupMessages.PIN_BLOCK);
        IsoMessage answered = m.withMti("0210").with(39, "00");
        assertThat(m.has(39)).isFalse();
        assertThat(answered.mti()).isEqualTo("0210");
        assertThat(answered.bytes(52)).isEqualTo(CupMessages.PIN_BLOCK);
    }

    @Test
    void refusesTheBitmapFieldAndNulls() {
        assertThatThrownBy(() -> IsoMessage.builder("0200").with(1, "x")).hasMessageContaining("1 is the bitmap");
        assertThatThrownBy(() -> IsoMessage.builder("0200").with(11, (String) null)).hasMessageContaining("null value");
        assertThatThrownBy(() -> IsoMessage.builder("02A0")).hasMessageContaining("MTI");
        assertThatThrownBy(() -> CupMessages.sale().string(52)).hasMessageContaining("binary");
    }

    @Test
    void replyHelpers_swapTpduAndSetProcessingRequirement() {
        IsoFrame request = CupMessages.frame(CupMessages.sale());

        IsoFrame reply = request.reply(CupMessages.saleReply(), ProcessingRequirement.SIGN_ON_AGAIN);

        assertThat(reply.tpdu()).isEqualTo(new Tpdu(0x60, 0x0123, 0x0000));
        assertThat(reply.tpdu().reply()).isEqualTo(request.tpdu());
        assertThat(reply.header().digits()).isEqualTo("603103000000");
        assertThat(reply.header().processingRequirement()).isEqualTo(ProcessingRequirement.SIGN_ON_AGAIN);
        assertThat(reply.header().applicationType()).isEqualTo("60");
        assertThat(reply.header().softwareVersion()).isEqualTo("31");
        assertThat(reply.header().with(ProcessingRequirement.NONE)).isEqualTo(request.header());
        assertThat(new MessageHeader("603109000000").processingRequirement()).isNull();
    }
}
