package org.posnet.bench.host;

import java.util.ArrayList;
import java.util.List;
import org.posnet.sim.terminal.Card;
import org.posnet.sim.terminal.TerminalIdentity;

/**
 * The host bench's fleet, the same for PosNet and the baseline: terminal i = id {@code 2%07d} of one
 * merchant, its own TMK (derived from i, so both targets and the load generator agree without a file),
 * and its own card (PIN 123456, a balance no run can spend) so no two terminals contend for a balance.
 */
public final class BenchFleet {
    public static final String MERCHANT = "898110058129999";
    public static final String PIN = "123456";
    public static final String EXPIRY = "3012";

    private BenchFleet() {
    }

    public static TerminalIdentity terminal(int i) {
        return new TerminalIdentity(String.format("2%07d", i), MERCHANT, tmkHex(i));
    }

    /** 16 bytes mixed from i, each with odd parity as DES keys carry it. */
    public static String tmkHex(int i) {
        byte[] key = new byte[16];
        long x = 0x9E3779B97F4A7C15L * (i + 1);
        for (int b = 0; b < 16; b++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            int v = (int) (x & 0xFE);
            key[b] = (byte) (Integer.bitCount(v) % 2 == 0 ? v | 1 : v);
        }
        return java.util.HexFormat.of().withUpperCase().formatHex(key);
    }

    public static Card card(int i) {
        return new Card(Card.withLuhn(String.format("62220299%010d", i)), EXPIRY, PIN);
    }

    public static List<TerminalIdentity> terminals(int n) {
        List<TerminalIdentity> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(terminal(i));
        }
        return out;
    }

    public static List<Card> cards(int n) {
        List<Card> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(card(i));
        }
        return out;
    }

    /** The fleet file PosNet's host is provisioned with. */
    public static String yaml(int n) {
        StringBuilder y = new StringBuilder("""
                institution: { code: "48160000", name: "示例银行" }
                merchants:
                  - { id: "%s", name: 压测商户, mcc: "5812" }
                terminals:
                """.formatted(MERCHANT));
        for (int i = 0; i < n; i++) {
            y.append("  - { id: \"%s\", merchant: \"%s\", keys: { scheme: 3DES, tmk: %s } }\n".formatted(terminal(i).terminalId(), MERCHANT, tmkHex(i)));
        }
        y.append("cards:\n");
        for (int i = 0; i < n; i++) {
            y.append("  - { pan: \"%s\", expiry: \"%s\", pin: \"%s\", balance: \"90000000.00\", kind: debit }\n".formatted(card(i).pan(), EXPIRY, PIN));
        }
        return y.toString();
    }
}
