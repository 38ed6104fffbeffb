package dev.pharos.bench.promql;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.xerial.snappy.Snappy;

/**
 * A realistic scrape: request counters by job/instance/method/status, a latency histogram, CPU
 * gauges per core, and plain gauges up to the wanted series count; sampled every interval over a
 * window ending now, as remote-write 1.0 requests (snappy) encoded before the clock starts, so
 * the sender's cost is not in the figures.
 */
final class SeriesSet {

    private static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

    private enum Kind { COUNTER, GAUGE, BUCKET }

    private record Spec(Map<String, String> labels, Kind kind, double le) {}

    private final List<Spec> series = new ArrayList<>();

    SeriesSet(int wanted) {
        String[] methods = {"GET", "POST"};
        String[] codes = {"200", "404", "500"};
        outer:
        for (int job = 0; job < 5; job++) {
            for (int inst = 0; inst < 20; inst++) {
                for (String m : methods) {
                    for (String c : codes) {
                        add("http_requests_total", Kind.COUNTER, 0, "job", "api-" + job, "instance", "10.0." + job + "." + inst + ":8080",
                                "method", m, "code", c);
                    }
                }
                for (double le : BUCKETS) {
                    add("http_request_duration_seconds_bucket", Kind.BUCKET, le, "job", "api-" + job,
                            "instance", "10.0." + job + "." + inst + ":8080", "le", Double.toString(le));
                }
                add("http_request_duration_seconds_bucket", Kind.BUCKET, Double.POSITIVE_INFINITY, "job", "api-" + job,
                        "instance", "10.0." + job + "." + inst + ":8080", "le", "+Inf");
                for (int cpu = 0; cpu < 8; cpu++) {
                    add("node_cpu_usage_ratio", Kind.GAUGE, 0, "job", "node", "instance", "10.0." + job + "." + inst + ":9100", "cpu",
                            Integer.toString(cpu));
                }
                if (series.size() >= wanted) {
                    break outer;
                }
            }
        }
        for (int i = 0; series.size() < wanted; i++) {
            add("app_gauge_" + (i % 50), Kind.GAUGE, 0, "job", "app", "instance", "10.1." + (i / 250) + "." + (i % 250) + ":9000");
        }
    }

    private void add(String name, Kind kind, double le, String... labels) {
        Map<String, String> l = new TreeMap<>();
        l.put("__name__", name);
        for (int i = 0; i < labels.length; i += 2) {
            l.put(labels[i], labels[i + 1]);
        }
        series.add(new Spec(l, kind, le));
    }

    int size() {
        return series.size();
    }

    /**
     * Snappy-compressed WriteRequests covering {@code points} scrapes {@code intervalMs} apart ending
     * at {@code endMs}, in time order (as a Prometheus sends them), at most {@code perRequest} samples each.
     */
    List<byte[]> requests(long endMs, long intervalMs, int points, int perRequest) {
        SplittableRandom rnd = new SplittableRandom(42);
        double[] state = new double[series.size()];
        List<byte[]> out = new ArrayList<>();
        long start = endMs - (points - 1L) * intervalMs;
        int seriesPerRequest = Math.max(1, perRequest);
        for (int p = 0; p < points; p++) {
            long t = start + p * intervalMs;
            for (int from = 0; from < series.size(); from += seriesPerRequest) {
                int to = Math.min(series.size(), from + seriesPerRequest);
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                CodedOutputStream req = CodedOutputStream.newInstance(bytes);
                try {
                    for (int i = from; i < to; i++) {
                        Spec s = series.get(i);
                        state[i] = next(s, state[i], rnd);
                        req.writeByteArray(1, timeSeries(s.labels(), t, state[i]));
                    }
                    req.flush();
                    out.add(Snappy.compress(bytes.toByteArray()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return out;
    }

    private static double next(Spec s, double previous, SplittableRandom rnd) {
        return switch (s.kind()) {
            case COUNTER -> previous + rnd.nextInt(0, 50);
            // Buckets grow with their bound: a cumulative histogram.
            case BUCKET -> previous + Math.round(rnd.nextInt(0, 20) * Math.min(1, s.le() + 0.2));
            case GAUGE -> Math.round(Math.max(0, Math.min(1, previous + rnd.nextDouble(-0.05, 0.05))) * 1000) / 1000.0;
        };
    }

    private static byte[] timeSeries(Map<String, String> labels, long t, double v) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        CodedOutputStream ts = CodedOutputStream.newInstance(bytes);
        for (var e : labels.entrySet()) {
            ByteArrayOutputStream lb = new ByteArrayOutputStream(64);
            CodedOutputStream l = CodedOutputStream.newInstance(lb);
            l.writeString(1, e.getKey());
            l.writeString(2, e.getValue());
            l.flush();
            ts.writeByteArray(1, lb.toByteArray());
        }
        ByteArrayOutputStream sb = new ByteArrayOutputStream(24);
        CodedOutputStream sample = CodedOutputStream.newInstance(sb);
        sample.writeDouble(1, v);
        sample.writeInt64(2, t);
        sample.flush();
        ts.writeByteArray(2, sb.toByteArray());
        ts.flush();
        return bytes.toByteArray();
    }
}
