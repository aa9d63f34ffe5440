package org.posnet.vpdn.dataplane;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A Linux TUN device (layer 3, {@code IFF_TUN | IFF_NO_PI}): each read is one IP packet, each write
 * injects one. The device lives as long as this object is open, in the network namespace of the
 * thread that opened it (see {@link Netns#call}); moving it with {@code ip link set … netns} keeps
 * the descriptor working. Reads poll with a short timeout so {@link #close()} stops a reader within
 * {@link #POLL_MILLIS} without signals.
 */
public final class TunDevice implements AutoCloseable {
  static final int POLL_MILLIS = 100;
  private static final Path CLONE_DEVICE = Path.of("/dev/net/tun");

  private final int fd;
  private final String name;
  private final int[] pollfd;
  private volatile boolean closed;

  private TunDevice(int fd, String name) {
    this.fd = fd;
    this.name = name;
    this.pollfd = new int[] {fd, LibC.POLLIN};
  }

  /**
   * Opens (creates) the device {@code name} (at most 15 characters; {@code "tun%d"} lets the kernel
   * number it). The caller brings it up and gives it addresses and routes.
   */
  public static TunDevice open(String name) throws TunUnavailableException {
    byte[] n = name.getBytes(StandardCharsets.US_ASCII);
    if (n.length == 0 || n.length >= LibC.IFNAMSIZ) {
      throw new IllegalArgumentException("interface name must be 1-15 characters: " + name);
    }
    Optional<String> why = unavailableReason();
    if (why.isPresent()) {
      throw new TunUnavailableException(why.get(), null);
    }
    int fd;
    try {
      fd = LibC.open(CLONE_DEVICE.toString(), LibC.O_RDWR | LibC.O_CLOEXEC);
    } catch (LastErrorException | UnsatisfiedLinkError | NoClassDefFoundError e) {
      throw new TunUnavailableException("cannot open /dev/net/tun: " + describe(e), e);
    }
    byte[] ifreq = new byte[40];
    System.arraycopy(n, 0, ifreq, 0, n.length);
    short flags = LibC.IFF_TUN | LibC.IFF_NO_PI;
    ifreq[16] = (byte) flags;
    ifreq[17] = (byte) (flags >> 8);
    try {
      LibC.ioctl(fd, new NativeLong(LibC.TUNSETIFF), ifreq);
    } catch (LastErrorException e) {
      LibC.close(fd);
      throw new TunUnavailableException("TUNSETIFF " + name + " failed: " + describe(e), e);
    }
    int end = 0;
    while (end < LibC.IFNAMSIZ && ifreq[end] != 0) {
      end++;
    }
    return new TunDevice(fd, new String(ifreq, 0, end, StandardCharsets.US_ASCII));
  }

  /** Why a TUN device cannot be had here, or empty when it probably can (root and the clone device). */
  public static Optional<String> unavailableReason() {
    if (!Files.exists(CLONE_DEVICE)) {
      return Optional.of("/dev/net/tun is missing");
    }
    if (!Files.isReadable(CLONE_DEVICE) || !Files.isWritable(CLONE_DEVICE)) {
      return Optional.of("/dev/net/tun is not accessible (run as root or with CAP_NET_ADMIN)");
    }
    if (!"Linux".equals(System.getProperty("os.name"))) {
      return Optional.of("TUN needs Linux");
    }
    return Optional.empty();
  }

  /** The kernel's name of the device. */
  public String name() {
    return name;
  }

  /**
   * One packet into {@code buffer}: its length, or 0 when none came within the poll interval, or -1
   * once closed. For one reader thread.
   */
  public int read(byte[] buffer) {
    while (!closed) {
      try {
        pollfd[1] = LibC.POLLIN;
        int ready = LibC.poll(pollfd, new NativeLong(1), POLL_MILLIS);
        if (ready == 0) {
          return 0;
        }
        return (int) LibC.read(fd, buffer, new NativeLong(buffer.length)).longValue();
      } catch (LastErrorException e) {
        if (closed) {
          return -1;
        }
        if (e.getErrorCode() != LibC.EINTR && e.getErrorCode() != LibC.EAGAIN) {
          throw new IllegalStateException("read from " + name + ": " + describe(e), e);
        }
      }
    }
    return -1;
  }

  /** Injects one IP packet; false when the kernel refused it (device down, closed). Thread-safe. */
  public boolean write(byte[] packet, int length) {
    if (closed) {
      return false;
    }
    try {
      return LibC.write(fd, packet, new NativeLong(length)).longValue() == length;
    } catch (LastErrorException e) {
      return false; // e.g. EIO while the interface is down: the packet is lost, as on a wire
    }
  }

  public boolean isOpen() {
    return !closed;
  }

  /** Closes the descriptor; the kernel removes the (non-persistent) device with its addresses and routes. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    // let a reader blocked in poll() see the flag before the number can be reused by another open()
    try {
      Thread.sleep(POLL_MILLIS + 20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LibC.close(fd);
  }

  @Override
  public String toString() {
    return "tun " + name;
  }

  static String describe(Throwable e) {
    if (e instanceof LastErrorException le) {
      return switch (le.getErrorCode()) {
        case 1 -> "EPERM (not root / no CAP_NET_ADMIN)";
        case 13 -> "EACCES (not root)";
        case 2, 19 -> "no TUN support in this kernel";
        case 16 -> "EBUSY (the name is in use)";
        default -> "errno " + le.getErrorCode();
      };
    }
    return e.toString();
  }
}
