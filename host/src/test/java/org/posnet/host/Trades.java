package org.posnet.host;

import org.jpos.iso.ISOMsg;

/** The financial requests a terminal sends, built with jPOS as in {@link JposHostTest}. */
final class Trades {
    private Trades() {
    }

    /** 消费 with PIN. */
    static ISOMsg sale(JposTerminal pos, String pan, String pin, long amountFen) throws Exception {
        ISOMsg m = pos.message("0200");
        m.set(2, pan);
        m.set(3, "000000");
        m.set(4, String.format("%012d", amountFen));
        m.set(14, "2812");
        m.set(22, "021");
        m.set(25, "00");
        m.set(26, "06");
        m.set(49, "156");
        m.set(52, pos.pinBlock(pin, pan));
        m.set(53, "2600000000000000");
        m.set(60, "22" + pos.batch + "000");
        return m;
    }

    /** A void (23/21), refund (25), completion (20) or pre-auth void (11) naming its original. */
    static ISOMsg referring(JposTerminal pos, String pan, String mti, String pc, String type60, long amountFen, ISOMsg original,
            ISOMsg originalReply) throws Exception {
        ISOMsg m = pos.message(mti);
        m.set(2, pan);
        m.set(3, pc);
        m.set(4, String.format("%012d", amountFen));
        m.set(22, "022");
        m.set(25, type60.equals("20") || type60.equals("21") || type60.equals("11") ? "06" : "00");
        m.set(37, originalReply.getString(37));
        m.set(49, "156");
        m.set(60, type60 + pos.batch + "000");
        m.set(61, original.getString(60).substring(2, 8) + original.getString(11) + "1126");
        if (type60.equals("20") || type60.equals("11")) {
            m.set(38, originalReply.getString(38));
        }
        return m;
    }

    /** 预授权 without PIN. */
    static ISOMsg preAuth(JposTerminal pos, String pan, long amountFen) throws Exception {
        ISOMsg m = pos.message("0100");
        m.set(2, pan);
        m.set(3, "030000");
        m.set(4, String.format("%012d", amountFen));
        m.set(22, "022");
        m.set(25, "06");
        m.set(60, "10" + pos.batch + "000");
        return m;
    }

    /** 冲正 of a request that got no answer: the same request as 0400, PIN data removed, 39 = 98 (timeout). */
    static ISOMsg reversalOf(ISOMsg request) throws org.jpos.iso.ISOException {
        ISOMsg r = (ISOMsg) request.clone();
        r.setMTI("0400");
        r.unset(26);
        r.unset(52);
        r.unset(53);
        r.unset(64);
        r.set(39, "98");
        return r;
    }
}
