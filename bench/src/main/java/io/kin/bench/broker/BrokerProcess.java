package io.kin.bench.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a broker process's memory and CPU time from Linux {@code /proc}. */
public final class BrokerProcess {

    private static final long CLOCK_TICKS_PER_SECOND = clockTicksPerSecond();

    private final long pid;

    public BrokerProcess(long pid) {
        this.pid = pid;
    }

    public long pid() {
        return pid;
    }

    /** Fails early with a message that names the pid, rather than reporting zeros for a typo. */
    public void requireAlive() {
        if (!Files.isReadable(Path.of("/proc", Long.toString(pid), "stat"))) {
            throw new IllegalArgumentException("no process " + pid + " in /proc (is --broker-pid right? Linux only)");
        }
    }

    public long rssKb() {
        return rssKb(read("status"));
    }

    /** User plus system CPU time so far, in seconds. */
    public double cpuSeconds() {
        return cpuTicks(read("stat")) / (double) CLOCK_TICKS_PER_SECOND;
    }

    /** {@code VmRSS:   12345 kB} from /proc/PID/status. */
    static long rssKb(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring("VmRSS:".length()).replace("kB", "").trim());
            }
        }
        throw new IllegalStateException("no VmRSS line in /proc status");
    }

    /** utime + stime (fields 14 and 15) of /proc/PID/stat; the name in field 2 may hold spaces and parentheses. */
    static long cpuTicks(String stat) {
        String[] afterName = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // afterName[0] is field 3 (state), so field n sits at index n - 3
        return Long.parseLong(afterName[14 - 3]) + Long.parseLong(afterName[15 - 3]);
    }

    private String read(String file) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), file));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + pid + "/" + file + ": " + e.getMessage(), e);
        }
    }

    private static long clockTicksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes()).trim();
            return getconf.waitFor() == 0 ? Long.parseLong(out) : 100;
        } catch (IOException | NumberFormatException e) {
            return 100; // USER_HZ on every mainstream Linux build
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
