package dev.pharos.process.redact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pharos.process.redact.LabelledCorpus.Label;
import dev.pharos.process.redact.LabelledCorpus.Line;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Recall and false positives of the built-in detectors over the labelled corpus. Two evaluations:
 * the default policy (IP detectors off, so IP addresses are not secrets and a line holding only IPs
 * is clean), and every detector on (IP addresses are secrets).
 *
 * <p>Recall: labelled secrets fully inside a redacted region / labelled secrets. False positives:
 * clean lines (no secret in scope) the redactor would alter / clean lines, overall and per detector
 * run alone. Precision: a detector's spans overlapping a labelled secret / its spans, on all lines.
 * The table, the misses and the false positives go to stdout and to {@code target/redaction/}.
 */
class RedactionCorpusTest {

    private static final long SEED = 20240615L;
    private static final int SECRET_LINES_PER_TEMPLATE_GROUP = 250;
    private static final int CLEAN_LINES = 24_000;
    private static final double MIN_RECALL = 0.99;
    private static final double MAX_FALSE_POSITIVES = 0.001;

    @Test
    void recallAndFalsePositivesMeetTheTargets() throws IOException {
        List<Line> lines = new ArrayList<>(LabelledCorpus.secretLines(SEED, SECRET_LINES_PER_TEMPLATE_GROUP));
        lines.addAll(LabelledCorpus.cleanLines(SEED + 1, CLEAN_LINES));

        Set<SecretKind> defaults = EnumSet.noneOf(SecretKind.class);
        for (SecretKind k : RedactionPolicy.defaults().enabled()) {
            if (k.scansText()) {
                defaults.add(k);
            }
        }
        Set<SecretKind> everything = EnumSet.noneOf(SecretKind.class);
        for (SecretKind k : SecretKind.values()) {
            if (k.scansText()) {
                everything.add(k);
            }
        }
        Evaluation byDefault = new Evaluation("default policy (IP detectors off)", defaults, RedactionPolicy.defaults());
        Evaluation all = new Evaluation("all detectors on (IPv4/IPv6 evaluated)", everything,
                RedactionPolicy.of(EnumSet.allOf(SecretKind.class), RedactionMode.MASK, null));
        for (Line line : lines) {
            byDefault.score(line);
            all.score(line);
        }

        StringBuilder report = new StringBuilder();
        report.append(String.format("corpus: %d lines (%d with a default-policy secret, %d clean for the default policy, %d without any label)%n",
                lines.size(), byDefault.secretLines, byDefault.cleanLines, all.cleanLines));
        byDefault.table(report, defaults);
        all.table(report, EnumSet.of(SecretKind.IPV4, SecretKind.IPV6));
        String tables = report.toString();
        byDefault.details(report);
        all.details(report);
        System.out.println(tables);
        System.out.println(byDefault.examples());
        System.out.println(all.examples());
        Path dir = Path.of("target", "redaction");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("corpus-report.txt"), report);
        Files.write(dir.resolve("corpus.tsv"), lines.stream().map(RedactionCorpusTest::tsv).toList());

