package dev.pharos.process.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatasetRouterTest {

    private static AttributeLookup attrs(Map<String, String> m) {
        return key -> m.get(new String(key, StandardCharsets.UTF_8));
    }

    private final DatasetRouter router = new DatasetRouter(List.of(
            new DatasetRule("server", List.of(Condition.of("service", List.of("clickhouse-server"), null))),
            new DatasetRule("keeper", List.of(Condition.of("resource.k8s.container.name", List.of("keeper"), null),
                    Condition.of("attr.component", null, "raft|session"))),
            new DatasetRule("prod", List.of(Condition.of("resource.k8s.namespace.name", null, "prod-.*")))));

    @Test
    void resourceOnlyRulesAreDecidedOncePerResource() {
        assertThat(router.byResource(attrs(Map.of("service.name", "clickhouse-server")))).isEqualTo(0);
        assertThat(router.byResource(attrs(Map.of("service.name", "x", "k8s.namespace.name", "prod-eu")))).isEqualTo(2);
        assertThat(router.byResource(attrs(Map.of("service.name", "x")))).isEqualTo(DatasetRouter.DEFAULT);
        // Regexes must match the whole value.
        assertThat(router.byResource(attrs(Map.of("k8s.namespace.name", "staging-prod-eu")))).isEqualTo(DatasetRouter.DEFAULT);
    }

    @Test
    void recordRulesAreAskedPerRecordOnlyWhenTheResourceLeavesItOpen() {
        AttributeLookup keeper = attrs(Map.of("k8s.container.name", "keeper", "k8s.namespace.name", "prod-1"));
        assertThat(router.byResource(keeper)).isEqualTo(DatasetRouter.PER_RECORD);
        assertThat(router.byRecord(keeper, attrs(Map.of("component", "raft")))).isEqualTo(1);
        // Not raft: the next rule that holds wins, here the namespace one.
        assertThat(router.byRecord(keeper, attrs(Map.of("component", "raftlog")))).isEqualTo(2);
        assertThat(router.byRecord(keeper, AttributeLookup.NONE)).isEqualTo(2);
    }

    @Test
    void aRuleAnEarlierOneAlwaysBeatsIsRefused() {
        assertThatThrownBy(() -> new DatasetRouter(List.of(
                new DatasetRule("all-api", List.of(Condition.of("service", List.of("api", "web"), null))),
                new DatasetRule("api-errors", List.of(Condition.of("service", List.of("api"), null), Condition.of("attr.level", List.of("error"), null))))))
                .hasMessageContaining("dataset api-errors can never receive a record").hasMessageContaining("all-api");
        assertThatThrownBy(() -> new DatasetRouter(List.of(
                new DatasetRule("a", List.of(Condition.of("service", List.of("x"), null))),
                new DatasetRule("a", List.of(Condition.of("service", List.of("y"), null))))))
                .hasMessageContaining("dataset a is defined twice");
        // The narrower rule first is fine: records of the broader one still reach it.
        new DatasetRouter(List.of(
                new DatasetRule("api-errors", List.of(Condition.of("service", List.of("api"), null), Condition.of("attr.level", List.of("error"), null))),
                new DatasetRule("all-api", List.of(Condition.of("service", List.of("api", "web"), null)))));
    }

    @Test
    void badConditionsSayWhatIsAccepted() {
        assertThatThrownBy(() -> Condition.of("host", List.of("a"), null)).hasMessageContaining("unknown match field 'host'");
        assertThatThrownBy(() -> Condition.of("attr.x", null, "(")).hasMessageContaining("invalid regex");
        assertThatThrownBy(() -> Condition.of("attr.x", List.of(), null)).hasMessageContaining("give a value");
        assertThatThrownBy(() -> new DatasetRule("x", List.of())).hasMessageContaining("at least one condition");
    }
}
