package org.posnet.host.hsm;

import java.io.ByteArrayOutputStream;

/**
 * The keys a sign-on (签到) hands a terminal.
 *
 * @param tdk null unless the layout is {@link WorkingKeyLayout#DOUBLE_LENGTH_WITH_TDK}
 */
public record WorkingKeys(WorkingKeyLayout layout, WorkingKey pik, WorkingKey mak, WorkingKey tdk) {

    public WorkingKeys {
        if (layout == null || pik == null || mak == null || (tdk == null) == layout.withTdk()) {
            throw new IllegalArgumentException("PIK and MAK are required, and a TDK exactly for 60.3 = 004");
        }
    }

    /** Field 62 of the sign-on reply: each key under the TMK followed by its 4-byte check value. */
    public byte[] field62() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(60);
        out.writeBytes(pik.underTmk().field62Part());
        out.writeBytes(mak.underTmk().field62Part());
        if (tdk != null) {
            out.writeBytes(tdk.underTmk().field62Part());
        }
        return out.toByteArray();
    }
}
