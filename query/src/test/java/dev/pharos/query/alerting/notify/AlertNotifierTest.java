package dev.pharos.query.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.pharos.query.alerting.NotifierAlert;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Alertmanager API v2 and webhook bodies, batching, the bounded queue, retries, and a real HTTP round trip on loopback. */
class AlertNotifierTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

    /** Records posts and answers with scripted statuses (200 when the script runs out). */
    static final class FakeSender implements HttpSender {
        final List<URI> urls = new CopyOnWriteArrayList<>();
        final List<String> bodies = new CopyOnWriteArrayList<>();
        final List<Integer> statuses = new CopyOnWriteArrayList<>();

        @Override
        public int post(URI url, byte[] body, Duration timeout) throws IOException {
            urls.add(url);
            bodies.add(new String(body, StandardCharsets.UTF_8));
            if (statuses.isEmpty()) {
                return 200;
            }
            int s = statuses.removeFirst();
            if (s < 0) {
                throw new IOException("connection refused");
            }
            return s;
        }
    }

    static NotifierAlert firing(String name, String instance) {
        return new NotifierAlert(Map.of("alertname", name, "instance", instance), Map.of("summary", "down"), T0,
                T0.plus(Duration.ofMinutes(4)), "http://pharos/graph?g0.expr=up&g0.tab=1");
    }

    @Test
    void alertmanagerBodyIsTheV2PostableAlertsList() throws Exception {
        byte[] body = AlertJson.alertmanagerV2(List.of(firing("Down", "a")));
        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("[{\"labels\":{\"alertname\":\"Down\",\"instance\":\"a\"},"
                + "\"annotations\":{\"summary\":\"down\"},\"startsAt\":\"2026-01-05T10:00:00.000Z\",\"endsAt\":\"2026-01-05T10:04:00.000Z\","
                + "\"generatorURL\":\"http://pharos/graph?g0.expr=up&g0.tab=1\"}]");
    }

    @Test
    void batchesGoToEveryAlertmanagerWithExternalLabels() throws Exception {
        FakeSender sender = new FakeSender();
        AlertmanagerNotifier n = new AlertmanagerNotifier(AlertmanagerNotifier.Options.defaults(
                List.of(URI.create("http://am1:9093"), URI.create("http://am2:9093/")))
                .withExternalLabels(Map.of("cluster", "eu1", "instance", "ignored")), sender);
        List<NotifierAlert> many = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            many.add(firing("Down", "i" + i));
        }
        n.send(many);
        assertThat(n.stats().queueLength()).isEqualTo(300);
        assertThat(n.dispatchOnce()).isTrue();
        assertThat(n.dispatchOnce()).isTrue();
        assertThat(n.dispatchOnce()).isFalse();
        assertThat(sender.urls).hasSize(4).containsOnly(URI.create("http://am1:9093/api/v2/alerts"), URI.create("http://am2:9093/api/v2/alerts"));
        assertThat(sender.bodies.stream().mapToInt(b -> read(b).size()).sum()).isEqualTo(600);
        JsonNode first = read(sender.bodies.getFirst()).get(0);
        assertThat(first.get("labels").get("cluster").asText()).isEqualTo("eu1");
        assertThat(first.get("labels").get("instance").asText()).isEqualTo("i0");
        AlertmanagerNotifier.Stats stats = n.stats();
        assertThat(stats.sentByAlertmanager()).containsEntry("http://am1:9093/api/v2/alerts", 300L).containsEntry("http://am2:9093/api/v2/alerts", 300L);
        assertThat(stats.queueLength()).isZero();
    }

    @Test
    void fullQueueDropsTheOldest() throws Exception {
        FakeSender sender = new FakeSender();
        AlertmanagerNotifier n = new AlertmanagerNotifier(AlertmanagerNotifier.Options.defaults(List.of(URI.create("http://am:9093")))
                .withQueue(3, 10), sender);
        n.send(List.of(firing("A", "1"), firing("A", "2")));
        n.send(List.of(firing("A", "3"), firing("A", "4"), firing("A", "5")));
        assertThat(n.stats().dropped()).isEqualTo(2);
        n.dispatchOnce();
        JsonNode batch = read(sender.bodies.getFirst());
        assertThat(batch).extracting(a -> a.get("labels").get("instance").asText()).containsExactly("3", "4", "5");
    }

    @Test
    void retriesServerErrorsButNotClientErrors() throws Exception {
        FakeSender sender = new FakeSender();
        AlertmanagerNotifier n = new AlertmanagerNotifier(AlertmanagerNotifier.Options.defaults(List.of(URI.create("http://am:9093")))
                .withRetries(3, Duration.ZERO), sender);
        sender.statuses.addAll(List.of(503, -1, 200));
        n.send(List.of(firing("A", "1")));
        n.dispatchOnce();
        assertThat(sender.urls).hasSize(3);
        assertThat(n.stats().sentByAlertmanager()).containsValue(1L);
        sender.statuses.addAll(List.of(400));
        n.send(List.of(firing("A", "1")));
        n.dispatchOnce();
        assertThat(sender.urls).hasSize(4);
        assertThat(n.stats().errorsByAlertmanager()).containsValue(1L);
        sender.statuses.addAll(List.of(500, 500, 500));
        n.send(List.of(firing("A", "1")));
        n.dispatchOnce();
        assertThat(sender.urls).hasSize(7);
        assertThat(n.stats().errorsByAlertmanager()).containsValue(2L);
    }

    @Test
    void realHttpRoundTripOnLoopback() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        List<String> received = new CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch got = new java.util.concurrent.CountDownLatch(1);
        server.createContext("/api/v2/alerts", ex -> {
            received.add(ex.getRequestMethod() + " " + ex.getRequestHeaders().getFirst("Content-Type") + " "
                    + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(200, -1);
            ex.close();
            got.countDown();
        });
        server.start();
        try (AlertmanagerNotifier n = new AlertmanagerNotifier(AlertmanagerNotifier.Options.defaults(
                List.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))), new JdkHttpSender(Duration.ofSeconds(2)))) {
            n.start();
            n.send(List.of(firing("Down", "a")));
            assertThat(got.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(received.getFirst()).startsWith("POST application/json [{\"labels\":{\"alertname\":\"Down\"");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void webhookPostsNewsOnlyInAlertmanagerWebhookFormat() throws Exception {
        FakeSender sender = new FakeSender();
        long[] now = {T0.toEpochMilli()};
        WebhookNotifier n = new WebhookNotifier(WebhookNotifier.Options.defaults(List.of(URI.create("http://hook/x")))
                .withRepeatInterval(Duration.ofHours(1)), sender, () -> now[0]);
        n.send(List.of(firing("Down", "a"), firing("Down", "b"), firing("Other", "c")));
        assertThat(n.stats().queueLength()).isEqualTo(2);
        n.dispatchOnce();
        JsonNode msg = read(sender.bodies.getFirst());
        assertThat(msg.get("version").asText()).isEqualTo("4");
        assertThat(msg.get("status").asText()).isEqualTo("firing");
        assertThat(msg.get("receiver").asText()).isEqualTo("pharos");
        assertThat(msg.get("groupKey").asText()).isEqualTo("{}:{alertname=\"Down\"}");
        assertThat(msg.get("groupLabels").toString()).isEqualTo("{\"alertname\":\"Down\"}");
        assertThat(msg.get("commonLabels").toString()).isEqualTo("{\"alertname\":\"Down\"}");
        assertThat(msg.get("commonAnnotations").toString()).isEqualTo("{\"summary\":\"down\"}");
        JsonNode a = msg.get("alerts").get(0);
        assertThat(a.get("status").asText()).isEqualTo("firing");
        assertThat(a.get("startsAt").asText()).isEqualTo("2026-01-05T10:00:00Z");
        assertThat(a.get("endsAt").asText()).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(a.get("fingerprint").asText()).hasSize(16).isEqualTo(AlertJson.fingerprint(Map.of("alertname", "Down", "instance", "a")));
        // Resent by the rule a minute later: not news.
        now[0] += 60_000;
        n.send(List.of(firing("Down", "a")));
        assertThat(n.stats().queueLength()).isEqualTo(1);
        // After the repeat interval: posted again.
        now[0] += 3_600_000;
        n.send(List.of(firing("Down", "a")));
        assertThat(n.stats().queueLength()).isEqualTo(2);
        // Resolved: posted once with its end.
        NotifierAlert resolved = new NotifierAlert(Map.of("alertname", "Down", "instance", "b"), Map.of(), T0, T0.plusSeconds(90), "u");
        n.send(List.of(resolved));
        n.send(List.of(resolved));
        assertThat(n.stats().queueLength()).isEqualTo(3);
        n.dispatchOnce();
        n.dispatchOnce();
        n.dispatchOnce();
        JsonNode last = read(sender.bodies.getLast());
        assertThat(last.get("status").asText()).isEqualTo("resolved");
        assertThat(last.get("alerts").get(0).get("endsAt").asText()).isEqualTo("2026-01-05T10:01:30Z");
    }

    @Test
    void fingerprintIsAlertmanagers() {
        // FNV-1a 64's offset basis for the empty set, as model.LabelSet{}.Fingerprint().
        assertThat(AlertJson.fingerprint(Map.of())).isEqualTo("cbf29ce484222325");
        assertThat(AlertJson.fingerprint(Map.of("a", "b", "c", "d"))).isEqualTo(AlertJson.fingerprint(new java.util.TreeMap<>(Map.of("c", "d", "a", "b"))));
    }

    static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
