package dev.pharos.query.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pharos.query.EngineFixture;
import dev.pharos.query.Params;
import dev.pharos.query.QueryException;
import dev.pharos.query.QueryOptions;
import dev.pharos.query.attributes.AttributeDiscovery;
import dev.pharos.query.time.TimeRange;
import dev.pharos.store.embedded.EmbeddedClickHouse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Log search, pagination, histogram, attribute discovery and live tail against the real engine. */
class LogSearchTest {

    static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    static final int N = 600;
    static final String[] SERVICES = {"checkout", "cart", "auth"};
    static final int[] SEVERITY = {9, 17, 5, 13};

    @TempDir
    static Path dir;
    static EmbeddedClickHouse engine;
    static LogSearch search;

    @BeforeAll
    static void start() {
        engine = EngineFixture.open(dir.resolve("data"));
        // Three records per second; every tenth body mentions a refused connection; half carry a user_id.
        engine.execute("""
                INSERT INTO otel.otel_logs (Timestamp, ServiceName, SeverityNumber, SeverityText, Body, TraceId, ResourceAttributes, LogAttributes)
                SELECT toDateTime64('2026-11-28 10:00:00', 9, 'UTC') + toIntervalSecond(intDiv(number, 3)),
                       ['checkout', 'cart', 'auth'][number % 3 + 1],
                       [9, 17, 5, 13][number % 4 + 1],
                       ['INFO', 'ERROR', 'DEBUG', 'WARN'][number % 4 + 1],
                       concat('request ', toString(number), if(number % 10 = 0, ' failed: Connection refused by upstream', ' ok')),
                       if(number % 50 = 0, lower(hex(toFixedString(concat('trace-', leftPad(toString(number), 10, '0')), 16))), ''),
                       map('k8s.pod.name', concat('pod-', toString(number % 5)), 'k8s.namespace.name', if(number % 2 = 0, 'prod', 'staging')),
                       if(number % 2 = 0, map('user_id', toString(number % 7)), map())
                FROM numbers(600)""");
        // Five records identical in every column: pagination must still return each exactly once.
        engine.execute("INSERT INTO otel.otel_logs (Timestamp, ServiceName, SeverityNumber, Body) "
                + "SELECT toDateTime64('2026-11-28 10:01:00.5', 9, 'UTC'), 'checkout', 9, 'duplicate line' FROM numbers(5)");
        search = new LogSearch(engine, QueryOptions.defaults(EngineFixture.DB));
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    static Params params(String... kv) {
        Map<String, List<String>> m = new HashMap<>();
        m.put("from", List.of("2026-11-28T09:59:00Z"));
        m.put("to", List.of("2026-11-28T10:10:00Z"));
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i].equals("filter")) {
                m.computeIfAbsent("filter", k -> new ArrayList<>()).add(kv[i + 1]);
            } else {
                m.put(kv[i], List.of(kv[i + 1]));
            }
        }
        return new Params(m);
    }

    static LogQuery query(String... kv) {
        return LogQuery.fromParams(params(kv), search.options(), T0.plusSeconds(3600));
    }

    static long expected(IntPredicate p) {
        return IntStream.range(0, N).filter(p).count();
    }

    static List<LogRecord> all(LogQuery first) {
        List<LogRecord> out = new ArrayList<>();
        LogQuery q = first;
        for (int pages = 0; pages < 10_000; pages++) {
            LogPage page = search.search(q);
            out.addAll(page.rows());
            if (page.nextCursor() == null) {
                return out;
            }
            q = new LogQuery(q.range(), q.filters(), q.text(), q.newestFirst(), q.limit(), LogCursor.decode(page.nextCursor(), q.newestFirst()));
        }
        throw new AssertionError("pagination did not end");
    }

    @Test
    void filtersOnPodSeverityNamespaceAndAttributes() {
        assertThat(all(query("filter", "pod=pod-1", "filter", "severity=error", "limit", "1000")))
                .hasSize((int) expected(n -> n % 5 == 1 && n % 4 == 1))
                .allSatisfy(r -> {
                    assertThat(r.resource()).containsEntry("k8s.pod.name", "pod-1");
                    assertThat(r.severity()).isEqualTo("ERROR");
                    assertThat(r.severityText()).isEqualTo("ERROR");
                });
        assertThat(all(query("filter", "namespace=prod", "filter", "service!=cart", "limit", "1000")))
                .hasSize((int) expected(n -> n % 2 == 0 && n % 3 != 1));
        assertThat(all(query("filter", "attr.user_id exists", "limit", "1000"))).hasSize((int) expected(n -> n % 2 == 0));
        assertThat(all(query("filter", "attr.user_id !exists", "limit", "1000"))).hasSize((int) expected(n -> n % 2 == 1) + 5);
        assertThat(all(query("filter", "attr.user_id=~^[12]$", "limit", "1000")))
                .hasSize((int) expected(n -> n % 2 == 0 && (n % 7 == 1 || n % 7 == 2)));
        assertThat(all(query("filter", "severity=WARNING", "limit", "1000"))).hasSize((int) expected(n -> n % 4 == 3));
    }

    @Test
    void fullTextWordsPhrasesAndExclusions() {
        long refused = expected(n -> n % 10 == 0);
        assertThat(all(query("q", "refused", "limit", "1000"))).hasSize((int) refused);
        assertThat(all(query("q", "connection", "limit", "1000"))).as("lower case also finds Connection").hasSize((int) refused);
        assertThat(all(query("q", "Connection", "limit", "1000"))).hasSize((int) refused);
        assertThat(all(query("q", "CONNECTIOn", "limit", "1000"))).as("mixed case is exact").isEmpty();
        assertThat(all(query("q", "\"Connection refused\"", "limit", "1000"))).hasSize((int) refused);
        assertThat(all(query("q", "\"refused Connection\"", "limit", "1000"))).isEmpty();
        assertThat(all(query("q", "request -ok", "limit", "1000"))).hasSize((int) refused);
        assertThat(all(query("q", "request 120", "limit", "1000"))).extracting(LogRecord::body)
                .containsExactly("request 120 failed: Connection refused by upstream");
        LogPage page = search.search(query("q", "refused"));
        assertThat(page.sql()).contains("hasToken(Body, 'refused')").contains("otel.otel_logs");
        assertThat(page.from()).isEqualTo("2026-11-28T09:59:00Z");
        assertThat(page.to()).isEqualTo("2026-11-28T10:10:00Z");
    }

    @Test
    void pagesNeitherSkipNorRepeatInBothOrders() {
        List<String> expectedBodies = new ArrayList<>();
        for (String line : engine.query("SELECT Body FROM otel.otel_logs ORDER BY Body", "TSV").text().split("\n")) {
            expectedBodies.add(line);
        }
        for (String order : List.of("newest", "oldest")) {
            for (String limit : List.of("3", "7", "100")) {
                List<LogRecord> rows = all(query("order", order, "limit", limit));
                assertThat(rows.stream().map(LogRecord::body).sorted().toList()).as(order + " by " + limit).isEqualTo(expectedBodies);
                List<Long> times = rows.stream().map(r -> Long.parseLong(r.timeUnixNano())).toList();
                List<Long> sorted = new ArrayList<>(times);
                sorted.sort(order.equals("newest") ? java.util.Comparator.reverseOrder() : java.util.Comparator.naturalOrder());
                assertThat(times).isEqualTo(sorted);
            }
            assertThat(all(query("order", order, "limit", "1", "q", "duplicate"))).as("one by one through identical rows").hasSize(5);
        }
    }

    @Test
    void recordsCarryEveryField() {
        List<LogRecord> rows = all(query("q", "\"request 0 failed\"", "limit", "10"));
        assertThat(rows).hasSize(1);
        LogRecord r = rows.getFirst();
        assertThat(r.timestamp()).isEqualTo("2026-11-28T10:00:00Z");
        assertThat(r.timeUnixNano()).isEqualTo(Long.toString(T0.getEpochSecond() * 1_000_000_000L));
        assertThat(r.service()).isEqualTo("checkout");
        assertThat(r.severity()).isEqualTo("INFO");
        assertThat(r.severityNumber()).isEqualTo(9);
        assertThat(r.traceId()).hasSize(32);
        assertThat(r.resource()).containsEntry("k8s.namespace.name", "prod");
        assertThat(r.attributes()).containsEntry("user_id", "0");
        assertThat(all(query("filter", "trace_id=" + r.traceId().toUpperCase()))).extracting(LogRecord::body).containsExactly(r.body());
    }

    @Test
    void histogramCountsBySeverity() {
        LogHistogram h = search.histogram(query());
        assertThat(h.stepSeconds()).isEqualTo(10);
        assertThat(h.buckets()).hasSize(66);
        assertThat(h.total()).isEqualTo(N + 5);
        long errors = h.buckets().stream().mapToLong(b -> b.bySeverity().getOrDefault("ERROR", 0L)).sum();
        assertThat(errors).isEqualTo(expected(n -> n % 4 == 1));
        assertThat(h.buckets().get(6).start()).isEqualTo("2026-11-28T10:00:00Z");
        assertThat(h.buckets().get(6).total()).isEqualTo(30);
        assertThat(LogSearch.step(TimeRange.lastWindow(Duration.ofDays(7), T0))).isEqualTo(7200);
    }

    @Test
    void badInputGetsClearErrors() {
        assertThatThrownBy(() -> search.search(query("filter", "nosuchfield=1"))).hasMessageContaining("unknown field 'nosuchfield'");
        assertThatThrownBy(() -> query("filter", "pod")).hasMessageContaining("has no operator");
        assertThatThrownBy(() -> query("from", "yesterday")).hasMessageContaining("'from' is not a time");
        assertThatThrownBy(() -> query("limit", "0")).hasMessageContaining("'limit' must be between");
        assertThatThrownBy(() -> query("cursor", "garbage!")).hasMessageContaining("invalid cursor");
        assertThatThrownBy(() -> query("q", "\"open")).hasMessageContaining("unterminated quote");
        assertThatThrownBy(() -> search.search(query("filter", "body=~(unclosed"))).isInstanceOf(QueryException.class)
                .hasMessageContaining("CANNOT_COMPILE_REGEXP");
    }

    @Test
    void injectionInValuesStaysAValue() {
        assertThat(search.search(query("filter", "pod=x' OR 1=1 --")).rows()).isEmpty();
        assertThat(search.search(query("q", "\"' OR ''='\"")).rows()).isEmpty();
        assertThat(search.search(query("filter", "resource.a'b=c\\")).rows()).isEmpty();
    }

    @Test
    void searchesThatWouldReadTooMuchAreRefusedBeforeRunning() {
        LogSearch strict = new LogSearch(engine, new QueryOptions(EngineFixture.DB, Duration.ofMinutes(15), 100, Duration.ofSeconds(5), 1000));
        assertThatThrownBy(() -> strict.search(query())).hasMessageContaining("would read about").hasMessageContaining("narrow the time window");
    }

    @Test
    void attributeKeysAndTopValues() {
        AttributeDiscovery d = new AttributeDiscovery(engine, search.options());
        TimeRange range = query().range();
        assertThat(d.keys("logs", range, 50).items()).extracting(AttributeDiscovery.Count::value)
                .contains("pod", "severity", "resource.k8s.pod.name", "resource.k8s.namespace.name", "attr.user_id");
        var values = d.values("logs", "pod", "pod-", range, 10).items();
        assertThat(values).hasSize(5).allSatisfy(c -> assertThat(c.count()).isEqualTo(120));
        assertThat(d.values("logs", "attr.user_id", null, range, 3).items()).hasSize(3);
        assertThatThrownBy(() -> d.keys("metrics", range, 5)).hasMessageContaining("'signal' must be");
    }

    @Test
    void liveTailDeliversEachNewRecordOnce() {
        LiveTail tail = new LiveTail(search, List.of(dev.pharos.query.Filter.parse("service=tail-test")), TextSearch.parse(null),
                Duration.ofSeconds(30), 100);
        assertThat(tail.poll(Instant.now()).records()).isEmpty();
        engine.execute("INSERT INTO otel.otel_logs (Timestamp, ServiceName, Body) SELECT * FROM values((now64(9), 'tail-test', 'first'), (now64(9), 'other', 'x'))");
        assertThat(tail.poll(Instant.now()).records()).extracting(LogRecord::body).containsExactly("first");
        assertThat(tail.poll(Instant.now()).records()).isEmpty();
        engine.execute("INSERT INTO otel.otel_logs (Timestamp, ServiceName, Body) SELECT now64(9), 'tail-test', 'second'");
        assertThat(tail.poll(Instant.now()).records()).extracting(LogRecord::body).containsExactly("second");
    }
}
