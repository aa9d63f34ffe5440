package org.posnet.vpdn.dataplane.lab;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import org.posnet.vpdn.dataplane.Netns;
import org.posnet.vpdn.dataplane.TunDevice;
import org.posnet.vpdn.dataplane.TunUnavailableException;

/**
 * Two networks in one machine for data-plane tests and benchmarks: a "carrier" namespace where the
 * terminals' addresses live on the LAC's TUN device, and a "bank" namespace with the bank's host
 * address ({@link #BANK_HOST} on its loopback) and the LNS's TUN device, routing the terminal pool
 * to it. A veth pair joins the two directly ({@link #CARRIER_VETH} — {@link #BANK_VETH}) as the
 * plain path to compare against; the terminal addresses are routed only through the TUN devices.
 *
 * <pre>
 *   carrier ns                                   bank ns
 *   10.64.x.y/32 on tunC ─▶ LacDataPlane ─PPP/L2TP (Java, root ns, loopback)─▶ LnsDataPlane ─▶ tunB
 *   route 10.99.0.0/24 dev tunC                  route POOL dev tunB, 10.99.0.1/32 on lo
 *   10.200.0.1/30 veth ◀────────────────────────────────────────────────────▶ veth 10.200.0.2/30
 * </pre>
 *
 * The Java sides stay in the root namespace: the TUN devices are opened by threads that entered the
 * namespaces ({@link Netns#call}), and so are the lab's sockets. {@link #close()} removes everything.
 */
public final class NetLab implements AutoCloseable {
  public static final String BANK_HOST = "10.99.0.1";
  public static final String BANK_NET = "10.99.0.0/24";
  public static final String CARRIER_VETH = "10.200.0.1";
  public static final String BANK_VETH = "10.200.0.2";
  private static final AtomicInteger serial = new AtomicInteger();

  private final Netns carrier;
  private final Netns bank;
  private final TunDevice carrierTun;
  private final TunDevice bankTun;

  private NetLab(Netns carrier, Netns bank, TunDevice carrierTun, TunDevice bankTun) {
    this.carrier = carrier;
    this.bank = bank;
    this.carrierTun = carrierTun;
    this.bankTun = bankTun;
  }

  /** Builds the two namespaces, the veth pair and both TUN devices; {@code pool} is routed to the bank's TUN. */
  public static NetLab create(String pool) throws Exception {
    if (TunDevice.unavailableReason().isPresent()) {
      throw new TunUnavailableException(TunDevice.unavailableReason().get(), null);
    }
    // unique per process and lab, so parallel runs and leftovers from a killed run never collide
    String id = Long.toString(ProcessHandle.current().pid() % 100_000) + "x" + serial.incrementAndGet();
    Netns carrier = null;
    Netns bank = null;
    TunDevice cTun = null;
    TunDevice bTun = null;
    try {
      carrier = Netns.create("pnc" + id);
      bank = Netns.create("pnb" + id);
      String vc = "pnvc" + id;
      String vb = "pnvb" + id;
      Netns.root("link", "add", vc, "netns", carrier.name(), "type", "veth", "peer", "name", vb, "netns", bank.name());
      carrier.ip("addr", "add", CARRIER_VETH + "/30", "dev", vc);
      carrier.ip("link", "set", vc, "up");
      bank.ip("addr", "add", BANK_VETH + "/30", "dev", vb);
      bank.ip("link", "set", vb, "up");
      bank.ip("addr", "add", BANK_HOST + "/32", "dev", "lo");

      cTun = carrier.call(() -> TunDevice.open("pnlac0"));
      carrier.ip("link", "set", cTun.name(), "up");
      carrier.ip("route", "add", BANK_NET, "dev", cTun.name());
      bTun = bank.call(() -> TunDevice.open("pnlns0"));
      bank.ip("link", "set", bTun.name(), "up");
      bank.ip("route", "add", pool, "dev", bTun.name());
      return new NetLab(carrier, bank, cTun, bTun);
    } catch (Exception e) {
      closeAll(cTun, bTun, carrier, bank);
      throw e;
    }
  }

  public Netns carrier() {
    return carrier;
  }

  public Netns bank() {
    return bank;
  }

  /** The LAC's device in the carrier namespace (for {@code LacDataPlane.attach}). */
  public TunDevice carrierTun() {
    return carrierTun;
  }

  /** The LNS's device in the bank namespace (for {@code LnsDataPlane.attach}). */
  public TunDevice bankTun() {
    return bankTun;
  }

  /** Puts a dialled terminal's address on the carrier's TUN device, so sockets there can bind to it. */
  public void addTerminalAddress(Inet4Address terminal) throws IOException {
    carrier.ip("addr", "add", terminal.getHostAddress() + "/32", "dev", carrierTun.name());
  }

  /** A listening socket in the bank namespace on every address (bank host and veth). */
  public ServerSocket listenInBank(int port) throws Exception {
    return bank.call(() -> {
      ServerSocket s = new ServerSocket();
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), port), 16);
      return s;
    });
  }

  /** An unconnected socket in the carrier namespace; bound to {@code source} unless null. */
  public Socket socketInCarrier(Inet4Address source) throws Exception {
    return carrier.call(() -> {
      Socket s = new Socket();
      s.setTcpNoDelay(false); // makes the JDK create the socket now, on this thread, in this namespace
      if (source != null) {
        s.bind(new InetSocketAddress(source, 0));
      }
      return s;
    });
  }

  @Override
  public void close() {
    closeAll(carrierTun, bankTun, carrier, bank);
  }

  private static void closeAll(TunDevice a, TunDevice b, Netns c, Netns d) {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
    if (c != null) {
      c.close(); // deleting a namespace deletes its end of the veth, and with it the peer
    }
    if (d != null) {
      d.close();
    }
  }
}
