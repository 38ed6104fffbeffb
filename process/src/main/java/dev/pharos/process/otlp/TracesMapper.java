package dev.pharos.process.otlp;

import dev.pharos.store.batch.TracesBatch;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;

/** OTLP spans to {@code otel_traces} rows, as the OTel ClickHouse exporter writes them. */
public final class TracesMapper {

    private TracesMapper() {}

    public static int count(ExportTraceServiceRequest request) {
        int n = 0;
        for (ResourceSpans rs : request.getResourceSpansList()) {
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                n += ss.getSpansCount();
            }
        }
        return n;
    }

    public static void map(ExportTraceServiceRequest request, TracesBatch b, RecordRules rules, MapResult result) {
        for (ResourceSpans rs : request.getResourceSpansList()) {
            EncodedAttributes resource = EncodedAttributes.of(rs.getResource().getAttributesList());
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                String scopeName = ss.getScope().getName();
                String scopeVersion = ss.getScope().getVersion();
                for (Span s : ss.getSpansList()) {
                    Rejection why = check(s, resource, rules);
                    if (why != null) {
                        result.reject(why);
                        continue;
                    }
                    long start = s.getStartTimeUnixNano();
                    b.timestamp.add(start);
                    b.traceId.add(AttributeText.hexId(s.getTraceId()));
                    b.spanId.add(AttributeText.hexId(s.getSpanId()));
                    b.parentSpanId.add(AttributeText.hexId(s.getParentSpanId()));
                    b.traceState.add(s.getTraceState());
                    b.spanName.add(s.getName());
                    b.spanKind.add(kind(s.getKind()));
                    b.serviceName.add(resource.serviceName());
                    resource.writeRow(b.resourceAttributes);
                    b.scopeName.add(scopeName);
                    b.scopeVersion.add(scopeVersion);
                    EncodedAttributes.writeRow(s.getAttributesList(), b.spanAttributes);
                    // An end before the start is a clock bug in the sender; a zero duration keeps the span readable.
                    b.duration.add(Math.max(0, s.getEndTimeUnixNano() - start));
                    b.statusCode.add(status(s.getStatus().getCode()));
                    b.statusMessage.add(s.getStatus().getMessage());
                    for (Span.Event e : s.getEventsList()) {
                        b.eventsTimestamp.elements().add(e.getTimeUnixNano());
                        b.eventsName.elements().add(e.getName());
                        EncodedAttributes.writeRow(e.getAttributesList(), b.eventsAttributes.elements());
                    }
                    b.eventsTimestamp.endRow();
                    b.eventsName.endRow();
                    b.eventsAttributes.endRow();
                    for (Span.Link l : s.getLinksList()) {
                        b.linksTraceId.elements().add(AttributeText.hexId(l.getTraceId()));
                        b.linksSpanId.elements().add(AttributeText.hexId(l.getSpanId()));
                        b.linksTraceState.elements().add(l.getTraceState());
                        EncodedAttributes.writeRow(l.getAttributesList(), b.linksAttributes.elements());
                    }
                    b.linksTraceId.endRow();
                    b.linksSpanId.endRow();
                    b.linksTraceState.endRow();
                    b.linksAttributes.endRow();
                    result.accept();
                }
            }
        }
    }

    private static Rejection check(Span s, EncodedAttributes resource, RecordRules rules) {
        int parentLen = s.getParentSpanId().size();
        if (s.getTraceId().size() != 16 || s.getSpanId().size() != 8 || (parentLen != 0 && parentLen != 8)) {
            return Rejection.INVALID_ID;
        }
        for (Span.Link l : s.getLinksList()) {
            if (l.getTraceId().size() != 16 || l.getSpanId().size() != 8) {
                return Rejection.INVALID_ID;
            }
            if (l.getAttributesCount() > rules.maxAttributes()) {
                return Rejection.TOO_MANY_ATTRIBUTES;
            }
        }
        if (s.getAttributesCount() > rules.maxAttributes() || resource.size() > rules.maxAttributes()) {
            return Rejection.TOO_MANY_ATTRIBUTES;
        }
        for (Span.Event e : s.getEventsList()) {
            if (e.getAttributesCount() > rules.maxAttributes()) {
                return Rejection.TOO_MANY_ATTRIBUTES;
            }
        }
        if (rules.tooOld(s.getStartTimeUnixNano())) {
            return Rejection.TOO_OLD;
        }
        return null;
    }

    /** The exporter's spelling of span kinds (pdata's {@code SpanKind.String()} without the prefix). */
    static String kind(Span.SpanKind kind) {
        return switch (kind) {
            case SPAN_KIND_INTERNAL -> "Internal";
            case SPAN_KIND_SERVER -> "Server";
            case SPAN_KIND_CLIENT -> "Client";
            case SPAN_KIND_PRODUCER -> "Producer";
            case SPAN_KIND_CONSUMER -> "Consumer";
            case SPAN_KIND_UNSPECIFIED, UNRECOGNIZED -> "Unspecified";
        };
    }

    static String status(Status.StatusCode code) {
        return switch (code) {
            case STATUS_CODE_OK -> "Ok";
            case STATUS_CODE_ERROR -> "Error";
            case STATUS_CODE_UNSET, UNRECOGNIZED -> "Unset";
        };
    }
}
