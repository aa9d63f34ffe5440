package org.posnet.sim.load;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A frame-aware TCP relay between the load's terminals and a host: passes frames both ways and counts,
 * per connection, requests the host has not answered yet (the most ever seen is {@link #maxInFlight}).
 * Switched to a {@link Mode}, it mangles the host's replies the way a broken peer would.
 */
final class FrameRelay implements AutoCloseable {
    enum Mode {
        /** Each reply as it came. */
        PASS,
        /** Each reply in two writes a moment apart: the load must put it together from two reads. */
        SPLIT,
        /** Each reply twice. */
        DOUBLE,
        /** Instead of the reply, the connection to the terminal is closed. */
        CLOSE,
        /** Instead of the reply, a frame whose length prefix says 65535 bytes. */
        OVERSIZED,
        /** Each reply held {@link #SLOW_MILLIS} first: a host that takes its time. */
        SLOW
    }

    static final int SLOW_MILLIS = 50;

    private final ServerSocket server = new ServerSocket(0, 300, InetAddress.getLoopbackAddress());
    private final InetSocketAddress host;
    volatile Mode mode = Mode.PASS;
    final AtomicInteger maxInFlight = new AtomicInteger();

    FrameRelay(InetSocketAddress host) throws IOException {
        this.host = host;
        daemon(this::accept, "relay");
    }

    InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", server.getLocalPort());
    }

    private static void daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    private void accept() {
        try {
            while (true) {
                Socket terminal = server.accept();
                terminal.setTcpNoDelay(true);
                Socket upstream = new Socket(host.getAddress(), host.getPort());
                upstream.setTcpNoDelay(true);
                AtomicInteger inFlight = new AtomicInteger();
                daemon(() -> requests(terminal, upstream, inFlight), "relay-forth");
                daemon(() -> replies(upstream, terminal, inFlight), "relay-back");
            }
        } catch (IOException closed) {
            // server closed: the test is over
        }
    }

    private void requests(Socket terminal, Socket upstream, AtomicInteger inFlight) {
        try (upstream) {
            DataInputStream in = new DataInputStream(terminal.getInputStream());
            OutputStream out = upstream.getOutputStream();
            while (true) {
                byte[] frame = frame(in);
                maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                out.write(frame);
                out.flush();
            }
        } catch (IOException e) {
            // either side went away
        }
    }

    private void replies(Socket upstream, Socket terminal, AtomicInteger inFlight) {
        try (upstream; terminal) {
            DataInputStream in = new DataInputStream(upstream.getInputStream());
            OutputStream out = terminal.getOutputStream();
            while (true) {
                byte[] frame = frame(in);
                inFlight.decrementAndGet();
                switch (mode) {
                    case PASS -> out.write(frame);
                    case SPLIT -> {
                        out.write(frame, 0, 7);
                        out.flush();
                        sleep(2);
                        out.write(frame, 7, frame.length - 7);
                    }
                    case DOUBLE -> {
                        out.write(frame);
                        out.write(frame);
                    }
                    case CLOSE -> {
                        return;
                    }
                    case OVERSIZED -> {
                        out.write(new byte[] {(byte) 0xFF, (byte) 0xFF, 0x60, 0, 0});
                        sleep(2);
                    }
                    case SLOW -> {
                        sleep(SLOW_MILLIS);
                        out.write(frame);
                    }
                }
                out.flush();
            }
        } catch (IOException e) {
            // connection over
        }
    }

    private static byte[] frame(DataInputStream in) throws IOException {
        int length = in.readUnsignedShort();
        byte[] frame = new byte[length + 2];
        frame[0] = (byte) (length >> 8);
        frame[1] = (byte) length;
        in.readFully(frame, 2, length);
        return frame;
    }

    private static void sleep(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
