package org.posnet.bench.aaa;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-process RADIUS responder for the generator's unit tests only: it decodes User-Name and User-Password
 * on its own (a second reading of RFC 2865), accepts the right password and rejects a wrong one, puts a
 * Message-Authenticator first as PosNet does, and can be told to stay silent on or corrupt every n-th request.
 */
final class FakeRadiusServer implements AaaTarget {

    private final String secret;
    private final int silentEvery;
    private final int corruptEvery;
    private final AtomicLong received = new AtomicLong();
    // Request Authenticators seen (hex); read only after stop(), whose join() publishes them.
    private final java.util.Set<String> authenticators = new java.util.HashSet<>();
    private DatagramChannel channel;
    private Thread thread;
    private BenchUsers users;

    FakeRadiusServer(String secret, int silentEvery, int corruptEvery) {
        this.secret = secret;
        this.silentEvery = silentEvery;
        this.corruptEvery = corruptEvery;
    }

    long received() {
        return received.get();
    }

    /** Distinct Request Authenticators received; equals {@link #received()} when no packet was repeated. */
    int distinctAuthenticators() {
        return authenticators.size();
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public RadiusEndpoint start(BenchUsers benchUsers) throws IOException {
        users = benchUsers;
        channel = DatagramChannel.open();
        channel.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4 << 20);
        channel.bind(new InetSocketAddress("127.0.0.1", 0));
        thread = new Thread(this::serve, "fake-radius");
        thread.setDaemon(true);
        thread.start();
        return new RadiusEndpoint("127.0.0.1", ((InetSocketAddress) channel.getLocalAddress()).getPort(), secret);
    }

    @Override
    public long pid() {
        return ProcessHandle.current().pid();
    }

    @Override
    public long heapUsedBytes() {
        return Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
    }

    @Override
    public void stop() {
        try {
            if (channel != null) {
                channel.close();
            }
            if (thread != null) {
                thread.join(2000);
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private void serve() {
        byte[] s = secret.getBytes(StandardCharsets.UTF_8);
        MessageAuthenticator hmac = new MessageAuthenticator(s);
        ByteBuffer in = ByteBuffer.allocate(4096);
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            while (true) {
                in.clear();
                SocketAddress from = channel.receive(in);
                long n = received.incrementAndGet();
                authenticators.add(java.util.HexFormat.of().formatHex(in.array(), 4, 20));
                if (silentEvery > 0 && n % silentEvery == 0) {
                    continue;
                }
                byte[] req = java.util.Arrays.copyOf(in.array(), in.position());
                byte[] reply = answer(req, s, md5, hmac);
                if (corruptEvery > 0 && n % corruptEvery == 0) {
                    reply[reply.length - 1] ^= 1;
                }
                channel.send(ByteBuffer.wrap(reply), from);
            }
        } catch (ClosedChannelException e) {
            // stopped
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] answer(byte[] req, byte[] s, MessageDigest md5, MessageAuthenticator hmac) throws Exception {
        String name = null;
        byte[] hidden = null;
        for (int at = 20; at < req.length; at += req[at + 1] & 0xff) {
            int type = req[at] & 0xff;
            int len = req[at + 1] & 0xff;
            if (type == 1) {
                name = new String(req, at + 2, len - 2, StandardCharsets.US_ASCII);
            } else if (type == 2) {
                hidden = java.util.Arrays.copyOfRange(req, at + 2, at + len);
            }
        }
        boolean accept = false;
        if (name != null && hidden != null) {
            md5.update(s);
            md5.update(req, 4, 16);
            byte[] key = md5.digest();
            byte[] clear = new byte[16];
            for (int k = 0; k < 16; k++) {
                clear[k] = (byte) (hidden[k] ^ key[k]);
            }
            int user = Integer.parseInt(name.substring(1, 9));
            String password = new String(clear, StandardCharsets.US_ASCII).replace("\0", "");
            accept = user >= 1 && user <= users.count() && password.equals(users.password(user));
        }
        byte[] reply = new byte[38];
        reply[0] = (byte) (accept ? 2 : 3);
        reply[1] = req[1];
        reply[3] = 38;
        System.arraycopy(req, 4, reply, 4, 16); // request authenticator, for the Message-Authenticator
        reply[20] = 80;
        reply[21] = 18;
        hmac.compute(reply, 0, 38, reply, 22);
        md5.update(reply, 0, 38);
        md5.update(s);
        System.arraycopy(md5.digest(), 0, reply, 4, 16);
        return reply;
    }
}
