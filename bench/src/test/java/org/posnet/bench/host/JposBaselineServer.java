package org.posnet.bench.host;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.ISORequestListener;
import org.jpos.iso.ISOServer;
import org.jpos.iso.ISOSource;
import org.jpos.iso.channel.NACChannel;
import org.jpos.iso.packager.GenericPackager;
import org.jpos.util.ThreadPool;
import org.posnet.sim.terminal.DesKey;
import org.posnet.sim.terminal.UnionPayMac;

/**
 * The baseline "built the way a good team would without PosNet": a jPOS 2.1.10 {@link ISOServer} with
 * NACChannel + the UnionPay GenericPackager, an {@link ISORequestListener} that signs terminals on
 * (keys under the TMK with check values), checks each sale's MAC and PIN (format 0), and appends it to a
 * journal file through one group-commit writer (write + {@code force}) before the reply leaves.
 * Test scope (AGPL). {@code JposBaselineServer JOURNAL_FILE TERMINALS}; prints {@code ready port=P}.
 */
public final class JposBaselineServer implements ISORequestListener {
    private final GenericPackager packager;
    private final Map<String, DesKey[]> sessions = new ConcurrentHashMap<>();
    private final Map<String, String> tmks = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final AtomicLong rrn = new AtomicLong();
    private final SecureRandom random = new SecureRandom();
    private final FileChannel journal;
    /** Set before the server stops. */
    volatile boolean stopping;

    private record Pending(ISOSource source, ISOMsg reply, byte[] record) {
    }

    JposBaselineServer(GenericPackager packager, FileChannel journal, int terminals) {
        this.packager = packager;
        this.journal = journal;
        for (int i = 0; i < terminals; i++) {
            tmks.put(BenchFleet.terminal(i).terminalId(), BenchFleet.tmkHex(i));
        }
        Thread writer = new Thread(this::groupCommit, "journal-writer");
        writer.setDaemon(true);
        writer.start();
    }

