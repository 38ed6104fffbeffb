package dev.pharos.present.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.ServerBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code /healthz}: the process is alive (never touches the engine, so a slow engine does not get
 * the process restarted). {@code /readyz}: the engine answers and the schema is migrated.
 */
public final class HealthService {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HealthService() {}

    public static void register(ServerBuilder sb, Readiness readiness) {
        sb.service("/healthz", (ctx, req) -> HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, "{\"status\":\"alive\"}"));
        sb.service("/readyz", (ctx, req) -> HttpResponse.of(CompletableFuture.supplyAsync(() -> {
            Readiness.Report report;
            try {
                report = readiness.check();
            } catch (RuntimeException e) {
                report = new Readiness.Report(false, Map.of("error", String.valueOf(e.getMessage())));
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", report.ready() ? "ready" : "not ready");
            body.putAll(report.details());
            try {
                return HttpResponse.of(report.ready() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE,
                        MediaType.JSON_UTF_8, JSON.writeValueAsString(body));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                return HttpResponse.of(HttpStatus.INTERNAL_SERVER_ERROR);
            }
        }, ctx.blockingTaskExecutor())));
    }
}
