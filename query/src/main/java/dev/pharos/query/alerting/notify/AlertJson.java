package dev.pharos.query.alerting.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pharos.query.alerting.NotifierAlert;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/** The JSON bodies: Alertmanager API v2's list of postable alerts, and Alertmanager's webhook message (version 4). */
public final class AlertJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** go-openapi's strfmt.DateTime, how Prometheus writes startsAt and endsAt: milliseconds, always three digits. */
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);
    /** Go's zero time.Time as JSON: what Alertmanager puts in endsAt of a firing alert in webhooks. */
    static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private AlertJson() {}

    /** The body of POST /api/v2/alerts: {@code [{labels, annotations, startsAt, endsAt, generatorURL}, ...]}. */
    public static byte[] alertmanagerV2(List<NotifierAlert> alerts) {
        ArrayNode array = JSON.createArrayNode();
        for (NotifierAlert a : alerts) {
            ObjectNode o = array.addObject();
            o.set("labels", map(a.labels()));
            o.set("annotations", map(a.annotations()));
            o.put("startsAt", MILLIS.format(a.startsAt()));
            o.put("endsAt", MILLIS.format(a.endsAt()));
            o.put("generatorURL", a.generatorURL());
        }
        return bytes(array);
    }

    static ObjectNode map(Map<String, String> m) {
        ObjectNode o = JSON.createObjectNode();
        m.forEach(o::put);
        return o;
    }

    static byte[] bytes(Object node) {
        try {
            return JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Go's RFC3339Nano, how Alertmanager's webhook writes times. */
    static String rfc3339Nano(Instant t) {
        return dev.pharos.query.alerting.GoTimes.rfc3339Nano(t);
    }

    /** Alertmanager's fingerprint of a label set (FNV-1a 64 over sorted names and values), as 16 hex digits. */
    public static String fingerprint(Map<String, String> labels) {
        long h = 0xcbf29ce484222325L;
        List<String> names = labels.keySet().stream().sorted(dev.pharos.query.promql.storage.GoStrings::compare).toList();
        for (String n : names) {
            h = fnv(h, n.getBytes(StandardCharsets.UTF_8));
            h = fnv(h, new byte[] {(byte) 0xff});
            h = fnv(h, labels.get(n).getBytes(StandardCharsets.UTF_8));
            h = fnv(h, new byte[] {(byte) 0xff});
        }
        return String.format("%016x", h);
    }

    private static long fnv(long h, byte[] bytes) {
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
