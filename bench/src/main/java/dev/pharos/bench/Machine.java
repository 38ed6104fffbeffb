package dev.pharos.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** What a benchmark report needs to say about the machine and a process on it (Linux /proc). */
public final class Machine {

    private Machine() {}

    public static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (Exception ignored) {
            // not Linux: fall back to the architecture
        }
        return ManagementFactory.getOperatingSystemMXBean().getArch();
    }

    public static String describe() {
        return cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores visible to the JVM";
    }

    /** Resident set size of a process, 0 when unknown. */
    public static long rssBytes(long pid) {
        return statusField(pid, "VmRSS:");
    }

    /** Peak resident set size of a process since it started, 0 when unknown. */
    public static long peakRssBytes(long pid) {
        return statusField(pid, "VmHWM:");
    }

    /** CPU time (user + system, all threads) a process has used so far. */
    public static Duration cpuTime(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).orElse(Duration.ZERO);
    }

    private static long statusField(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (Exception ignored) {
            // not Linux or the process is gone: report 0 rather than fail the run
        }
        return 0;
    }
}
