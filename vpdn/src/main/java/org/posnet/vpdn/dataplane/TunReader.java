package org.posnet.vpdn.dataplane;

import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dedicated thread that reads a {@link TunDevice}: every IPv4 packet is copied out (the buffer is
 * reused, the packet is handed to an event loop) and given to {@code sink}; anything else (IPv6,
 * runts) is counted and dropped. Stops when the device closes.
 */
final class TunReader implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(TunReader.class);
  private static final int MAX_PACKET = 65_535;

  private final TunDevice device;
  private final Consumer<byte[]> sink;
  private final LongAdder packets;
  private final LongAdder dropped;
  private final Thread thread;

  TunReader(TunDevice device, Consumer<byte[]> sink, LongAdder packets, LongAdder dropped) {
    this.device = device;
    this.sink = sink;
    this.packets = packets;
    this.dropped = dropped;
    this.thread = new Thread(this, "tun-" + device.name());
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  void join() throws InterruptedException {
    thread.join(2_000);
  }

  @Override
  public void run() {
    byte[] buffer = new byte[MAX_PACKET];
    try {
      while (true) {
        int n = device.read(buffer);
        if (n < 0) {
          return;
        }
        if (n == 0) {
          continue;
        }
        if (!Ipv4.plausible(buffer, n)) {
          dropped.increment(); // IPv6 router solicitations and the like: the tunnel carries IPv4 only
          continue;
        }
        packets.increment();
        sink.accept(Arrays.copyOf(buffer, n));
      }
    } catch (RuntimeException e) {
      log.warn("event=tun_reader_stopped device={} reason=\"{}\"", device.name(), e.getMessage());
    }
  }
}
