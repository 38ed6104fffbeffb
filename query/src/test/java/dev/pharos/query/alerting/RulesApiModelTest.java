package dev.pharos.query.alerting;

import static dev.pharos.query.alerting.FakeRuleWorld.alert;
import static dev.pharos.query.alerting.FakeRuleWorld.record;
import static dev.pharos.query.alerting.FakeRuleWorld.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON of /api/v1/rules and /api/v1/alerts as Prometheus writes it. */
class RulesApiModelTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final long T0 = Instant.parse("2026-01-05T10:00:00Z").toEpochMilli();

    final FakeRuleWorld world = new FakeRuleWorld();

    List<RuleGroup> groups() {
        RuleGroup g = RuleGroup.create(new RuleGroupSpec("rules/api.yml", "api", 30_000, null, 5, List.of(
                record("job:up:sum", "sum by (job) (up)", Map.of()),
                alert("Down", "up == 0", Duration.ofMinutes(5), Duration.ofMinutes(1), Map.of("severity", "page"),
                        Map.of("summary", "{{ $labels.job }} down")))), world.engine(), false);
        RuleGroup other = RuleGroup.create(new RuleGroupSpec("rules/a.yml", "zzz", 60_000, null, 0, List.of(
                alert("Never", "vector(0) > 1", Duration.ZERO))), world.engine(), false);
        world.returns("up == 0", sample(0, "__name__", "up", "job", "api"));
        world.now = T0 + 250;
        g.evaluate(T0);
        return List.of(g, other);
    }

    @Test
    void rulesJson() throws Exception {
        JsonNode json = JSON.valueToTree(RulesApiModel.rules(groups(), RulesApiModel.RulesFilter.all()));
        JsonNode groups = json.get("groups");
        assertThat(groups).hasSize(2);
        // Sorted by file, then name.
        assertThat(groups.get(0).get("file").asText()).isEqualTo("rules/a.yml");
        JsonNode never = groups.get(0).get("rules").get(0);
        assertThat(never.get("state").asText()).isEqualTo("unknown");
        assertThat(never.get("health").asText()).isEqualTo("unknown");
        assertThat(never.get("lastEvaluation").asText()).isEqualTo("0001-01-01T00:00:00Z");
        JsonNode api = groups.get(1);
        assertThat(fieldNames(api)).containsExactly("name", "file", "rules", "interval", "limit", "evaluationTime", "lastEvaluation");
        assertThat(api.get("interval").asDouble()).isEqualTo(30);
        assertThat(api.get("limit").asInt()).isEqualTo(5);
        assertThat(api.get("lastEvaluation").asText()).isEqualTo("2026-01-05T10:00:00.25Z");
        JsonNode rec = api.get("rules").get(0);
        assertThat(fieldNames(rec)).containsExactly("name", "query", "health", "evaluationTime", "lastEvaluation", "type");
        assertThat(rec.get("query").asText()).isEqualTo("sum by (job) (up)");
        assertThat(rec.get("type").asText()).isEqualTo("recording");
        assertThat(rec.get("health").asText()).isEqualTo("ok");
        JsonNode down = api.get("rules").get(1);
        assertThat(fieldNames(down)).containsExactly("state", "name", "query", "duration", "keepFiringFor", "labels", "annotations", "alerts",
                "health", "evaluationTime", "lastEvaluation", "type");
        assertThat(down.get("state").asText()).isEqualTo("pending");
        assertThat(down.get("duration").asDouble()).isEqualTo(300);
        assertThat(down.get("keepFiringFor").asDouble()).isEqualTo(60);
        assertThat(down.get("labels").toString()).isEqualTo("{\"severity\":\"page\"}");
        assertThat(down.get("type").asText()).isEqualTo("alerting");
        JsonNode alert = down.get("alerts").get(0);
        assertThat(alert.toString()).isEqualTo("{\"labels\":{\"alertname\":\"Down\",\"job\":\"api\",\"severity\":\"page\"},"
                + "\"annotations\":{\"summary\":\"api down\"},\"state\":\"pending\",\"activeAt\":\"2026-01-05T10:00:00Z\",\"value\":\"0e+00\"}");
    }

    @Test
    void lastErrorAppearsWhenThereIsOne() {
        world.failures.put("sum by (job) (up)", new RuntimeException("boom"));
        JsonNode json = JSON.valueToTree(RulesApiModel.rules(groups(), RulesApiModel.RulesFilter.all()));
        JsonNode rec = json.get("groups").get(1).get("rules").get(0);
        assertThat(rec.get("health").asText()).isEqualTo("err");
        assertThat(rec.get("lastError").asText()).isEqualTo("boom");
    }

    @Test
    void filters() {
        List<RuleGroup> gs = groups();
        assertThat(RulesApiModel.rules(gs, RulesApiModel.RulesFilter.of("record", List.of(), List.of(), List.of(), null, List.of())).groups())
                .singleElement().satisfies(g -> assertThat(g.rules()).singleElement().isInstanceOf(RulesApiModel.ApiRecordingRule.class));
        assertThat(RulesApiModel.rules(gs, RulesApiModel.RulesFilter.of(null, List.of("Down"), List.of(), List.of(), "true", List.of())).groups())
                .singleElement().satisfies(g -> assertThat(((RulesApiModel.ApiAlertingRule) g.rules().getFirst()).alerts()).isEmpty());
        assertThat(RulesApiModel.rules(gs, RulesApiModel.RulesFilter.of(null, List.of(), List.of(), List.of("rules/a.yml"), null, List.of()))
                .groups()).extracting(RulesApiModel.ApiRuleGroup::name).containsExactly("zzz");
        assertThat(RulesApiModel.rules(gs, RulesApiModel.RulesFilter.of(null, List.of(), List.of(), List.of(), null,
                List.of("{severity=\"page\"}"))).groups()).singleElement().satisfies(g -> assertThat(g.rules()).hasSize(1));
        assertThatThrownBy(() -> RulesApiModel.RulesFilter.of("alerts", List.of(), List.of(), List.of(), null, List.of()))
                .hasMessageContaining("must be one of 'alert' or 'record'");
    }

    @Test
    void alertsJson() throws Exception {
        JsonNode json = JSON.valueToTree(RulesApiModel.alerts(groups()));
        assertThat(json.get("alerts")).singleElement().satisfies(a -> {
            assertThat(a.get("state").asText()).isEqualTo("pending");
            assertThat(a.get("labels").get("alertname").asText()).isEqualTo("Down");
            assertThat(a.has("keepFiringSince")).isFalse();
        });
    }

    static List<String> fieldNames(JsonNode n) {
        List<String> out = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
