package dev.pharos.agent.collect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pharos.agent.AgentMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** CRI and Docker JSON lines, partial lines joined per stream, malformed lines counted and skipped. */
class LineFormatsTest {

    record Rec(long time, LogStream stream, String body, long safe, long end) {}

    private final AgentMetrics metrics = new AgentMetrics(new PrometheusRegistry());
    private final List<Rec> out = new ArrayList<>();

    private final RecordSink sink = new RecordSink() {
        @Override
        public void accept(TailedFile source, long time, LogStream stream, byte[] body, int offset, int length, long safe, long end) {
            out.add(new Rec(time, stream, new String(body, offset, length, StandardCharsets.UTF_8), safe, end));
        }

        @Override
        public void tick(long nanoTime) {}

        @Override
        public void flush() {}

        @Override
        public boolean hasRoom() {
            return true;
        }

        @Override
        public void awaitRoom(long nanos) {}
    };

    /** Feeds text as a file would hold it: lines with their offsets. */
    private void feed(LineAssembler a, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        int start = 0;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n') {
                a.line(b, start, i, start, i + 1);
                start = i + 1;
            }
        }
    }

    private LineAssembler assembler() {
        return new LineAssembler(-1, 1 << 20, sink, metrics);
    }

    private static long nanos(String rfc3339) {
        Instant t = OffsetDateTime.parse(rfc3339).toInstant();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    @Test
    void criLinesCarryTheirTimeStreamAndContent() {
        feed(assembler(), """
                2024-05-01T10:02:03.123456789Z stdout F hello world
                2024-05-01T10:02:03.5Z stderr F  leading space kept
                2024-05-01T12:02:03.000000001+02:00 stdout F offset time
                2024-05-01T10:02:04Z stdout F
                2024-05-01T10:02:05Z stdout F\s
                2024-05-01T10:02:06Z stdout F:x tag extensions ignored
                """);
        assertThat(out).extracting(Rec::body).containsExactly("hello world", " leading space kept", "offset time", "", "",
                "tag extensions ignored");
        assertThat(out.get(0).time()).isEqualTo(nanos("2024-05-01T10:02:03.123456789Z"));
        assertThat(out.get(1).time()).isEqualTo(nanos("2024-05-01T10:02:03.5Z"));
        assertThat(out.get(1).stream()).isEqualTo(LogStream.STDERR);
        assertThat(out.get(2).time()).isEqualTo(nanos("2024-05-01T10:02:03.000000001Z"));
        assertThat(out.get(0).end()).isEqualTo("2024-05-01T10:02:03.123456789Z stdout F hello world\n".length());
    }

    @Test
    void criPartialLinesAreJoinedPerStreamWithTheFirstPiecesTime() {
        String text = """
                2024-05-01T10:00:00.000000001Z stdout P first half,\s
                2024-05-01T10:00:00.000000002Z stderr F an error in between
                2024-05-01T10:00:00.000000003Z stdout P middle,\s
                2024-05-01T10:00:00.000000004Z stdout F last half
                """;
        feed(assembler(), text);
        assertThat(out).extracting(Rec::body).containsExactly("an error in between", "first half, middle, last half");
        Rec err = out.get(0);
        Rec joined = out.get(1);
        assertThat(joined.time()).isEqualTo(nanos("2024-05-01T10:00:00.000000001Z"));
        assertThat(joined.stream()).isEqualTo(LogStream.STDOUT);
        // The stderr record ends after line 2, but a restart must begin at line 1, where the open stdout partial started.
        assertThat(err.safe()).isZero();
        assertThat(err.end()).isEqualTo(text.indexOf("2024-05-01T10:00:00.000000003Z"));
        assertThat(joined.safe()).isEqualTo(text.length()).isEqualTo(joined.end());
    }

    @Test
    void aRestartSkipsRecordsEndingBeforeTheDeliveredOffset() {
        String text = """
                2024-05-01T10:00:00.000000001Z stdout P open,\s
                2024-05-01T10:00:00.000000002Z stderr F delivered before the restart
                2024-05-01T10:00:00.000000004Z stdout F closed
                """;
        long delivered = text.indexOf("2024-05-01T10:00:00.000000004Z");
        feed(new LineAssembler(delivered, 1 << 20, sink, metrics), text);
        assertThat(out).extracting(Rec::body).containsExactly("open, closed");
    }

    @Test
    void aJoinedRecordOverTheLimitIsSentInPiecesEndingAtLineBoundaries() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            sb.append("2024-05-01T10:00:00Z stdout P ").append("x".repeat(500)).append('\n');
        }
        sb.append("2024-05-01T10:00:00Z stdout F end\n");
        feed(new LineAssembler(-1, 1024, sink, metrics), sb.toString());
        assertThat(out).extracting(r -> r.body().length()).containsExactly(1500, 1500, 1500, 503);
        assertThat(String.join("", out.stream().map(Rec::body).toList())).isEqualTo("x".repeat(5000) + "end");
    }

    @Test
    void dockerJsonLinesAreDecodedAndPartialsJoined() {
        feed(assembler(), """
                {"log":"plain line\\n","stream":"stdout","time":"2024-05-01T10:02:03.123456789Z"}
                {"log":"quote \\" backslash \\\\ tab \\t e-acute \\u00e9 emoji \\ud83d\\ude00 lone \\ud800 slash \\/\\n","stream":"stderr","time":"2024-05-01T10:02:04Z"}
                {"log":"first part, ","stream":"stdout","time":"2024-05-01T10:02:05Z"}
                {"log":"second part\\n","stream":"stdout","time":"2024-05-01T10:02:06Z","attrs":{"tag":"x","n":[1,{"a":"}"}]}}
                { "stream" : "stdout" , "log" : "spaced keys, other order\\n" , "time" : "2024-05-01T10:02:07Z" }\t
                """);
        assertThat(out).extracting(Rec::body).containsExactly("plain line",
                "quote \" backslash \\ tab \t e-acute é emoji 😀 lone \uFFFD slash /", "first part, second part",
                "spaced keys, other order");
        assertThat(out.get(1).stream()).isEqualTo(LogStream.STDERR);
        assertThat(out.get(2).time()).isEqualTo(nanos("2024-05-01T10:02:05Z"));
    }

    @Test
    void malformedLinesAreCountedAndSkippedWithoutStoppingTheFile() {
        LineAssembler a = assembler();
        feed(a, """
                not a log line
                2024-05-01T10:02:03Z stdout F good 1
                2024-13-01T10:02:03Z stdout F bad month
                2024-02-30T10:02:03Z stdout F bad day
                2024-05-01T10:02:03Z stdin F bad stream
                2024-05-01T10:02:03Z stdout X bad tag
                2024-05-01T10:02:03.Z stdout F empty fraction
                2024-05-01T10:02:03 stdout F no zone
                2024-05-01T10:02:03Z
                {"log":"no time\\n","stream":"stdout"}
                {"log":"bad escape \\q","stream":"stdout","time":"2024-05-01T10:02:03Z"}
                {"log":"unterminated
                {"log":"x\\n","stream":"stdout","time":"2024-05-01T10:02:03Z"} trailing
                {}

                2024-05-01T10:02:03Z stdout F good 2
                """);
        assertThat(out).extracting(Rec::body).containsExactly("good 1", "good 2");
        assertThat(metrics.malformedLines("cri")).isEqualTo(9);
        assertThat(metrics.malformedLines("docker")).isEqualTo(5);
    }

    @Test
    void randomBytesNeverThrow() {
        Random r = new Random(42);
        LineAssembler a = assembler();
        byte[] seed = "2024-05-01T10:02:03.123Z stdout P {\"log\":\"a\\u00e9\\n\",\"stream\":\"stderr\",\"time\":\"2024-05-01T10:02:03Z\"}"
                .getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 20_000; i++) {
            byte[] line = r.nextBoolean() ? seed.clone() : new byte[r.nextInt(120)];
            if (line != seed) {
                for (int k = 0; k < line.length; k++) {
                    if (line.length == seed.length || r.nextInt(4) == 0) {
                        line[k] = (byte) r.nextInt(256);
                    }
                }
            }
            int cut = line.length == 0 ? 0 : r.nextInt(line.length + 1);
            for (int k = 0; k < cut; k++) {
                if (line[k] == '\n') {
                    line[k] = ' ';
                }
            }
            a.line(line, 0, cut, i * 200L, i * 200L + cut + 1);
        }
        a.finish(20_000 * 200L);
    }

    @Test
    void timestampsMatchJavaTimeOverManyDates() {
        Random r = new Random(7);
        for (int i = 0; i < 5_000; i++) {
            long seconds = r.nextLong(-2_000_000_000L, 4_000_000_000L);
            int nanos = r.nextInt(1_000_000_000);
            Instant t = Instant.ofEpochSecond(seconds, nanos);
            String text = i % 3 == 0 ? t.toString() : java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                    t.atOffset(java.time.ZoneOffset.ofHoursMinutes(i % 2 == 0 ? 5 : -9, i % 2 == 0 ? 30 : 0)));
            if (!text.matches("\\d{4}-.*")) {
                continue;
            }
            byte[] b = text.getBytes(StandardCharsets.US_ASCII);
            assertThat(Timestamps.parseRfc3339(b, 0, b.length)).as(text).isEqualTo(seconds * 1_000_000_000L + nanos);
        }
    }

    @Test
    void utf8RepairReplacesEachInvalidSequenceAsTheJdkDecoderDoes() {
        Random r = new Random(3);
        for (int i = 0; i < 5_000; i++) {
            byte[] b = new byte[r.nextInt(40)];
            for (int k = 0; k < b.length; k++) {
                b[k] = (byte) (r.nextInt(3) == 0 ? r.nextInt(256) : 'a' + r.nextInt(26));
            }
            boolean jdkValid;
            try {
                StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b));
                jdkValid = true;
            } catch (java.nio.charset.CharacterCodingException e) {
                jdkValid = false;
            }
            assertThat(Utf8.isValid(b, 0, b.length)).isEqualTo(jdkValid);
            byte[] dst = new byte[b.length * 3];
            int n = Utf8.repair(b, 0, b.length, dst);
            assertThat(Utf8.isValid(dst, 0, n)).isTrue();
            if (jdkValid) {
                assertThat(java.util.Arrays.copyOf(dst, n)).isEqualTo(b);
            }
        }
    }
}
