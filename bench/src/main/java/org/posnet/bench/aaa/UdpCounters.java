package org.posnet.bench.aaa;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The kernel's UDP drop counters from {@code /proc/net/snmp}. A datagram dropped because a socket's receive
 * buffer was full shows up here and nowhere else, so a lost request can be blamed on the buffer rather than
 * on the server's logic. Host-wide: both ends of the loopback and any other UDP user count.
 */
public record UdpCounters(long inErrors, long receiveBufferErrors, long sendBufferErrors) {

    public static final UdpCounters UNKNOWN = new UdpCounters(-1, -1, -1);

    public static UdpCounters read() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/net/snmp"));
            for (int k = 0; k + 1 < lines.size(); k++) {
                if (lines.get(k).startsWith("Udp: ") && lines.get(k + 1).startsWith("Udp: ")) {
                    List<String> names = List.of(lines.get(k).split("\\s+"));
                    String[] values = lines.get(k + 1).split("\\s+");
                    return new UdpCounters(
                            Long.parseLong(values[names.indexOf("InErrors")]),
                            Long.parseLong(values[names.indexOf("RcvbufErrors")]),
                            Long.parseLong(values[names.indexOf("SndbufErrors")]));
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or a kernel without the counters: the bench still runs, the column says unknown.
        }
        return UNKNOWN;
    }

    public UdpCounters since(UdpCounters before) {
        if (this == UNKNOWN || before == UNKNOWN) {
            return UNKNOWN;
        }
        return new UdpCounters(inErrors - before.inErrors, receiveBufferErrors - before.receiveBufferErrors,
                sendBufferErrors - before.sendBufferErrors);
    }
}
