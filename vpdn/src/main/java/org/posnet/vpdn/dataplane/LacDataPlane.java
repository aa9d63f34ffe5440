package org.posnet.vpdn.dataplane;

import java.net.Inet4Address;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.posnet.vpdn.lac.Terminal;

/**
 * The lab's carrier side: the terminals' assigned addresses live on one TUN device (in the carrier's
 * namespace), so a plain socket bound to a terminal's address sends through that terminal's PPP link,
 * the LAC and the L2TP tunnel. Packets read from the device go to the terminal whose address is
 * their source; IP the terminal receives is written back to the device.
 */
public final class LacDataPlane implements AutoCloseable {
  private final TunDevice device;
  private final TunReader reader;
  private final Map<Integer, Terminal> terminals = new ConcurrentHashMap<>();
  private final LongAdder fromTerminals = new LongAdder();
  private final LongAdder toTerminals = new LongAdder();
  private final LongAdder unknownSource = new LongAdder();
  private final LongAdder notIpv4 = new LongAdder();

  private LacDataPlane(TunDevice device) {
    this.device = device;
    this.reader = new TunReader(device, this::fromHost, toTerminals, notIpv4);
  }

  /** Starts reading {@code device} (open and configured by the caller). */
  public static LacDataPlane attach(TunDevice device) {
    LacDataPlane p = new LacDataPlane(device);
    p.reader.start();
    return p;
  }

  /** Carries {@code terminal}'s IP (it dialled and got {@code address}); the caller puts the address on the device. */
  public void carry(Terminal terminal, Inet4Address address) {
    terminals.put(Ipv4.toInt(address), terminal);
    terminal.receiveIp(packet -> {
      if (device.write(packet, packet.length)) {
        fromTerminals.increment();
      }
    });
  }

  public void release(Inet4Address address) {
    terminals.remove(Ipv4.toInt(address));
  }

  private void fromHost(byte[] packet) {
    Terminal t = terminals.get(Ipv4.source(packet));
    if (t == null) {
      unknownSource.increment(); // not a dialled terminal's address: no PPP link to carry it
      return;
    }
    t.sendIp(packet);
  }

  public String interfaceName() {
    return device.name();
  }

  /** IPv4 packets read from the device (sent into PPP when a terminal holds the source). */
  public long packetsToTunnel() {
    return toTerminals.sum() - unknownSource.sum();
  }

  /** Packets that came out of the tunnel to a terminal and were written to the device. */
  public long packetsFromTunnel() {
    return fromTerminals.sum();
  }

  @Override
  public void close() {
    device.close();
    try {
      reader.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
