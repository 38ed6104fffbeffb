package dev.pharos.process.logs;

import java.util.List;
import java.util.Map;

/**
 * A processor as a user writes one (the example of docs/pipeline.md): found by
 * {@link java.util.ServiceLoader} through {@code META-INF/services} in the test resources.
 */
public final class TagHealthChecks implements LogProcessorProvider {

    @Override
    public String type() {
        return "tag_health_checks";
    }

    @Override
    public LogProcessor create(Map<String, Object> options) {
        String path = new Options(type(), options, List.of("path")).string("path", "/healthz");
        return record -> {
            if (path.equals(record.attributes().get("url.path"))) {
                record.body("");
                record.attributes().put("health_check", "true");
            }
        };
    }
}
