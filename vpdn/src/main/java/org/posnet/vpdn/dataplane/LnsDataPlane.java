package org.posnet.vpdn.dataplane;

import java.io.IOException;
import java.net.Inet4Address;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.posnet.vpdn.lns.DataPlane;
import org.posnet.vpdn.lns.Lns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LNS's data plane: IPv4 that terminals send through PPP (protocol 0x0021) is written to a TUN
 * device, into the bank's network; packets the kernel routes to the device are read on a dedicated
 * thread and handed to the session whose Framed-IP-Address is their destination. Writes happen on
 * the LNS's event loop: a TUN write never blocks (the kernel queues or drops), so a second thread
 * would only add a hand-off per packet.
 */
public final class LnsDataPlane implements DataPlane, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LnsDataPlane.class);
  private static final AtomicBoolean reportedOff = new AtomicBoolean();

  private final Lns lns;
  private final TunDevice device;
  private final TunReader reader;
  private final LongAdder toBank = new LongAdder();
  private final LongAdder toTerminals = new LongAdder();
  private final LongAdder spoofed = new LongAdder();
  private final LongAdder notIpv4 = new LongAdder();

  private LnsDataPlane(Lns lns, TunDevice device) {
    this.lns = lns;
    this.device = device;
    this.reader = new TunReader(device, this::fromBank, toTerminals, notIpv4);
  }

  /** Carries the LNS's IP traffic over {@code device} (already open, configured by the caller) from now on. */
  public static LnsDataPlane attach(Lns lns, TunDevice device) {
    LnsDataPlane p = new LnsDataPlane(lns, device);
    lns.dataPlane(p);
    p.reader.start();
    log.info("event=dataplane_on device={}", device.name());
    return p;
  }

  /**
   * For {@code serve}: opens {@code ifName} in this process's namespace, brings it up and routes the
   * terminals' pools ({@code "10.64.0.0/16"}) to it. Empty when TUN is unavailable here (no
   * {@code /dev/net/tun}, not root) or {@code ip} fails: logged once per process
   * ({@code event=dataplane_off}), and the control plane keeps running without it.
   */
  public static Optional<LnsDataPlane> start(Lns lns, String ifName, List<String> poolCidrs) {
    TunDevice device;
    try {
      device = TunDevice.open(ifName);
    } catch (TunUnavailableException e) {
      reportOff(e.getMessage());
      return Optional.empty();
    }
    try {
      Netns.root("link", "set", "dev", device.name(), "up");
      for (String pool : poolCidrs) {
        Netns.root("route", "replace", pool, "dev", device.name());
      }
    } catch (IOException e) {
      device.close();
      reportOff(e.getMessage());
      return Optional.empty();
    }
    return Optional.of(attach(lns, device));
  }

  /** True when a TUN device can probably be opened here (root and {@code /dev/net/tun}). */
  public static boolean available() {
    return TunDevice.unavailableReason().isEmpty();
  }

  private static void reportOff(String why) {
    if (reportedOff.compareAndSet(false, true)) {
      log.warn("event=dataplane_off reason=\"{}\" effect=\"calls come up, but no IP reaches the bank network\"", why);
    }
  }

  /** LNS event loop: a packet a terminal sent. */
  @Override
  public void fromTerminal(String acctSessionId, Inet4Address terminal, byte[] packet) {
    // a terminal may only speak from the address it was given: anything else is spoofing
    if (terminal == null || !Ipv4.plausible(packet, packet.length) || Ipv4.source(packet) != Ipv4.toInt(terminal)) {
      spoofed.increment();
      return;
    }
    if (device.write(packet, packet.length)) {
      toBank.increment();
    }
  }

  /** Reader thread: a packet from the bank's network, for the terminal that holds its destination. */
  private void fromBank(byte[] packet) {
    lns.sendToTerminal(Ipv4.address(Ipv4.destination(packet)), packet);
  }

  public String interfaceName() {
    return device.name();
  }

  /** Packets written to the bank's network. */
  public long packetsToBank() {
    return toBank.sum();
  }

  /** IPv4 packets read from the device (delivered if a terminal holds the destination). */
  public long packetsToTerminals() {
    return toTerminals.sum();
  }

  /** Packets from terminals dropped because their source was not the terminal's address. */
  public long packetsSpoofed() {
    return spoofed.sum();
  }

  /** Detaches from the LNS and closes the device (the kernel removes it and its routes). */
  @Override
  public void close() {
    lns.dataPlane(DataPlane.off());
    device.close();
    try {
      reader.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    log.info("event=dataplane_closed device={} to_bank={} to_terminals={} spoofed={} not_ipv4={}", device.name(),
        toBank.sum(), toTerminals.sum(), spoofed.sum(), notIpv4.sum());
  }
}
