package dev.pharos.process.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogProcessorsTest {

    private final LogProcessors processors = LogProcessors.load();

    private static LogDraft draft(String body, Map<String, String> attributes) {
        return new LogDraft(1L, 0, "", body, attributes, key -> key.equals("k8s.node.name") ? "node-7" : null);
    }

    @Test
    void jsonBodyLiftsFieldsAndKeepsTheMessage() {
        LogDraft r = draft("  {\"msg\":\"disk full\",\"level\":\"error\",\"ctx\":{\"disk\":\"/dev/sda\",\"free\":0},\"tags\":[\"a\",{\"b\":1}],\"gone\":null}", Map.of());
        processors.create("json_body", Map.of()).process(r);
        assertThat(r.body()).isEqualTo("disk full");
        assertThat(r.attributes()).containsExactly(Map.entry("level", "error"), Map.entry("ctx.disk", "/dev/sda"), Map.entry("ctx.free", "0"),
                Map.entry("tags", "[\"a\",{\"b\":1}]"));
    }

    @Test
    void jsonBodyLeavesAnythingElseAlone() {
        LogProcessor p = processors.create("json_body", Map.of("prefix", "json."));
        for (String body : List.of("plain text", "{\"broken\": ", "[1,2]", "{\"a\":1} trailing", "")) {
            LogDraft r = draft(body, Map.of());
            p.process(r);
            assertThat(r.body()).isEqualTo(body);
            assertThat(r.attributes()).isEmpty();
        }
        LogDraft r = draft("{\"a\":1}", Map.of());
        p.process(r);
        assertThat(r.attributes()).containsExactly(Map.entry("json.a", "1"));
        assertThat(r.body()).isEqualTo("{\"a\":1}");
    }

    @Test
    void severityComesFromTheSenderAnAttributeOrTheBody() {
        LogProcessor p = processors.create("severity", Map.of());
        LogDraft fromAttr = draft("x", Map.of("level", "Warning"));
        p.process(fromAttr);
        assertThat(fromAttr.severityNumber()).isEqualTo(13);
        assertThat(fromAttr.severityText()).isEqualTo("WARN");
        LogDraft fromBody = draft("2024-05-01 12:00:01.123 ERROR [main] c.a.Service - boom", Map.of());
        p.process(fromBody);
        assertThat(fromBody.severityText()).isEqualTo("ERROR");
        LogDraft none = draft("an error happened somewhere far later in the text of this line", Map.of());
        p.process(none);
        assertThat(none.severityNumber()).isZero();
        LogDraft kept = new LogDraft(1L, 17, "", "x", Map.of("level", "debug"), k -> null);
        p.process(kept);
        assertThat(kept.severityNumber()).isEqualTo(17);
        assertThat(kept.severityText()).isEqualTo("ERROR");
    }

    @Test
    void timestampFromAFieldOrTheStartOfTheBody() {
        LogProcessor p = processors.create("timestamp", Map.of());
        LogDraft iso = draft("x", Map.of("ts", "2026-11-29T03:04:05.123456789+01:00"));
        p.process(iso);
        assertThat(Instant.ofEpochSecond(0, iso.timestampNanos())).isEqualTo(Instant.parse("2026-11-29T02:04:05.123456789Z"));
        LogDraft millis = draft("x", Map.of("time", "1764385445123"));
        p.process(millis);
        assertThat(millis.timestampNanos()).isEqualTo(1764385445123_000_000L);
        LogDraft seconds = draft("x", Map.of("timestamp", "1764385445.5"));
        p.process(seconds);
        assertThat(seconds.timestampNanos()).isEqualTo(1764385445_500_000_000L);
        LogDraft body = draft("2026-11-29 03:04:05.250 INFO started", Map.of());
        p.process(body);
        assertThat(Instant.ofEpochSecond(0, body.timestampNanos())).isEqualTo(Instant.parse("2026-11-29T03:04:05.250Z"));
        LogDraft junk = draft("not a time", Map.of("ts", "yesterday"));
        p.process(junk);
        assertThat(junk.timestampNanos()).isEqualTo(1L);
    }

    @Test
    void enrichAddsFixedAndResourceAttributesWithoutOverwriting() {
        LogProcessor p = processors.create("enrich", Map.of("attributes", Map.of("team", "payments", "env", "prod"), "fromResource", List.of("k8s.node.name")));
        LogDraft r = draft("x", Map.of("env", "staging"));
        p.process(r);
        assertThat(r.attributes()).containsEntry("team", "payments").containsEntry("env", "staging").containsEntry("k8s.node.name", "node-7");
    }

    @Test
    void unknownTypesAndOptionsAreErrors() {
        assertThatThrownBy(() -> processors.create("jsonbody", Map.of())).hasMessageContaining("unknown processor type 'jsonbody'")
                .hasMessageContaining("json_body");
        assertThatThrownBy(() -> processors.create("json_body", Map.of("prefx", "a"))).hasMessageContaining("unknown option 'prefx'");
        assertThatThrownBy(() -> processors.create("enrich", Map.of())).hasMessageContaining("give attributes");
        assertThatThrownBy(() -> processors.create("severity", Map.of("fromBody", "maybe"))).hasMessageContaining("true or false");
    }

    @Test
    void processorsOnTheClassPathAreFoundByTheirType() {
        assertThat(processors.types()).contains("json_body", "severity", "timestamp", "enrich", "tag_health_checks");
        LogDraft r = draft("GET /healthz 200", Map.of("url.path", "/readyz"));
        processors.create("tag_health_checks", Map.of("path", "/readyz")).process(r);
        assertThat(r.body()).isEmpty();
        assertThat(r.attributes()).containsEntry("health_check", "true");
        assertThatThrownBy(() -> processors.create("tag_health_checks", Map.of("paht", "/x"))).hasMessageContaining("unknown option 'paht'");
    }
}