        assertThat(byDefault.secretLines).as("lines with secrets").isGreaterThanOrEqualTo(2_000);
        assertThat(byDefault.cleanLines).as("clean lines").isGreaterThanOrEqualTo(20_000);
        SoftAssertions soft = new SoftAssertions();
        byDefault.check(soft, defaults);
        all.check(soft, EnumSet.of(SecretKind.IPV4, SecretKind.IPV6));
        soft.assertAll();
    }

    /**
     * The held-out formats, written after the detectors: printed so the gap to the main corpus is on
     * record, not asserted (some forms are known to be out of reach, see {@link HeldOutTemplates}).
     */
    @Test
    void heldOutFormatsAreReported() throws IOException {
        List<Line> lines = LabelledCorpus.heldOutLines(SEED + 2, 2_300);
        Set<SecretKind> defaults = EnumSet.noneOf(SecretKind.class);
        for (SecretKind k : RedactionPolicy.defaults().enabled()) {
            if (k.scansText()) {
                defaults.add(k);
            }
        }
        Evaluation heldOut = new Evaluation("held-out formats, default policy", defaults, RedactionPolicy.defaults());
        for (Line line : lines) {
            heldOut.score(line);
        }
        StringBuilder report = new StringBuilder();
        heldOut.table(report, defaults);
        heldOut.details(report);
        System.out.println(report);
        Path dir = Path.of("target", "redaction");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("held-out-report.txt"), report);
        assertThat(heldOut.labelled).isPositive();
    }

    private static String tsv(Line l) {
        StringBuilder sb = new StringBuilder(l.template()).append('\t');
        for (Label x : l.labels()) {
            sb.append(x.kind().label()).append(':').append(x.start()).append('-').append(x.end()).append(' ');
        }
        return sb.append('\t').append(l.text().replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")).toString();
    }

    /** The scores of one policy against the labels of the kinds in its scope. */
    private static final class Evaluation {
        final String name;
        final Set<SecretKind> scope;
        final Redactor redactor;
        final Map<SecretKind, Detector> alone = new EnumMap<>(SecretKind.class);

        int secretLines;
        int cleanLines;
        int cleanLinesAltered;
        int labelled;
        int covered;
        int leaked;
        final Map<SecretKind, int[]> perKind = new EnumMap<>(SecretKind.class); // labelled, covered, fpLines, spans, trueSpans
        final Map<String, Integer> missesByTemplate = new TreeMap<>();
        final Map<String, Integer> fpByTemplate = new TreeMap<>();
        final List<String> missExamples = new ArrayList<>();
        final List<String> fpExamples = new ArrayList<>();

        Evaluation(String name, Set<SecretKind> scope, RedactionPolicy policy) {
            this.name = name;
            this.scope = scope;
            this.redactor = new Redactor(policy);
            for (SecretKind k : scope) {
                alone.put(k, Detectors.of(k));
                perKind.put(k, new int[5]);
            }
        }

        void score(Line line) {
            String text = line.text();
            List<Finding> found = redactor.find(text);
            boolean clean = !line.hasAny(scope);
            if (clean) {
                cleanLines++;
                if (!found.isEmpty()) {
                    cleanLinesAltered++;
                    fpByTemplate.merge(line.template(), 1, Integer::sum);
                    if (fpExamples.size() < 40) {
                        Finding f = found.get(0);
                        fpExamples.add(line.template() + " [" + f.kind().label() + "] " + show(text, f.start(), f.end()));
                    }
                }
            } else {
                secretLines++;
            }
            String redacted = null;
            for (Label l : line.labels()) {
                if (!scope.contains(l.kind())) {
                    continue;
                }
                int[] k = perKind.get(l.kind());
                k[0]++;
                labelled++;
                if (covers(found, l)) {
                    k[1]++;
                    covered++;
                } else {
                    missesByTemplate.merge(line.template(), 1, Integer::sum);
                    if (missExamples.size() < 60) {
                        missExamples.add(line.template() + " [" + l.kind().label() + "] " + show(text, l.start(), l.end()));
                    }
                }
                String secret = text.substring(l.start(), l.end());
                if (secret.length() >= 6 && text.indexOf(secret) == text.lastIndexOf(secret)) {
                    // Without the markers: a password "secret" is not leaked by "[REDACTED:key_value_secret]".
                    redacted = redacted == null ? redactor.redact(text).replaceAll("\\[REDACTED:[a-z0-9_]+]", "\u0000") : redacted;
                    if (redacted.contains(secret)) {
                        leaked++;
                    }
                }
            }
            for (Map.Entry<SecretKind, Detector> e : alone.entrySet()) {
                Spans spans = new Spans();
                e.getValue().find(text, spans);
                int[] k = perKind.get(e.getKey());
                if (clean && !spans.isEmpty()) {
                    k[2]++;
                }
                for (int s = 0; s < spans.size(); s++) {
                    k[3]++;
                    if (overlapsLabel(line, spans.start(s), spans.end(s))) {
                        k[4]++;
                    }
                }
            }
        }

        private boolean overlapsLabel(Line line, int start, int end) {
            for (Label l : line.labels()) {
                if (scope.contains(l.kind()) && l.start() < end && start < l.end()) {
                    return true;
                }
            }
            return false;
        }

        private static boolean covers(List<Finding> found, Label l) {
            for (Finding f : found) {
                if (f.start() <= l.start() && f.end() >= l.end()) {
                    return true;
                }
            }
            return false;
        }

        private static String show(String text, int start, int end) {
            int from = Math.max(0, start - 60);
            int to = Math.min(text.length(), end + 60);
            return (text.substring(from, start) + "⟦" + text.substring(start, end) + "⟧" + text.substring(end, to)).replace("\n", "\\n");
        }

        double recall() {
            return labelled == 0 ? 1 : (double) covered / labelled;
        }

        double falsePositives() {
            return cleanLines == 0 ? 0 : (double) cleanLinesAltered / cleanLines;
        }

        void table(StringBuilder out, Set<SecretKind> rows) {
            out.append(String.format("%n%s%n", name));
            out.append(String.format("%-18s %8s %9s %11s %9s %8s %10s%n", "detector", "secrets", "recall", "clean lines", "FP lines",
                    "FP rate", "precision"));
            for (SecretKind k : rows) {
                int[] c = perKind.get(k);
                out.append(String.format("%-18s %8d %8.2f%% %11d %9d %7.3f%% %9.2f%%%n", k.label(), c[0], pct(c[1], c[0]), cleanLines, c[2],
                        pct(c[2], cleanLines), pct(c[4], c[3])));
            }
            out.append(String.format("%-18s %8d %8.2f%% %11d %9d %7.3f%%   (leaked in output: %d)%n", "overall", labelled, 100 * recall(),
                    cleanLines, cleanLinesAltered, 100 * falsePositives(), leaked));
        }

        private static double pct(int part, int whole) {
            return whole == 0 ? 100 : 100.0 * part / whole;
        }

        String examples() {
            StringBuilder sb = new StringBuilder("== ").append(name).append(": misses by template ").append(missesByTemplate)
                    .append("\n== false positives by template ").append(fpByTemplate).append('\n');
            for (String m : missExamples) {
                sb.append("  miss ").append(m).append('\n');
            }
            for (String m : fpExamples) {
                sb.append("  fp   ").append(m).append('\n');
            }
            return sb.toString();
        }

        void details(StringBuilder out) {
            out.append('\n').append(examples());
        }

        void check(SoftAssertions soft, Set<SecretKind> rows) {
            soft.assertThat(recall()).as(name + ": overall recall").isGreaterThanOrEqualTo(MIN_RECALL);
            soft.assertThat(falsePositives()).as(name + ": overall false positives").isLessThanOrEqualTo(MAX_FALSE_POSITIVES);
            soft.assertThat(leaked).as(name + ": secrets visible in output although counted as covered").isLessThanOrEqualTo(labelled - covered);
            for (SecretKind k : rows) {
                int[] c = perKind.get(k);
                soft.assertThat(c[0]).as(name + ": " + k.label() + " secrets in corpus").isGreaterThanOrEqualTo(150);
                soft.assertThat((double) c[1] / c[0]).as(name + ": " + k.label() + " recall").isGreaterThanOrEqualTo(MIN_RECALL);
                soft.assertThat((double) c[2] / cleanLines).as(name + ": " + k.label() + " false positives").isLessThanOrEqualTo(MAX_FALSE_POSITIVES);
            }
        }
    }
}
