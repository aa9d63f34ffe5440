package org.posnet.sim.terminal;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay between terminal and host that swallows the next N replies, so the terminal meets a
 * timeout the way a dropped GPRS link makes it: the host answered, the answer never arrived.
 */
final class ReplyDroppingRelay implements AutoCloseable {
    private final ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    private final InetSocketAddress host;
    final AtomicInteger dropNext = new AtomicInteger();
    final AtomicInteger dropped = new AtomicInteger();

    ReplyDroppingRelay(InetSocketAddress host) throws IOException {
        this.host = host;
        Thread t = new Thread(this::accept, "relay");
        t.setDaemon(true);
        t.start();
    }

    InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", server.getLocalPort());
    }

    private void accept() {
        try {
            while (true) {
                Socket terminal = server.accept();
                Socket upstream = new Socket(host.getAddress(), host.getPort());
                pump(terminal.getInputStream(), upstream.getOutputStream(), upstream);
                Thread back = new Thread(() -> replies(upstream, terminal), "relay-back");
                back.setDaemon(true);
                back.start();
            }
        } catch (IOException closed) {
            // server closed: the test is over
        }
    }

    private static void pump(InputStream in, OutputStream out, Socket other) {
        Thread t = new Thread(() -> {
            try (other) {
                in.transferTo(out);
            } catch (IOException e) {
                // either side went away
            }
        }, "relay-forth");
        t.setDaemon(true);
        t.start();
    }

    private void replies(Socket upstream, Socket terminal) {
        try (upstream; terminal) {
            DataInputStream in = new DataInputStream(upstream.getInputStream());
            OutputStream out = terminal.getOutputStream();
            while (true) {
                int length = in.readUnsignedShort();
                byte[] body = in.readNBytes(length);
                if (dropNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    dropped.incrementAndGet();
                    continue;
                }
                out.write(new byte[] {(byte) (length >> 8), (byte) length});
                out.write(body);
                out.flush();
            }
        } catch (IOException e) {
            // connection over
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
