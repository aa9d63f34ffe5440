package org.posnet.sim.terminal;

import java.util.HexFormat;
import org.posnet.host.hsm.MacAlgorithm;

/**
 * What is burnt into a terminal at the bank's key-loading ceremony: its id (field 41), the merchant it
 * serves (field 42), its TMK (3DES, 16 bytes as 32 hex digits — the fleet file's {@code keys.tmk}) and its MAC
 * algorithm ({@code keys.mac}).
 */
public record TerminalIdentity(String terminalId, String merchantId, String tmkHex, MacAlgorithm mac) {
    /** A terminal with the UnionPay ECB MAC. */
    public TerminalIdentity(String terminalId, String merchantId, String tmkHex) {
        this(terminalId, merchantId, tmkHex, MacAlgorithm.UNIONPAY_ECB);
    }

    public TerminalIdentity {
        mac = mac == null ? MacAlgorithm.UNIONPAY_ECB : mac;
        if (terminalId == null || terminalId.length() != 8 || merchantId == null || merchantId.length() != 15) {
            throw new IllegalArgumentException("terminal id is 8 characters and merchant id 15");
        }
        if (tmkHex == null || tmkHex.length() != 32) {
            throw new IllegalArgumentException("the simulator's TMK is a double-length 3DES key (32 hex digits)");
        }
    }

    public DesKey tmk() {
        return new DesKey(HexFormat.of().parseHex(tmkHex));
    }

    @Override
    public String toString() {
        return "TerminalIdentity[" + terminalId + "@" + merchantId + "]";
    }
}
