package org.posnet.host.ledger;

import java.util.Map;

/**
 * Merchant discount rates (MDR, 商户手续费率) by MCC in basis points, with a default for every other MCC.
 * PosNet's defaults follow the shape of the 2016 fee reform (one general rate; lower rates for staple
 * retail and fuel; none for public services): they are the acquirer's parameters, not regulated figures.
 *
 * <table>
 * <tr><th>MCC</th><th>bps</th><th>what</th></tr>
 * <tr><td>default</td><td>60</td><td>general merchants, restaurants (5812) included</td></tr>
 * <tr><td>5411</td><td>38</td><td>supermarkets</td></tr>
 * <tr><td>5541</td><td>38</td><td>fuel stations</td></tr>
 * <tr><td>4900</td><td>0</td><td>utilities</td></tr>
 * <tr><td>8062</td><td>0</td><td>hospitals</td></tr>
 * <tr><td>8211</td><td>0</td><td>schools</td></tr>
 * </table>
 *
 * The fee of one transaction is {@code amount × bps / 10000} rounded half up to the fen, computed per
 * transaction (not per day) so a void gives back exactly the fee its sale took.
 */
public record MdrTable(int defaultBps, Map<String, Integer> byMcc) {

    public MdrTable {
        byMcc = Map.copyOf(byMcc);
        if (defaultBps < 0 || defaultBps > 10_000 || byMcc.values().stream().anyMatch(b -> b < 0 || b > 10_000)) {
            throw new IllegalArgumentException("MDR rates are 0..10000 basis points");
        }
    }

    public static MdrTable defaults() {
        return new MdrTable(60, Map.of("5411", 38, "5541", 38, "4900", 0, "8062", 0, "8211", 0));
    }

    public int bps(String mcc) {
        return mcc == null ? defaultBps : byMcc.getOrDefault(mcc, defaultBps);
    }

    /** Fee in fen for an amount in fen at a rate: half up, never more than the amount. */
    public static long fee(long amountFen, int bps) {
        long scaled = Math.multiplyExact(amountFen, (long) bps);
        return scaled / 10_000 + (scaled % 10_000 >= 5_000 ? 1 : 0);
    }
}
