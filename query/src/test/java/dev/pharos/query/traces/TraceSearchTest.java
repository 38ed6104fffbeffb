package dev.pharos.query.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pharos.query.EngineFixture;
import dev.pharos.query.Params;
import dev.pharos.query.QueryOptions;
import dev.pharos.query.time.TimeRange;
import dev.pharos.store.embedded.EmbeddedClickHouse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trace by id, trace search and the services overview against the real engine. */
class TraceSearchTest {

    static final String A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    static final String B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    @TempDir
    static Path dir;
    static EmbeddedClickHouse engine;
    static TraceSearch traces;

    @BeforeAll
    static void start() {
        engine = EngineFixture.open(dir.resolve("data"));
        String cols = "(Timestamp, TraceId, SpanId, ParentSpanId, SpanName, SpanKind, ServiceName, ResourceAttributes, SpanAttributes, "
                + "Duration, StatusCode, StatusMessage, `Events.Timestamp`, `Events.Name`, `Events.Attributes`, `Links.TraceId`, "
                + "`Links.SpanId`, `Links.TraceState`, `Links.Attributes`)";
        // One INSERT ... SELECT per span: each row keeps its own literal types (an empty map or array).
        for (String span : new String[] {
                "'2026-11-28 10:00:00.500000000', '" + A + "', '0000000000000001', '', 'GET /checkout', 'Server', 'frontend', "
                        + "map('k8s.pod.name', 'frontend-1'), map('http.route', '/checkout'), 120000000, 'Ok', '', [], [], [], [], [], [], []",
                "'2026-11-28 10:00:00.510000000', '" + A + "', '0000000000000002', '0000000000000001', 'charge', 'Client', 'checkout', "
                        + "map('k8s.pod.name', 'checkout-1'), map('amount', '42'), 80000000, 'Error', 'card declined', "
                        + "['2026-11-28 10:00:00.550000000'], ['exception'], [map('exception.type', 'CardDeclined')], "
                        + "['" + B + "'], ['00000000000000b1'], ['k=v'], [map('link.kind', 'retry-of')]",
                "'2026-11-28 10:00:00.515000000', '" + A + "', '0000000000000003', '0000000000000002', 'POST /pay', 'Server', 'payment', "
                        + "map(), map(), 70000000, 'Error', '', [], [], [], [], [], [], []",
                "'2026-11-28 10:05:00.000000000', '" + B + "', '00000000000000b1', '', 'GET /cart', 'Server', 'cart', "
                        + "map(), map(), 10000000, 'Ok', '', [], [], [], [], [], [], []"}) {
            engine.execute("INSERT INTO otel.otel_traces " + cols + " SELECT " + span);
        }
        // 100 more cart requests, 1..100 ms, every tenth an error.
        engine.execute("INSERT INTO otel.otel_traces (Timestamp, TraceId, SpanId, SpanName, SpanKind, ServiceName, Duration, StatusCode) "
                + "SELECT toDateTime64('2026-11-28 10:10:00', 9, 'UTC') + toIntervalSecond(number), lower(hex(toFixedString(concat('c', leftPad(toString(number), 15, '0')), 16))), "
                + "'00000000000000c1', 'GET /cart', 'Server', 'cart', (number + 1) * 1000000, if(number % 10 = 0, 'Error', 'Ok') FROM numbers(100)");
        traces = new TraceSearch(engine, QueryOptions.defaults(EngineFixture.DB));
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    static TraceQuery query(String... kv) {
        Map<String, List<String>> m = new HashMap<>();
        m.put("from", List.of("2026-11-28T09:00:00Z"));
        m.put("to", List.of("2026-11-28T11:00:00Z"));
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], List.of(kv[i + 1]));
        }
        return TraceQuery.fromParams(new Params(m), QueryOptions.defaults(EngineFixture.DB), Instant.parse("2026-11-28T12:00:00Z"));
    }

    @Test
    void traceByIdHasEverySpanWithEventsAndLinks() {
        Trace t = traces.get(A.toUpperCase()).orElseThrow();
        assertThat(t.spans()).extracting(Span::name).containsExactly("GET /checkout", "charge", "POST /pay");
        assertThat(t.services()).containsExactly("frontend", "checkout", "payment");
        assertThat(t.durationNanos()).isEqualTo(120_000_000);
        Span charge = t.spans().get(1);
        assertThat(charge.parentSpanId()).isEqualTo("0000000000000001");
        assertThat(charge.statusCode()).isEqualTo("Error");
        assertThat(charge.statusMessage()).isEqualTo("card declined");
        assertThat(charge.startTimeUnixNano()).isEqualTo(Long.toString(Instant.parse("2026-11-28T10:00:00Z").getEpochSecond() * 1_000_000_000L + 510_000_000));
        assertThat(Long.parseLong(charge.endTimeUnixNano()) - Long.parseLong(charge.startTimeUnixNano())).isEqualTo(80_000_000);
        assertThat(charge.attributes()).containsEntry("amount", "42");
        assertThat(charge.resource()).containsEntry("k8s.pod.name", "checkout-1");
        assertThat(charge.events()).singleElement().satisfies(e -> {
            assertThat(e.name()).isEqualTo("exception");
            assertThat(e.attributes()).containsEntry("exception.type", "CardDeclined");
        });
        assertThat(charge.links()).singleElement().satisfies(l -> {
            assertThat(l.traceId()).isEqualTo(B);
            assertThat(l.spanId()).isEqualTo("00000000000000b1");
            assertThat(l.traceState()).isEqualTo("k=v");
            assertThat(l.attributes()).containsEntry("link.kind", "retry-of");
        });
        assertThat(t.sql()).contains("TraceId = '" + A + "'");
    }

    @Test
    void unknownAndInvalidTraceIds() {
        assertThat(traces.get("0123456789abcdef0123456789abcdef")).isEmpty();
        assertThatThrownBy(() -> traces.get("xyz")).hasMessageContaining("expected 32 hexadecimal characters");
        assertThatThrownBy(() -> traces.get("' OR 1=1 --")).hasMessageContaining("invalid trace id");
    }

    @Test
    void searchByServiceDurationStatusAndAttributes() {
        TraceSearch.Found errors = traces.find(query("service", "payment", "status", "error"));
        assertThat(errors.traces()).singleElement().satisfies(s -> {
            assertThat(s.traceId()).isEqualTo(A);
            assertThat(s.rootService()).isEqualTo("frontend");
            assertThat(s.rootName()).isEqualTo("GET /checkout");
            assertThat(s.spanCount()).isEqualTo(3);
            assertThat(s.errorCount()).isEqualTo(2);
            assertThat(s.durationNanos()).isEqualTo(120_000_000);
            assertThat(s.services()).containsExactly("checkout", "frontend", "payment");
        });
        assertThat(traces.find(query("service", "cart", "min_duration", "95ms", "limit", "100")).traces()).hasSize(6);
        assertThat(traces.find(query("service", "cart", "max_duration", "0.005s", "limit", "100")).traces()).hasSize(5);
        assertThat(traces.find(query("filter", "attr.http.route=/checkout")).traces()).extracting(TraceSummary::traceId).containsExactly(A);
        assertThat(traces.find(query("filter", "pod=checkout-1")).traces()).extracting(TraceSummary::traceId).containsExactly(A);
        List<TraceSummary> recent = traces.find(query("service", "cart", "limit", "3")).traces();
        assertThat(recent).hasSize(3);
        assertThat(recent.getFirst().start()).isEqualTo("2026-11-28T10:11:39Z");
        assertThatThrownBy(() -> query("min_duration", "fast")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> query("status", "bad")).hasMessageContaining("'status' must be");
    }

    @Test
    void servicesOverviewHasRateErrorsAndPercentiles() {
        TimeRange range = new TimeRange(TimeRange.nanos(Instant.parse("2026-11-28T10:10:00Z")), TimeRange.nanos(Instant.parse("2026-11-28T10:12:00Z")));
        TraceSearch.Overview o = traces.services(range);
        assertThat(o.services()).singleElement().satisfies(s -> {
            assertThat(s.service()).isEqualTo("cart");
            assertThat(s.requests()).isEqualTo(100);
            assertThat(s.errors()).isEqualTo(10);
            assertThat(s.errorRate()).isEqualTo(0.1);
            assertThat(s.ratePerSecond()).isCloseTo(100 / 120.0, org.assertj.core.data.Offset.offset(0.001));
            assertThat(s.p50Ms()).isBetween(45.0, 56.0);
            assertThat(s.p99Ms()).isBetween(95.0, 100.0);
        });
        TraceSearch.Overview all = traces.services(new TimeRange(TimeRange.nanos(Instant.parse("2026-11-28T09:00:00Z")),
                TimeRange.nanos(Instant.parse("2026-11-28T11:00:00Z"))));
        assertThat(all.services()).extracting(ServiceStats::service).containsExactly("cart", "checkout", "frontend", "payment");
        ServiceStats checkout = all.services().get(1);
        assertThat(checkout.requests()).as("a client span is not a request to the service").isZero();
        assertThat(checkout.p50Ms()).isNull();
    }
}
