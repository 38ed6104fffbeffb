package dev.pharos.receive.otlp;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.pharos.access.Tenants;
import dev.pharos.process.otlp.MapResult;
import dev.pharos.process.pipeline.IngestPipeline;
import dev.pharos.process.pipeline.Signal;
import dev.pharos.process.pipeline.Ticket;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;

/** What differs between the three OTLP export services: paths, message types, partial-success fields. */
enum OtlpSignal {
    LOGS(Signal.LOGS, "/v1/logs", "/opentelemetry.proto.collector.logs.v1.LogsService/Export") {
        @Override
        IngestPipeline.Outcome submit(IngestPipeline p, byte[] protobuf, Ticket ticket, int maxNesting, Tenants tenants) {
            return p.submitLogs(protobuf, protobuf.length, ticket, tenants);
        }

        @Override
        Message.Builder jsonBuilder() {
            return ExportLogsServiceRequest.newBuilder();
        }

        @Override
        Message response(MapResult r) {
            ExportLogsServiceResponse.Builder b = ExportLogsServiceResponse.newBuilder();
            if (r.rejected() > 0) {
                b.setPartialSuccess(ExportLogsPartialSuccess.newBuilder().setRejectedLogRecords(r.rejected()).setErrorMessage(r.message()));
            }
            return b.build();
        }
    },
    TRACES(Signal.TRACES, "/v1/traces", "/opentelemetry.proto.collector.trace.v1.TraceService/Export") {
        @Override
        IngestPipeline.Outcome submit(IngestPipeline p, byte[] protobuf, Ticket ticket, int maxNesting, Tenants tenants) {
            return p.submitTraces(protobuf, protobuf.length, ticket, tenants);
        }

        @Override
        Message.Builder jsonBuilder() {
            return ExportTraceServiceRequest.newBuilder();
        }

        @Override
        Message response(MapResult r) {
            ExportTraceServiceResponse.Builder b = ExportTraceServiceResponse.newBuilder();
            if (r.rejected() > 0) {
                b.setPartialSuccess(ExportTracePartialSuccess.newBuilder().setRejectedSpans(r.rejected()).setErrorMessage(r.message()));
            }
            return b.build();
        }
    },
    METRICS(Signal.METRICS, "/v1/metrics", "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export") {
        /** Metrics are fewer and richer than spans or logs: decoded with protobuf-java, then mapped. */
        @Override
        IngestPipeline.Outcome submit(IngestPipeline p, byte[] protobuf, Ticket ticket, int maxNesting, Tenants tenants) {
            CodedInputStream in = CodedInputStream.newInstance(protobuf);
            in.enableAliasing(true);
            in.setRecursionLimit(maxNesting);
            ExportMetricsServiceRequest request;
            try {
                request = ExportMetricsServiceRequest.parser().parseFrom(in);
            } catch (InvalidProtocolBufferException e) {
                ticket.close();
                return new IngestPipeline.Outcome.Invalid("invalid protobuf: " + e.getMessage());
            }
            return p.submitMetrics(request, ticket, tenants);
        }

        @Override
        Message.Builder jsonBuilder() {
            return ExportMetricsServiceRequest.newBuilder();
        }

        @Override
        Message response(MapResult r) {
            ExportMetricsServiceResponse.Builder b = ExportMetricsServiceResponse.newBuilder();
            if (r.rejected() > 0) {
                b.setPartialSuccess(ExportMetricsPartialSuccess.newBuilder().setRejectedDataPoints(r.rejected()).setErrorMessage(r.message()));
            }
            return b.build();
        }
    };

    final Signal signal;
    final String httpPath;
    final String grpcPath;

    OtlpSignal(Signal signal, String httpPath, String grpcPath) {
        this.signal = signal;
        this.httpPath = httpPath;
        this.grpcPath = grpcPath;
    }

    /** Maps a request in protobuf; a JSON request arrives here re-encoded as protobuf, so each signal has one mapping. */
    abstract IngestPipeline.Outcome submit(IngestPipeline p, byte[] protobuf, Ticket ticket, int maxNesting, Tenants tenants);

    abstract Message.Builder jsonBuilder();

    abstract Message response(MapResult result);
}
