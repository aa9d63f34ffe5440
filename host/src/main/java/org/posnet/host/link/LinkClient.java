package org.posnet.host.link;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.posnet.host.iso.IsoCodec;
import org.posnet.host.iso.IsoDecodeException;
import org.posnet.host.iso.IsoFrame;
import org.posnet.host.iso.IsoMessage;
import org.posnet.host.iso.MessageHeader;
import org.posnet.host.iso.Tpdu;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP connection to a remote issuer, shared by all requests (multiplexed, as host links are): frames
 * go out under a lock, one reader thread matches replies to requests by response MTI + STAN (field 11).
 * The connection is opened on demand; when it breaks every waiting request fails at once (the caller
 * answers 98 and arms the reversal) rather than waiting out its timeout. A reply nobody waits for any more
 * — a late 0210 after the timeout — is logged and dropped: the reversal for it is already pending.
 */
final class LinkClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LinkClient.class);
    private static final Tpdu TPDU = Tpdu.of(0, 0);
    private static final MessageHeader HEADER = new MessageHeader("600000000000");

    private final String name;
    private final String host;
    private final int port;
    private final IsoCodec codec;
    private final int connectTimeoutMillis;
    private final SSLContext tls;
    private final ConcurrentHashMap<String, CompletableFuture<IsoMessage>> waiting = new ConcurrentHashMap<>();
    private final Object writeLock = new Object();
    private Socket socket;
    private volatile boolean closed;

    LinkClient(String name, String host, int port, IsoCodec codec, Duration timeout) {
        this(name, host, port, codec, timeout, null);
    }

    /** @param tls from {@link LinkTls#clientContext}, or null for plain TCP */
    LinkClient(String name, String host, int port, IsoCodec codec, Duration timeout, SSLContext tls) {
        this.tls = tls;
        this.name = name;
        this.host = host;
        this.port = port;
        this.codec = codec;
        this.connectTimeoutMillis = (int) Math.min(Math.max(timeout.toMillis(), 100), 10_000);
    }

    /** Sends a request; completes with the matching response, exceptionally on timeout or a broken link. */
    CompletableFuture<IsoMessage> exchange(IsoMessage request, Duration timeout) {
        String key = responseMti(request.mti()) + '|' + request.string(11);
        CompletableFuture<IsoMessage> reply = new CompletableFuture<>();
        if (waiting.putIfAbsent(key, reply) != null) {
            reply.completeExceptionally(new IOException("a request with STAN " + request.string(11) + " is already waiting"));
            return reply;
        }
        reply.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((r, t) -> waiting.remove(key, reply));
        byte[] bytes = codec.encode(new IsoFrame(TPDU, HEADER, request));
        try {
            synchronized (writeLock) {
                OutputStream out = connected().getOutputStream();
                out.write(bytes);
                out.flush();
            }
        } catch (IOException e) {
            log.warn("event=host.link.send_failed link={} error=\"{}\"", name, e.toString());
            disconnect();
            reply.completeExceptionally(e);
        }
        return reply;
    }

    private Socket connected() throws IOException {
        if (closed) {
            throw new IOException("link closed");
        }
        if (socket == null || socket.isClosed()) {
            Socket plain = new Socket();
            Socket s;
            try {
                plain.setTcpNoDelay(true);
                plain.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
                s = tls == null ? plain : handshake(plain);
            } catch (IOException e) {
                plain.close();
                throw e;
            }
            socket = s;
            Thread reader = new Thread(() -> read(s), "host-link-" + name);
            reader.setDaemon(true);
            reader.start();
            log.info("event=host.link.connected link={} remote={}:{}", name, host, port);
        }
        return socket;
    }

    /**
     * TLS over the connected socket, handshake done here within the connect timeout, the issuer's certificate
     * checked against the link's CA and its {@code host}. A failure is an IOException like a refused connection.
     */
    private Socket handshake(Socket plain) throws IOException {
        SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(plain, host, port, true);
        try {
            SSLParameters p = ssl.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            p.setProtocols(LinkTls.PROTOCOLS);
            ssl.setSSLParameters(p);
            ssl.setSoTimeout(connectTimeoutMillis);
            ssl.startHandshake();
            ssl.setSoTimeout(0);
        } catch (IOException e) {
            // the exception's class and message only: certificate path or name problems, never key material
            log.warn("event=host.link.tls_failed link={} remote={}:{} error=\"{}\"", name, host, port, e.toString());
            ssl.close();
            throw e;
        }
        log.info("event=host.link.tls link={} protocol={} cipher={}", name, ssl.getSession().getProtocol(),
                ssl.getSession().getCipherSuite());
        return ssl;
    }

    private void read(Socket s) {
        try {
            DataInputStream in = new DataInputStream(s.getInputStream());
            while (!s.isClosed()) {
                int length = in.readUnsignedShort();
                byte[] frame = new byte[length + 2];
                frame[0] = (byte) (length >> 8);
                frame[1] = (byte) length;
                in.readFully(frame, 2, length);
                IsoMessage m;
                try {
                    m = codec.decode(frame).message();
                } catch (IsoDecodeException e) {
                    log.warn("event=host.link.decode_failed link={} field={} error=\"{}\"", name, e.field(), e.getMessage());
                    continue;
                }
                CompletableFuture<IsoMessage> w = waiting.remove(m.mti() + '|' + m.string(11));
                if (w == null || !w.complete(m)) {
                    log.warn("event=host.link.late_reply link={} mti={} stan={} code={} action=ignored_reversal_stands", name,
                            m.mti(), m.string(11), m.string(39));
                }
            }
        } catch (IOException e) {
            if (!closed) {
                log.warn("event=host.link.disconnected link={} error=\"{}\"", name, e.toString());
            }
        } finally {
            synchronized (writeLock) {
                if (socket == s) {
                    socket = null;
                }
            }
            closeQuietly(s);
            IOException broken = new IOException("link " + name + " disconnected");
            waiting.values().forEach(w -> w.completeExceptionally(broken));
        }
    }

    private void disconnect() {
        synchronized (writeLock) {
            if (socket != null) {
                closeQuietly(socket);
                socket = null;
            }
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already broken: nothing left to release
        }
    }

    private static String responseMti(String mti) {
        return mti.substring(0, 2) + (char) (mti.charAt(2) + 1) + mti.charAt(3);
    }

    @Override
    public void close() {
        closed = true;
        disconnect();
    }
}
