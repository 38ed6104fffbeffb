package dev.pharos.process.redact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pharos.process.redact.LabelledCorpus.Line;
import java.lang.management.ManagementFactory;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The cost of redaction, one thread, printed for quoting and never asserted on: shared CI machines
 * make timings noise. Clean lines are the corpus's dangerous-looking ones (numbers, ids, base64,
 * {@code @} and {@code password} in prose), so they cost more than a typical line.
 */
class RedactThroughputTest {

    private static final long WARM_UP_NANOS = 2_000_000_000L;
    private static final long MEASURE_NANOS = 2_000_000_000L;

    @Test
    void printsLinesPerSecond() {
        List<String> clean = LabelledCorpus.cleanLines(7, 20_000).stream().map(Line::text).toList();
        List<String> secret = LabelledCorpus.secretLines(7, 400).stream()
                .filter(l -> l.hasAny(EnumSet.complementOf(EnumSet.of(SecretKind.IPV4, SecretKind.IPV6)))).map(Line::text).toList();

        Redactor none = new Redactor(RedactionPolicy.of(Set.of(), RedactionMode.MASK, null));
        Redactor defaults = new Redactor(RedactionPolicy.defaults());
        Redactor all = new Redactor(RedactionPolicy.of(EnumSet.allOf(SecretKind.class), RedactionMode.MASK, null));
        Redactor hash = new Redactor(RedactionPolicy.defaults().withHash("throughput-test-key-0123".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));

        StringBuilder out = new StringBuilder(String.format("redaction throughput, 1 thread, %d cores visible, %s %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"), System.getProperty("java.version")));
        out.append(String.format("%-34s %12s %10s %12s %14s%n", "case", "lines/s", "Mchar/s", "ns/line", "bytes alloc/line"));
        run(out, "clean lines, no detectors", none, clean);
        run(out, "clean lines, default policy", defaults, clean);
        run(out, "clean lines, all detectors", all, clean);
        run(out, "secret lines, default policy", defaults, secret);
        run(out, "secret lines, default, hash mode", hash, secret);
        out.append(String.format("(clean lines: %d, mean %.0f chars; secret lines: %d, mean %.0f chars)%n", clean.size(), mean(clean),
                secret.size(), mean(secret)));
        System.out.println(out);
        assertThat(out).isNotEmpty();
    }

    private static void run(StringBuilder out, String name, Redactor r, List<String> lines) {
        long chars = 0;
        for (String l : lines) {
            chars += l.length();
        }
        loop(r, lines, WARM_UP_NANOS);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();
        long passes = loop(r, lines, MEASURE_NANOS);
        long elapsed = System.nanoTime() - start;
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
        double count = (double) passes * lines.size();
        out.append(String.format("%-34s %,12.0f %10.1f %,12.0f %14.1f%n", name, count / (elapsed / 1e9), passes * chars / 1e6 / (elapsed / 1e9),
                elapsed / count, allocated / count));
    }

    private static long loop(Redactor r, List<String> lines, long nanos) {
        long until = System.nanoTime() + nanos;
        long passes = 0;
        int sink = 0;
        do {
            for (String l : lines) {
                String x = r.redact(l);
                sink += x == null ? 0 : x.length();
            }
            passes++;
        } while (System.nanoTime() < until);
        if (sink == 42) {
            System.out.print("");
        }
        return passes;
    }

    private static double mean(List<String> lines) {
        return lines.stream().mapToInt(String::length).average().orElse(0);
    }
}
