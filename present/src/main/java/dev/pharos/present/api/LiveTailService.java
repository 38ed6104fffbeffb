package dev.pharos.present.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.pharos.query.Params;
import dev.pharos.query.QueryException;
import dev.pharos.query.logs.LiveTail;
import dev.pharos.query.logs.LogQuery;
import dev.pharos.query.logs.LogRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/logs/tail}: matching logs as Server-Sent Events ({@code event: log}), polled
 * every {@link #POLL}. While a tail is open the pipeline writes logs within a second, so a record
 * shows up within about two seconds of being received.
 */
final class LiveTailService implements HttpService {

    private static final Logger log = LoggerFactory.getLogger(LiveTailService.class);
    static final Duration POLL = Duration.ofMillis(500);
    private static final Duration LATENESS = Duration.ofSeconds(30);
    private static final int MAX_PER_POLL = 1000;

    private final Explore explore;

    LiveTailService(Explore explore) {
        this.explore = explore;
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        return HttpResponse.of(req.aggregate().thenApplyAsync(agg -> start(ctx, RequestParams.of(ctx, agg)), ctx.blockingTaskExecutor()));
    }

    private HttpResponse start(ServiceRequestContext ctx, Params p) {
        dev.pharos.access.Identity who = dev.pharos.access.AccessControl.identity(ctx);
        Explore explore = this.explore.scopedTo(who.tenants());
        LiveTail tail;
        try {
            LogQuery q = LogQuery.fromParams(p, explore.logs().options(), Instant.now());
            // Resolve every field now: a bad filter is a 400, not an error event later.
            explore.logs().recent(q.filters(), q.text(), 0, 1, 1);
            tail = new LiveTail(explore.logs(), q.filters(), q.text(), LATENESS, MAX_PER_POLL);
        } catch (QueryException e) {
            return ApiResponses.error(HttpStatus.BAD_REQUEST, e.getMessage());
        }
        explore.audit().record(new dev.pharos.query.audit.AuditLog.Entry(Instant.now(), who.name(), who.tenants().toString(),
                "api", ctx.path(), ctx.query() == null ? "" : ctx.query(), "live tail", 0, 0, ""));
        ctx.clearRequestTimeout();
        HttpResponseWriter res = HttpResponse.streaming();
        res.write(ResponseHeaders.builder(HttpStatus.OK).contentType(MediaType.EVENT_STREAM).set("cache-control", "no-cache").build());
        AutoCloseable hold = explore.freshness().demand();
        AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
        Runnable stop = () -> {
            ScheduledFuture<?> f = task.get();
            if (f != null) {
                f.cancel(false);
            }
            try {
                hold.close();
            } catch (Exception e) {
                log.warn("releasing the freshness demand failed", e);
            }
        };
        task.set(ctx.blockingTaskExecutor().scheduleWithFixedDelay(() -> poll(tail, res, stop), 0, POLL.toMillis(), TimeUnit.MILLISECONDS));
        res.whenComplete().handle((v, t) -> {
            stop.run();
            return null;
        });
        return res;
    }

    private static void poll(LiveTail tail, HttpResponseWriter res, Runnable stop) {
        if (!res.isOpen()) {
            stop.run();
            return;
        }
        try {
            LiveTail.Poll poll = tail.poll(Instant.now());
            StringBuilder out = new StringBuilder();
            for (LogRecord r : poll.records()) {
                out.append("event: log\ndata: ").append(ApiResponses.JSON.writeValueAsString(r)).append("\n\n");
            }
            if (poll.lagged()) {
                out.append("event: lagged\ndata: ").append(ApiResponses.JSON.writeValueAsString(Map.of("message",
                        "more than " + MAX_PER_POLL + " records matched in one poll; some were skipped, add filters"))).append("\n\n");
            }
            if (out.isEmpty()) {
                out.append(": keepalive\n\n");
            }
            res.tryWrite(HttpData.ofUtf8(out.toString()));
        } catch (QueryException | JsonProcessingException e) {
            res.tryWrite(HttpData.ofUtf8("event: error\ndata: " + e.getMessage().replace('\n', ' ') + "\n\n"));
            res.close();
            stop.run();
        } catch (RuntimeException e) {
            log.error("live tail poll failed", e);
            res.tryWrite(HttpData.ofUtf8("event: error\ndata: internal error, see the server log\n\n"));
            res.close();
            stop.run();
        }
    }
}
