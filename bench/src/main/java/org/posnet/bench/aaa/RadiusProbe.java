package org.posnet.bench.aaa;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

/**
 * Waits for a RADIUS server to come up by sending Status-Server (RFC 5997) until a verified answer arrives.
 * Loading a million users takes FreeRADIUS seconds, so "the process started" is not "the server is ready".
 */
public final class RadiusProbe {

    static final int STATUS_SERVER = 12;
    private static final int RETRY_MILLIS = 250;

    private RadiusProbe() {
    }

    /**
     * @param alive false once the server process died, to fail fast instead of waiting out the deadline
     * @return how long the server took to answer
     * @throws IOException when no answer came before {@code deadline} or the process died
     */
    public static Duration awaitAnswer(RadiusEndpoint endpoint, Duration deadline, BooleanSupplier alive)
            throws IOException, InterruptedException {
        byte[] secret = endpoint.secretBytes();
        ReplyVerifier verifier = new ReplyVerifier(secret);
        MessageAuthenticator hmac = new MessageAuthenticator(secret);
        InetAddress address = InetAddress.getByName(endpoint.host());
        long start = System.nanoTime();
        long end = start + deadline.toNanos();
        byte[] request = new byte[38];
        byte[] reply = new byte[ReplyVerifier.MAX_PACKET];
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(RETRY_MILLIS);
            for (int id = 0; System.nanoTime() < end; id = (id + 1) & 255) {
                if (!alive.getAsBoolean()) {
                    throw new IOException("server process exited before answering on " + endpoint);
                }
                statusServer(request, id, hmac);
                socket.send(new DatagramPacket(request, request.length, address, endpoint.port()));
                long retryAt = System.nanoTime() + RETRY_MILLIS * 1_000_000L;
                while (System.nanoTime() < retryAt) {
                    DatagramPacket p = new DatagramPacket(reply, reply.length);
                    try {
                        socket.receive(p);
                    } catch (SocketTimeoutException e) {
                        break;
                    } catch (java.net.PortUnreachableException e) {
                        Thread.sleep(RETRY_MILLIS); // not bound yet
                        break;
                    }
                    if ((reply[1] & 0xff) == id && verifier.answers(reply, p.getLength(), request, 4)) {
                        return Duration.ofNanos(System.nanoTime() - start);
                    }
                }
            }
        }
        throw new IOException("no answer to Status-Server from " + endpoint + " within " + deadline);
    }

    // Status-Server must carry a Message-Authenticator (RFC 5997 §3); it is the only attribute.
    static void statusServer(byte[] packet, int id, MessageAuthenticator hmac) {
        java.util.Arrays.fill(packet, (byte) 0);
        packet[0] = STATUS_SERVER;
        packet[1] = (byte) id;
        packet[3] = 38;
        byte[] authenticator = new byte[16];
        ThreadLocalRandom.current().nextBytes(authenticator);
        System.arraycopy(authenticator, 0, packet, 4, 16);
        packet[20] = (byte) AccessRequestWriter.MESSAGE_AUTHENTICATOR;
        packet[21] = 18;
        hmac.compute(packet, 0, 38, packet, 22);
    }
}
