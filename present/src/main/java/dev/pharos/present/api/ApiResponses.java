package dev.pharos.present.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.pharos.query.QueryException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** JSON bodies and errors of the API, and running handlers off the event loop. */
final class ApiResponses {

    private static final Logger log = LoggerFactory.getLogger(ApiResponses.class);
    /** snake_case like the Prometheus and Loki APIs users already script against. */
    static final ObjectMapper JSON = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private ApiResponses() {}

    static HttpResponse json(HttpStatus status, Object body) {
        try {
            return HttpResponse.of(status, MediaType.JSON_UTF_8, JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render response", e);
        }
    }

    static HttpResponse ok(Object body) {
        return json(HttpStatus.OK, body);
    }

    static HttpResponse error(HttpStatus status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "error");
        body.put("error", message);
        return json(status, body);
    }

    /**
     * Runs {@code handler} on the blocking executor: queries wait on the engine. A
     * {@link QueryException} is the caller's mistake (400 with its message); anything else is ours
     * (500, logged).
     */
    static HttpResponse blocking(ServiceRequestContext ctx, Supplier<HttpResponse> handler) {
        return HttpResponse.of(CompletableFuture.supplyAsync(() -> {
            try {
                return handler.get();
            } catch (QueryException e) {
                return error(HttpStatus.BAD_REQUEST, e.getMessage());
            } catch (RuntimeException e) {
                log.error("{} {} failed", ctx.method(), ctx.path(), e);
                return error(HttpStatus.INTERNAL_SERVER_ERROR, "internal error: " + e.getMessage() + " (details in the server log)");
            }
        }, ctx.blockingTaskExecutor()));
    }
}
