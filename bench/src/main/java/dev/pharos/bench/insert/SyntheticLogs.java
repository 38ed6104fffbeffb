package dev.pharos.bench.insert;

/**
 * Deterministic, realistic-looking Kubernetes log rows: a few services, many pods, bodies of
 * 80-200 bytes with varying numbers, a handful of resource and log attributes. Row {@code i}
 * is always the same so every insert path stores identical data.
 */
final class SyntheticLogs {

    static final String[] SERVICES = {"checkout", "cart", "payment", "frontend", "shipping", "auth", "search", "recommendation"};
    static final String[] SEVERITIES = {"TRACE", "DEBUG", "INFO", "INFO", "INFO", "INFO", "WARN", "ERROR"};
    static final int[] SEVERITY_NUMBERS = {1, 5, 9, 9, 9, 9, 13, 17};
    static final String[] NAMESPACES = {"prod", "staging", "payments", "edge"};
    static final String[] TEMPLATES = {
        "GET /api/v1/cart/%d 200 in %d ms user=%d",
        "payment authorized order=%d amount=%d.%d currency=EUR",
        "connection reset by peer while reading response header from upstream, request id %d, retry %d of %d",
        "cache miss for key product:%d, loading from database took %d ms (shard %d)",
        "Exception in thread \"worker-%d\" java.lang.IllegalStateException: queue full (%d/%d)",
        "user %d logged in from 10.%d.%d.1 with method=password mfa=true",
        "flushed %d spans to exporter in %d ms, queue=%d",
        "slow query detected: SELECT * FROM orders WHERE customer_id = %d took %d ms rows=%d",
    };
    /** An hour ago, so rows are inside any retention window (older rows would be dropped by TTL). */
    final long baseNanos = (System.currentTimeMillis() - 3_600_000L) * 1_000_000L;

    final String[] podNames = new String[400];

    SyntheticLogs() {
        for (int i = 0; i < podNames.length; i++) {
            podNames[i] = SERVICES[i % SERVICES.length] + "-" + Integer.toHexString(0x5f3a9c00 + i * 7919) + "-" + (char) ('a' + i % 26) + (i % 10);
        }
    }

    long timestamp(long i) {
        return baseNanos + i * 1_000_000L + (i * 7919 % 1000);
    }

    String service(long i) {
        return SERVICES[(int) (i % SERVICES.length)];
    }

    int severityIndex(long i) {
        return (int) ((i * 31) % SEVERITIES.length);
    }

    String pod(long i) {
        return podNames[(int) ((i * 13) % podNames.length)];
    }

    String namespace(long i) {
        return NAMESPACES[(int) ((i / 3) % NAMESPACES.length)];
    }

    String body(long i) {
        String t = TEMPLATES[(int) ((i * 17) % TEMPLATES.length)];
        return t.formatted(i, i % 997, (i * 7) % 1000);
    }

    String traceId(long i) {
        return i % 4 == 0 ? "" : hex16(i * 0x9E3779B97F4A7C15L) + hex16(i);
    }

    String spanId(long i) {
        return i % 4 == 0 ? "" : hex16(i * 0xC2B2AE3D27D4EB4FL);
    }

    private static String hex16(long v) {
        String s = Long.toHexString(v);
        return "0".repeat(16 - s.length()) + s;
    }

    /** Materializes rows up front so the measured time is encoding and inserting, not generating. */
    Rows generate(int count) {
        Rows r = new Rows(count);
        for (int i = 0; i < count; i++) {
            r.timestamp[i] = timestamp(i);
            r.service[i] = service(i);
            r.severity[i] = severityIndex(i);
            r.pod[i] = pod(i);
            r.namespace[i] = namespace(i);
            r.body[i] = body(i);
            r.traceId[i] = traceId(i);
            r.spanId[i] = spanId(i);
        }
        return r;
    }

    static final class Rows {
        final int count;
        final long[] timestamp;
        final String[] service;
        final int[] severity;
        final String[] pod;
        final String[] namespace;
        final String[] body;
        final String[] traceId;
        final String[] spanId;

        Rows(int count) {
            this.count = count;
            timestamp = new long[count];
            service = new String[count];
            severity = new int[count];
            pod = new String[count];
            namespace = new String[count];
            body = new String[count];
            traceId = new String[count];
            spanId = new String[count];
        }
    }
}
