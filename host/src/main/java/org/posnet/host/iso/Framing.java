package org.posnet.host.iso;

/**
 * What surrounds the message on a terminal link:
 * {@code [length][TPDU 5][header 6 BCD][MTI][bitmap][fields]}.
 *
 * @param lengthBytes               size of the big-endian binary length prefix (2 for UnionPay)
 * @param lengthCountsTpduAndHeader UnionPay's default counts everything after the prefix; some variants
 *                                  count only MTI onwards
 * @param tpduBytes                 5 (id 0x60, destination, source)
 * @param headerBytes               6 BCD bytes = 12 digits
 */
public record Framing(int lengthBytes, boolean lengthCountsTpduAndHeader, int tpduBytes, int headerBytes) {

    public static final Framing UNIONPAY = new Framing(2, true, 5, 6);

    /** Largest total a frame may claim, from the prefix size. */
    public int maxLength() {
        return (1 << (8 * lengthBytes)) - 1;
    }
}
