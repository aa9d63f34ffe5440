package org.posnet.host.iso;

import java.util.HexFormat;

/**
 * Transport protocol data unit: id (0x60), destination address, source address, 2 bytes each.
 */
public record Tpdu(int id, int destination, int source) {

    public Tpdu {
        if (id < 0 || id > 0xFF || destination < 0 || destination > 0xFFFF || source < 0 || source > 0xFFFF) {
            throw new IllegalArgumentException("TPDU id is one byte, addresses two bytes each");
        }
    }

    public static Tpdu of(int destination, int source) {
        return new Tpdu(0x60, destination, source);
    }

    /** The TPDU of the reply: source and destination swapped, as terminals route by it. */
    public Tpdu reply() {
        return new Tpdu(id, source, destination);
    }

    public byte[] toBytes() {
        return new byte[] {(byte) id, (byte) (destination >> 8), (byte) destination, (byte) (source >> 8), (byte) source};
    }

    static Tpdu fromBytes(byte[] b, int at) {
        return new Tpdu(b[at] & 0xFF, (b[at + 1] & 0xFF) << 8 | b[at + 2] & 0xFF, (b[at + 3] & 0xFF) << 8 | b[at + 4] & 0xFF);
    }

    @Override
    public String toString() {
        return HexFormat.of().withUpperCase().formatHex(toBytes());
    }
}
