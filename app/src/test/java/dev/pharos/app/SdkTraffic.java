package dev.pharos.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.util.concurrent.TimeUnit;

/** Telemetry of a failing request, sent by the OpenTelemetry Java SDK over OTLP/HTTP to a running server. */
final class SdkTraffic {

    private SdkTraffic() {}

    static Resource resource(String service, String pod) {
        return Resource.create(Attributes.builder().put("service.name", service).put("k8s.pod.name", pod)
                .put("k8s.namespace.name", "shop").build());
    }

    /** One failing request of {@code service}: a server span, a client child with an exception event, 20 INFO and 3 ERROR logs in it. */
    /** The traffic the explore tests share: a failing checkout request and a failing cart request, written; the checkout trace id. */
    static String checkoutAndCart(AllInOne server) throws InterruptedException {
        String traceId = send(server, "checkout", "checkout-7d9f");
        send(server, "cart", "cart-1");
        awaitDrained(server);
        return traceId;
    }

    /** Retries {@code check} for up to 10 s: audit rows are written off the request path, a few milliseconds later. */
    static void eventually(ThrowingRunnable check) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try {
                check.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    static String send(AllInOne server, String service, String pod) {
        return send(server, service, pod, null);
    }

    /** As {@link #send(AllInOne, String, String)}, authenticated with {@code token} (an ingest token) when not null. */
    static String send(AllInOne server, String service, String pod, String token) {
        String otlp = "http://127.0.0.1:" + server.otlpHttpPort();
        java.util.Map<String, String> headers = token == null ? java.util.Map.of() : java.util.Map.of("Authorization", "Bearer " + token);
        try (SdkTracerProvider tracing = SdkTracerProvider.builder().setResource(resource(service, pod))
                .addSpanProcessor(BatchSpanProcessor.builder(OtlpHttpSpanExporter.builder().setEndpoint(otlp + "/v1/traces")
                        .setHeaders(() -> headers).build()).build()).build();
             SdkLoggerProvider logging = SdkLoggerProvider.builder().setResource(resource(service, pod))
                .addLogRecordProcessor(BatchLogRecordProcessor.builder(OtlpHttpLogRecordExporter.builder().setEndpoint(otlp + "/v1/logs")
                        .setHeaders(() -> headers).build()).build()).build()) {
            Span root = tracing.get("test").spanBuilder("POST /" + service).setSpanKind(SpanKind.SERVER).startSpan();
            Context inRoot = Context.root().with(root);
            Span db = tracing.get("test").spanBuilder("SELECT orders").setSpanKind(SpanKind.CLIENT).setParent(inRoot).startSpan();
            db.addEvent("exception", Attributes.of(AttributeKey.stringKey("exception.type"), "java.net.ConnectException"));
            db.setStatus(StatusCode.ERROR, "connection refused");
            db.end();
            Logger logger = logging.get("app");
            for (int i = 0; i < 20; i++) {
                logger.logRecordBuilder().setContext(inRoot).setSeverity(Severity.INFO).setSeverityText("INFO")
                        .setBody("handled item " + i).setAttribute(AttributeKey.stringKey("user_id"), "u" + (i % 4)).emit();
            }
            for (int i = 0; i < 3; i++) {
                logger.logRecordBuilder().setContext(inRoot).setSeverity(Severity.ERROR).setSeverityText("ERROR")
                        .setBody("payment " + i + " failed: Connection refused by db-1").emit();
            }
            root.setStatus(StatusCode.ERROR);
            root.end();
            assertThat(tracing.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
            assertThat(logging.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
            return root.getSpanContext().getTraceId();
        }
    }

    static void awaitDrained(AllInOne server) throws InterruptedException {
        for (int i = 0; i < 300 && !server.pipeline().drained(); i++) {
            server.pipeline().flush();
            Thread.sleep(20);
        }
        assertThat(server.pipeline().drained()).isTrue();
    }

}
