package io.shopstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * CPU time of processes, from {@code /proc} (Linux), in seconds. A PostgreSQL server is a postmaster plus one
 * process per connection and a few helpers: its CPU is the postmaster's own and reaped children's time
 * ({@code utime + stime + cutime + cstime}) plus the time of its live children.
 */
final class ProcCpu {

    /** USER_HZ; 100 on every Linux this runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcCpu() {
    }

    /** utime + stime of a process (all its threads), seconds; 0 if it does not exist. */
    static double process(long pid) {
        long[] f = stat(pid);
        return f == null ? 0 : (f[1] + f[2]) / TICKS_PER_SECOND;
    }

    /** A process with its children, live and reaped, seconds; 0 if it does not exist. */
    static double tree(long pid) {
        long[] f = stat(pid);
        if (f == null) {
            return 0;
        }
        long ticks = f[1] + f[2] + f[3] + f[4];
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : (Iterable<Path>) procs::iterator) {
                String name = proc.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                long[] child = stat(Long.parseLong(name));
                if (child != null && child[0] == pid) {
                    ticks += child[1] + child[2];
                }
            }
        } catch (IOException e) {
            // /proc unreadable: the postmaster's own figures only
        }
        return ticks / TICKS_PER_SECOND;
    }

    /**
     * CPU seconds of a process's live threads, summed by thread name with numbers dropped
     * ({@code vert.x-eventloop-thread-1} and {@code -0} count as one), largest first, as {@code name=seconds,...}.
     */
    static String threads(long pid, int top) {
        Map<String, Long> byName = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim().replaceAll("([#\\-][0-9]+|[0-9]+$)", "")
                            .replaceAll("[^A-Za-z0-9.\\-]+", "_");
                    String line = Files.readString(task.resolve("stat"));
                    String[] f = line.substring(line.lastIndexOf(')') + 2).trim().split("\\s+");
                    byName.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return "unavailable";
        }
        return byName.entrySet().stream().sorted(Map.Entry.<String, Long> comparingByValue().reversed()).limit(top)
                .map(e -> "%s=%.1f".formatted(e.getKey(), e.getValue() / TICKS_PER_SECOND))
                .collect(Collectors.joining(","));
    }

    /** Whole machine: {busy, idle} seconds summed over all CPUs, from /proc/stat. */
    static double[] machine() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            long idle = 0;
            // user nice system idle iowait irq softirq steal: steal is neither ours nor idle
            for (int i = 1; i < f.length && i <= 7; i++) {
                long v = Long.parseLong(f[i]);
                if (i == 4 || i == 5) {
                    idle += v;
                } else {
                    busy += v;
                }
            }
            return new double[] { busy / TICKS_PER_SECOND, idle / TICKS_PER_SECOND };
        } catch (IOException | RuntimeException e) {
            return new double[] { 0, 0 };
        }
    }

    /** {ppid, utime, stime, cutime, cstime} of a process, or null. */
    private static long[] stat(long pid) {
        String line;
        try {
            line = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (IOException e) {
            return null;
        }
        // the command name (field 2) is in parentheses and may contain spaces
        String[] f = line.substring(line.lastIndexOf(')') + 2).trim().split("\\s+");
        // f[0] = state (field 3), f[1] = ppid (4), f[11] = utime (14), f[12] = stime, f[13] = cutime, f[14] = cstime
        return new long[] { Long.parseLong(f[1]), Long.parseLong(f[11]), Long.parseLong(f[12]),
                Long.parseLong(f[13]), Long.parseLong(f[14]) };
    }

    static long readPid(Path pidFile) {
        try {
            return Long.parseLong(Files.readString(pidFile).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
