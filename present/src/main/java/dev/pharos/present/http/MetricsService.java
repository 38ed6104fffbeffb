package dev.pharos.present.http;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.ServerBuilder;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/** {@code /metrics} in the Prometheus text format, so Pharos can be scraped by Prometheus or by itself. */
public final class MetricsService {

    private MetricsService() {}

    public static void register(ServerBuilder sb, PrometheusRegistry registry) {
        PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
        MediaType type = MediaType.parse(PrometheusTextFormatWriter.CONTENT_TYPE);
        // Scraping runs engine queries (parts, memory): keep it off the event loop.
        sb.service("/metrics", (ctx, req) -> HttpResponse.of(CompletableFuture.supplyAsync(() -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
            try {
                writer.write(out, registry.scrape());
            } catch (IOException e) {
                return HttpResponse.of(HttpStatus.INTERNAL_SERVER_ERROR);
            }
            return HttpResponse.of(HttpStatus.OK, type, out.toByteArray());
        }, ctx.blockingTaskExecutor())));
    }
}
