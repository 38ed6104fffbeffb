package dev.pharos.agent;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the agent is told, with defaults. The Pharos config file ({@code agent:} in
 * pharos.yaml) and the command line build it through {@link Builder}; the constructor checks
 * every value and says which one is wrong.
 *
 * @param podsDir the directory holding the container logs (the kubelet's /var/log/pods)
 * @param include which files under {@code podsDir} to follow: a glob relative to it
 * @param gateways the OTLP/HTTP logs endpoints, each ending in /v1/logs
 * @param bearerToken sent as {@code Authorization: Bearer}, or null
 * @param caFile PEM certificates to trust for https gateways instead of the JDK's, or null
 * @param checkpointDir where read positions are kept across restarts
 * @param metricsPort the loopback port of /metrics, 0 for any free port, -1 for none
 * @param startAt where to start in files already there at the first start (no checkpoint yet)
 * @param rotateWait how long a rotated or deleted file is kept open after it stopped growing
 * @param maxLineBytes longer lines are cut to this size (and counted)
 * @param maxRecordBytes a record joined from partial lines is sent in pieces of about this size
 * @param bufferBytes records read and not yet acknowledged; reading pauses above it
 * @param resourceAttributes added to every record's resource (e.g. k8s.cluster.name, k8s.node.name)
 */
public record AgentSettings(Path podsDir, String include, List<URI> gateways, String bearerToken, Path caFile, Path checkpointDir,
                            String metricsAddress, int metricsPort, StartAt startAt, Duration scanInterval, Duration pollInterval,
                            Duration rotateWait, int batchLines, long batchBytes, Duration batchAge, long bufferBytes, int maxInFlight,
                            boolean gzip, Duration connectTimeout, Duration requestTimeout, Duration checkpointInterval,
                            Duration shutdownTimeout, int maxLineBytes, int maxRecordBytes, Map<String, String> resourceAttributes) {

    /** Where to start in a file found at the very first start. Files that appear later are always read from their start. */
    public enum StartAt { BEGINNING, END }

    public static final Path DEFAULT_PODS_DIR = Path.of("/var/log/pods");
    public static final Path DEFAULT_CHECKPOINT_DIR = Path.of("/var/lib/pharos-agent");

    public AgentSettings {
        require(podsDir != null, "the pods directory must be set");
        require(include != null && !include.isBlank(), "agent.include must be a glob such as */*/*.log");
        require(gateways != null && !gateways.isEmpty(), "at least one gateway is needed (agent.gateways or --gateway URL)");
        gateways = gateways.stream().map(u -> gatewayUrl(u.toString())).distinct().toList();
        require(checkpointDir != null, "the checkpoint directory must be set");
        require(metricsPort >= -1 && metricsPort <= 65535, "agent.metricsPort must be 0..65535 (0 = any free port), got " + metricsPort);
        require(startAt != null, "agent.startAt must be beginning or end");
        positive(scanInterval, "agent.scanInterval");
        positive(pollInterval, "agent.pollInterval");
        require(rotateWait != null && !rotateWait.isNegative(), "agent.rotateWait must not be negative");
        require(batchLines >= 1, "agent.batchLines must be positive");
        require(batchBytes >= 1024, "agent.batchSize must be at least 1KiB");
        positive(batchAge, "agent.batchAge");
        require(bufferBytes >= 2 * batchBytes, "agent.bufferSize must hold at least two batches (2 x agent.batchSize)");
        require(maxInFlight >= 1 && maxInFlight <= 256, "agent.maxInFlight must be 1..256");
        positive(connectTimeout, "agent.connectTimeout");
        positive(requestTimeout, "agent.requestTimeout");
        positive(checkpointInterval, "agent.checkpointInterval");
        require(shutdownTimeout != null && !shutdownTimeout.isNegative(), "agent.shutdownTimeout must not be negative");
        require(maxLineBytes >= 1024 && maxLineBytes <= 64 << 20, "agent.maxLineSize must be between 1KiB and 64MiB");
        require(maxRecordBytes >= 1024 && maxRecordBytes <= 64 << 20, "agent.maxRecordSize must be between 1KiB and 64MiB");
        resourceAttributes = resourceAttributes == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(resourceAttributes));
        for (var e : resourceAttributes.entrySet()) {
            require(!e.getKey().isBlank() && e.getValue() != null, "agent.resourceAttributes: '" + e.getKey() + "' needs a value");
        }
        if (bearerToken != null) {
            require(!bearerToken.isBlank() && bearerToken.chars().allMatch(c -> c > 32 && c < 127),
                    "the gateway token must be one line of printable ASCII without spaces");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A gateway URL as users write it: the server's OTLP/HTTP base ({@code http://pharos:4318})
     * or the full logs path. As the OpenTelemetry exporters do with a base endpoint, /v1/logs is
     * appended unless the path already ends with it.
     */
    public static URI gatewayUrl(String text) {
        URI u;
        try {
            u = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("gateway '" + text + "' is not a URL: " + e.getMessage());
        }
        if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
            throw new IllegalArgumentException("gateway '" + text + "' must be an http:// or https:// URL with a host, e.g. http://pharos:4318");
        }
        if (u.getQuery() != null || u.getFragment() != null) {
            throw new IllegalArgumentException("gateway '" + text + "' must not have a query or fragment");
        }
        String path = u.getPath() == null ? "" : u.getPath();
        if (!path.endsWith("/v1/logs")) {
            path = (path.endsWith("/") ? path.substring(0, path.length() - 1) : path) + "/v1/logs";
        }
        return URI.create(u.getScheme() + "://" + u.getRawAuthority() + path);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    private static void positive(Duration d, String name) {
        require(d != null && d.isPositive(), name + " must be a positive duration");
    }

    /** Defaults for everything but the gateways. */
    public static final class Builder {
        private Path podsDir = DEFAULT_PODS_DIR;
        private String include = "*/*/*.log";
        private List<URI> gateways = List.of();
        private String bearerToken;
        private Path caFile;
        private Path checkpointDir = DEFAULT_CHECKPOINT_DIR;
        private String metricsAddress = "127.0.0.1";
        private int metricsPort = -1;
        private StartAt startAt = StartAt.BEGINNING;
        private Duration scanInterval = Duration.ofSeconds(1);
        private Duration pollInterval = Duration.ofMillis(200);
        private Duration rotateWait = Duration.ofSeconds(1);
        private int batchLines = 2000;
        private long batchBytes = 1L << 20;
        private Duration batchAge = Duration.ofSeconds(1);
        private long bufferBytes = 16L << 20;
        private int maxInFlight = 4;
        private boolean gzip = true;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration checkpointInterval = Duration.ofMillis(500);
        private Duration shutdownTimeout = Duration.ofSeconds(10);
        private int maxLineBytes = 256 << 10;
        private int maxRecordBytes = 1 << 20;
        private Map<String, String> resourceAttributes = Map.of();

        public Builder podsDir(Path v) { podsDir = v; return this; }
        public Builder include(String v) { include = v; return this; }
        public Builder gateways(List<URI> v) { gateways = v; return this; }
        public Builder bearerToken(String v) { bearerToken = v; return this; }
        public Builder caFile(Path v) { caFile = v; return this; }
        public Builder checkpointDir(Path v) { checkpointDir = v; return this; }
        public Builder metricsAddress(String v) { metricsAddress = v; return this; }
        public Builder metricsPort(int v) { metricsPort = v; return this; }
        public Builder startAt(StartAt v) { startAt = v; return this; }
        public Builder scanInterval(Duration v) { scanInterval = v; return this; }
        public Builder pollInterval(Duration v) { pollInterval = v; return this; }
        public Builder rotateWait(Duration v) { rotateWait = v; return this; }
        public Builder batchLines(int v) { batchLines = v; return this; }
        public Builder batchBytes(long v) { batchBytes = v; return this; }
        public Builder batchAge(Duration v) { batchAge = v; return this; }
        public Builder bufferBytes(long v) { bufferBytes = v; return this; }
        public Builder maxInFlight(int v) { maxInFlight = v; return this; }
        public Builder gzip(boolean v) { gzip = v; return this; }
        public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }
        public Builder requestTimeout(Duration v) { requestTimeout = v; return this; }
        public Builder checkpointInterval(Duration v) { checkpointInterval = v; return this; }
        public Builder shutdownTimeout(Duration v) { shutdownTimeout = v; return this; }
        public Builder maxLineBytes(int v) { maxLineBytes = v; return this; }
        public Builder maxRecordBytes(int v) { maxRecordBytes = v; return this; }
        public Builder resourceAttributes(Map<String, String> v) { resourceAttributes = v; return this; }

        public AgentSettings build() {
            return new AgentSettings(podsDir, include, gateways, bearerToken, caFile, checkpointDir, metricsAddress, metricsPort, startAt,
                    scanInterval, pollInterval, rotateWait, batchLines, batchBytes, batchAge, bufferBytes, maxInFlight, gzip, connectTimeout,
                    requestTimeout, checkpointInterval, shutdownTimeout, maxLineBytes, maxRecordBytes, resourceAttributes);
        }
    }
}
