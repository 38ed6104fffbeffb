package dev.pharos.process.redact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactModesTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final String JWT = RedactJwtTest.JWT;

    @Test
    void cleanValuesComeBackAsTheSameInstance() {
        Redactor r = new Redactor(RedactionPolicy.defaults());
        String line = "GET /api/v1/orders/12345 200 31ms user_agent=\"curl/8.5.0\" trace_id=4bf92f3577b34da6a3ce929d0e0e4736";
        assertThat(r.redact(line)).isSameAs(line);
        Redactor drop = new Redactor(RedactionPolicy.defaults().withMode(RedactionMode.DROP));
        assertThat(drop.redact(line)).isSameAs(line);
    }

    @Test
    void maskNamesTheDetector() {
        Redactor r = new Redactor(RedactionPolicy.defaults());
        assertThat(r.redact("user bob@example.com password=hunter2 card 4111 1111 1111 1111"))
                .isEqualTo("user [REDACTED:email] password=[REDACTED:key_value_secret] card [REDACTED:credit_card]");
    }

    @Test
    void hashCorrelatesEqualValuesWithoutRevealingThem() {
        Redactor r = new Redactor(RedactionPolicy.defaults().withHash(KEY));
        String a = r.redact("login bob@example.com ok");
        String b = r.redact("{\"to\":\"bob@example.com\"}");
        String c = r.redact("login carol@example.com ok");
        String marker = a.substring("login ".length(), a.length() - " ok".length());
        assertThat(marker).matches("\\[email:[0-9a-f]{12}]");
        assertThat(b).isEqualTo("{\"to\":\"" + marker + "\"}");
        assertThat(c).doesNotContain(marker).doesNotContain("carol");
        Redactor otherKey = new Redactor(
                RedactionPolicy.defaults().withHash("another key of sixteen+ bytes".getBytes(StandardCharsets.US_ASCII)));
        assertThat(otherKey.redact("login bob@example.com ok")).isNotEqualTo(a);
    }

    @Test
    void hashNeedsAKey() {
        assertThatThrownBy(() -> new Redactor(RedactionPolicy.defaults().withMode(RedactionMode.HASH)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Redactor(RedactionPolicy.defaults().withHash(new byte[8]))).isInstanceOf(IllegalArgumentException.class);
        assertThat(RedactionPolicy.defaults().withHash(KEY).toString()).doesNotContain("0123");
    }

    @Test
    void dropReportsTheValueMustGo() {
        Redactor r = new Redactor(RedactionPolicy.defaults().withMode(RedactionMode.DROP));
        assertThat(r.redact("token=" + JWT)).isNull();
        assertThat(r.count(SecretKind.JWT)).isEqualTo(1);
    }

    @Test
    void overlappingDetectionsBecomeOneRegionNamedDeterministically() {
        Redactor r = new Redactor(RedactionPolicy.defaults());
        // bearer and jwt report the same span: the kind listed first wins, whatever order detectors ran in
        assertThat(r.redact("Authorization: Bearer " + JWT)).isEqualTo("Authorization: Bearer [REDACTED:bearer_token]");
        // key=value and jwt: same span again
        assertThat(r.redact("id_token=" + JWT + "&x=1")).isEqualTo("id_token=[REDACTED:jwt]&x=1");
        // a longer span swallows a shorter one inside it
        List<Finding> found = r.find("{\"password\": \"pw bob@example.com\"}");
        assertThat(found).containsExactly(new Finding(14, 32, SecretKind.KEY_VALUE_SECRET));
        assertThat(r.redact("postgres://app:p4ss@db.example.com/app")).isEqualTo("postgres://app:[REDACTED:url_password]@db.example.com/app");
    }

    @Test
    void ipDetectorsAreOffByDefault() {
        String line = "client 10.1.2.3 via 2001:db8::1";
        assertThat(new Redactor(RedactionPolicy.defaults()).redact(line)).isSameAs(line);
        Redactor ips = new Redactor(RedactionPolicy.defaults().with(SecretKind.IPV4).with(SecretKind.IPV6));
        assertThat(ips.redact(line)).isEqualTo("client [REDACTED:ipv4] via [REDACTED:ipv6]");
    }

    @Test
    void attributeKeysNamingASecretHideTheWholeValue() {
        Redactor r = new Redactor(RedactionPolicy.defaults());
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("user.name", "bob");
        attributes.put("password", "correct horse battery staple");
        attributes.put("http.request.header.authorization", "Basic Ym9iOnNlY3JldA==");
        attributes.put("http.request.header.cookie", "sid=abc; theme=dark");
        attributes.put("gen_ai.usage.input_tokens", "812");
        attributes.put("note", "card 4111111111111111");
        Map<String, String> out = r.redactAttributes(attributes);
        assertThat(out).containsExactly(Map.entry("user.name", "bob"), Map.entry("password", "[REDACTED:secret_attribute]"),
                Map.entry("http.request.header.authorization", "[REDACTED:secret_attribute]"),
                Map.entry("http.request.header.cookie", "[REDACTED:secret_attribute]"), Map.entry("gen_ai.usage.input_tokens", "812"),
                Map.entry("note", "card [REDACTED:credit_card]"));
        assertThat(r.count(SecretKind.SECRET_ATTRIBUTE)).isEqualTo(3);

        Map<String, String> clean = Map.of("service.name", "checkout", "max_tokens", "512");
        assertThat(r.redactAttributes(clean)).isSameAs(clean);

        Redactor drop = new Redactor(RedactionPolicy.defaults().withMode(RedactionMode.DROP));
        assertThat(drop.redactAttributes(attributes)).containsOnlyKeys("user.name", "gen_ai.usage.input_tokens");
        assertThat(drop.redactAttribute("DB_PASSWORD", "x")).isNull();
        assertThat(drop.redactAttribute("db.statement", "SELECT 1")).isEqualTo("SELECT 1");
    }

    @Test
    void theAttributeRuleCanBeSwitchedOff() {
        Redactor r = new Redactor(RedactionPolicy.defaults().without(SecretKind.SECRET_ATTRIBUTE));
        assertThat(r.redactAttribute("password", "plain words")).isEqualTo("plain words");
    }

    @Test
    void countsPerDetectorOnMetrics() {
        PrometheusRegistry registry = new PrometheusRegistry();
        RedactionMetrics metrics = new RedactionMetrics(registry);
        RedactionPolicies policies = new RedactionPolicies(RedactionPolicy.defaults(),
                Map.of("payments", RedactionPolicy.defaults().with(SecretKind.IPV4)), metrics);
        policies.forDataset("default").redact("a@example.com and b@example.com");
        policies.forDataset("payments").redact("from 10.0.0.1 card 5555555555554444");
        policies.forDataset("payments").redactAttribute("api_key", "k");
        assertThat(policies.forDataset("other")).isSameAs(policies.forDataset("default"));
        assertThat(policies.forDataset("payments").count(SecretKind.IPV4)).isEqualTo(1);

        assertThat(counter(registry, "email")).isEqualTo(2);
        assertThat(counter(registry, "ipv4")).isEqualTo(1);
        assertThat(counter(registry, "credit_card")).isEqualTo(1);
        assertThat(counter(registry, "secret_attribute")).isEqualTo(1);
        assertThat(counter(registry, "jwt")).isZero();
    }

    private static double counter(PrometheusRegistry registry, String detector) {
        for (MetricSnapshot snapshot : registry.scrape()) {
            if (snapshot instanceof CounterSnapshot counter && counter.getMetadata().getName().equals("pharos_redactions")) {
                for (CounterSnapshot.CounterDataPointSnapshot p : counter.getDataPoints()) {
                    if (detector.equals(p.getLabels().get("detector"))) {
                        return p.getValue();
                    }
                }
            }
        }
        throw new AssertionError("no series for " + detector);
    }
}
