package org.posnet.sim.terminal;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/** The terminal's TCP connection: 2-byte big-endian length framing, blocking, with a read timeout. */
final class FramedLink implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    FramedLink(InetSocketAddress host, Duration timeout) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(host, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** {@code frame} already carries its length prefix (the codec writes it). */
    void send(byte[] frame) throws IOException {
        out.write(frame);
        out.flush();
    }

    /** The next whole frame, prefix included; {@link SocketTimeoutException} when none came in time. */
    byte[] receive() throws IOException {
        int length = in.readUnsignedShort();
        byte[] frame = new byte[length + 2];
        frame[0] = (byte) (length >> 8);
        frame[1] = (byte) length;
        in.readFully(frame, 2, length);
        return frame;
    }

    boolean isOpen() {
        return !socket.isClosed();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
