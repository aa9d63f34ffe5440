package org.posnet.bench.aaa;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU and memory of any process from {@code /proc}, so a C server and a JVM are measured the same way.
 */
public final class ProcessStats {

    // USER_HZ is 100 on every Linux ABI we run on; the kernel reports utime/stime in these ticks.
    private static final long NANOS_PER_TICK = 10_000_000L;

    private ProcessStats() {
    }

    /** utime + stime of all threads of {@code pid}, in nanoseconds (10 ms resolution). */
    public static long cpuNanos(long pid) {
        String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
        // The command name (field 2) may contain spaces and parentheses; fields are counted after the last ')'.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        long utime = Long.parseLong(f[11]);
        long stime = Long.parseLong(f[12]);
        return (utime + stime) * NANOS_PER_TICK;
    }

    /**
     * utime + stime per group of threads of {@code pid}, in nanoseconds: threads named alike ({@code GC
     * Thread#3}, {@code host-auth-2}) are one group, their trailing numbers dropped. Threads that ended are
     * not counted; compare two snapshots of a process whose threads live on.
     */
    public static java.util.Map<String, Long> cpuNanosByThreadGroup(long pid) {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        java.io.File[] tasks = Path.of("/proc", Long.toString(pid), "task").toFile().listFiles();
        if (tasks == null) {
            return out;
        }
        for (java.io.File task : tasks) {
            String stat;
            try {
                stat = Files.readString(task.toPath().resolve("stat"));
            } catch (IOException e) {
                continue; // the thread ended between the listing and the read
            }
            String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[-#\\s]*\\d+$", "").trim();
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            out.merge(name, (Long.parseLong(f[11]) + Long.parseLong(f[12])) * NANOS_PER_TICK, Long::sum);
        }
        return out;
    }

    public static long selfCpuNanos() {
        return cpuNanos(ProcessHandle.current().pid());
    }

    /** Resident set size in bytes, or -1 when the process is gone. */
    public static long residentBytes(long pid) {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        if (!Files.exists(status)) {
            return -1;
        }
        for (String line : read(status).split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + " (process gone?)", e);
        }
    }
}