    public static void main(String[] args) throws Exception {
        GenericPackager packager;
        try (InputStream in = JposBaselineServer.class.getResourceAsStream("/jpos/cup-packager.xml")) {
            packager = new GenericPackager(in);
        }
        FileChannel journal = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        JposBaselineServer listener = new JposBaselineServer(packager, journal, Integer.parseInt(args[1]));
        NACChannel channel = new NACChannel(packager, new byte[11]);
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        ISOServer server = new ISOServer(port, channel, new ThreadPool(1, 1000));
        // an empty configuration: jPOS's shutdown thread reads it (null, it threw a NullPointerException at every stop)
        server.setConfiguration(new org.jpos.core.SimpleConfiguration());
        server.addISORequestListener(listener);
        Thread t = new Thread(server, "iso-server");
        t.setDaemon(true);
        t.start();
        waitListening(port);
        System.out.println("ready port=" + port);
        System.out.flush();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null && !line.equals("quit"); ) {
                // only quit (or the parent going away) ends the server
            }
        }
        listener.stopping = true; // replies to connections the stop closes are not the baseline's errors
        server.shutdown();
        System.exit(0);
    }

    private static void waitListening(int port) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (java.io.IOException notYet) {
                Thread.sleep(10);
            }
        }
    }

    @Override
    public boolean process(ISOSource source, ISOMsg m) {
        try {
            ISOMsg reply = (ISOMsg) m.clone();
            reply.setResponseMTI();
            reply.setHeader(swapTpdu(m.getHeader()));
            reply.setPackager(packager);
            String tid = m.getString(41);
            if ("0800".equals(m.getMTI())) {
                signOn(tid, reply);
                source.send(reply);
                return true;
            }
            DesKey[] keys = sessions.get(tid);
            String code = keys == null ? "77" : !macOk(keys[1], m) ? "A0" : !pinOk(keys[0], m) ? "55" : "00";
            for (int f : new int[] {14, 22, 26, 52, 53, 64}) {
                reply.unset(f);
            }
            reply.set(37, String.format("%012d", rrn.incrementAndGet()));
            reply.set(38, "123456");
            reply.set(39, code);
            if (keys != null) {
                mac(keys[1], reply);
            }
            if (!"00".equals(code)) {
                source.send(reply);
                return true;
            }
            byte[] record = (tid + m.getString(11) + m.getString(2) + m.getString(4) + "\n").getBytes(StandardCharsets.US_ASCII);
            queue.add(new Pending(source, reply, record));
        } catch (Exception e) {
            System.err.println("baseline: " + e);
        }
        return true;
    }

    private void signOn(String tid, ISOMsg reply) throws Exception {
        DesKey tmk = new DesKey(HexFormat.of().parseHex(tmks.get(tid)));
        byte[] f62 = new byte[40];
        DesKey[] keys = new DesKey[2];
        for (int i = 0; i < 2; i++) {
            byte[] clear = new byte[16];
            random.nextBytes(clear);
            keys[i] = new DesKey(clear);
            System.arraycopy(tmk.encrypt(clear), 0, f62, i * 20, 16);
            System.arraycopy(keys[i].checkValue(), 0, f62, i * 20 + 16, 4);
        }
        sessions.put(tid, keys);
        reply.unset(63);
        reply.set(39, "00");
        reply.set(60, "00000001003");
        reply.set(62, f62);
    }

    private boolean macOk(DesKey mak, ISOMsg m) throws Exception {
        byte[] received = m.getBytes(64);
        if (received == null) {
            return false;
        }
        ISOMsg copy = (ISOMsg) m.clone();
        copy.setPackager(packager);
        copy.set(64, new byte[8]);
        byte[] packed = copy.pack();
        return Arrays.equals(received, UnionPayMac.of(mak, Arrays.copyOf(packed, packed.length - 8)));
    }

    private void mac(DesKey mak, ISOMsg reply) throws Exception {
        reply.set(64, new byte[8]);
        byte[] packed = reply.pack();
        reply.set(64, UnionPayMac.of(mak, Arrays.copyOf(packed, packed.length - 8)));
    }

    /** Decrypts the format-0 block and compares with the card's PIN (all bench cards share one). */
    private static boolean pinOk(DesKey pik, ISOMsg m) {
        byte[] block = pik.decrypt(m.getBytes(52));
        String pan = m.getString(2);
        byte[] panField = HexFormat.of().parseHex("0000" + pan.substring(pan.length() - 13, pan.length() - 1));
        for (int i = 0; i < 8; i++) {
            block[i] ^= panField[i];
        }
        String clear = HexFormat.of().withUpperCase().formatHex(block);
        int len = Character.digit(clear.charAt(1), 16);
        return clear.charAt(0) == '0' && len >= 4 && len <= 12 && clear.substring(2, 2 + len).equals(BenchFleet.PIN);
    }

    private static byte[] swapTpdu(byte[] header) {
        byte[] h = header.clone();
        System.arraycopy(header, 3, h, 1, 2);
        System.arraycopy(header, 1, h, 3, 2);
        return h;
    }

    /** One writer: drain what queued, write it, fsync once, then release every reply of the group. */
    private void groupCommit() {
        List<Pending> group = new ArrayList<>();
        while (true) {
            try {
                group.add(queue.take());
                queue.drainTo(group, 1023);
                int size = group.stream().mapToInt(p -> p.record().length).sum();
                ByteBuffer buf = ByteBuffer.allocate(size);
                group.forEach(p -> buf.put(p.record()));
                buf.flip();
                while (buf.hasRemaining()) {
                    journal.write(buf);
                }
                journal.force(false);
                for (Pending p : group) {
                    try {
                        p.source().send(p.reply());
                    } catch (IOException | ISOException e) {
                        // that terminal hung up (the generator closing at the end of a run): the others still get theirs
                    }
                }
            } catch (Exception e) {
                if (!stopping) {
                    System.err.println("baseline journal: " + e);
                }
            }
            group.clear();
        }
    }
}
