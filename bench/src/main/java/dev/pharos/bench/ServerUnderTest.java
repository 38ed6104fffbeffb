package dev.pharos.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Pharos all-in-one server in its own process, started with {@code pharos up} on free ports, so
 * its CPU time and memory are measured apart from the load generator's.
 */
public final class ServerUnderTest implements AutoCloseable {

    private static Path writeHashKey(Path dataDir) throws IOException {
        Path key = dataDir.resolveSibling(dataDir.getFileName() + ".redaction.key");
        Files.writeString(key, "bench-only-redaction-key-" + System.nanoTime());
        return key;
    }

    /** The CLI entry point; the bench runs from the same class path as the app. */
    private static final String MAIN = "dev.pharos.app.cli.Main";
    private static final Pattern HTTP = Pattern.compile("^\\s+HTTP\\s+http://[^:]+:(\\d+)", Pattern.MULTILINE);
    private static final Pattern GRPC = Pattern.compile("^\\s+OTLP/gRPC\\s+[^:]+:(\\d+)", Pattern.MULTILINE);
    private static final Pattern OTLP_HTTP = Pattern.compile("^\\s+OTLP/HTTP\\s+http://[^:]+:(\\d+)", Pattern.MULTILINE);

    private final Process process;
    private final int httpPort;
    private final int grpcPort;
    private final int otlpHttpPort;
    private final HttpClient client = HttpClient.newHttpClient();

    private ServerUnderTest(Process process, int httpPort, int grpcPort, int otlpHttpPort) {
        this.process = process;
        this.httpPort = httpPort;
        this.grpcPort = grpcPort;
        this.otlpHttpPort = otlpHttpPort;
    }

    /** @param batchRows the server's ingest.batchRows */
    public static ServerUnderTest start(Path dataDir, boolean nullSink, String memoryLimit, int batchRows) throws IOException, InterruptedException {
        return start(dataDir, nullSink, memoryLimit, batchRows, null);
    }

    /** @param diskBufferFsync the disk buffer's fsync policy (always, interval, never), or null to run without it */
    public static ServerUnderTest start(Path dataDir, boolean nullSink, String memoryLimit, int batchRows, String diskBufferFsync)
            throws IOException, InterruptedException {
        return start(dataDir, nullSink, memoryLimit, batchRows, diskBufferFsync, null);
    }

    /** @param redactionMode the server's redaction.mode (mask, hash, drop, off), or null for its default */
    public static ServerUnderTest start(Path dataDir, boolean nullSink, String memoryLimit, int batchRows, String diskBufferFsync,
                                        String redactionMode) throws IOException, InterruptedException {
        Path config = dataDir.resolveSibling(dataDir.getFileName() + ".yaml");
        Files.writeString(config, "ingest:\n  batchRows: " + batchRows + "\n"
                + (diskBufferFsync == null ? "" : "  diskBuffer:\n    enabled: true\n    fsync: " + diskBufferFsync + "\n")
                + (redactionMode == null ? "" : "redaction:\n  mode: " + redactionMode + "\n"
                        + (redactionMode.equals("hash") ? "  hashKeyFile: " + writeHashKey(dataDir) + "\n" : "")));
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!arg.startsWith("-agentlib") && !arg.startsWith("-javaagent")) {
                cmd.add(arg);
            }
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), MAIN, "up", "--data", dataDir.toString(),
                "--config", config.toString(), "--http-port", "0", "--otlp-grpc-port", "0", "--otlp-http-port", "0", "--memory-limit", memoryLimit));
        if (nullSink) {
            cmd.add("--null-sink");
        }
        Path out = dataDir.resolveSibling(dataDir.getFileName() + ".stdout");
        Path err = dataDir.resolveSibling(dataDir.getFileName() + ".stderr");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            String text = Files.exists(out) ? Files.readString(out) : "";
            Matcher h = HTTP.matcher(text);
            Matcher g = GRPC.matcher(text);
            Matcher o = OTLP_HTTP.matcher(text);
            if (h.find() && g.find() && o.find()) {
                return new ServerUnderTest(p, Integer.parseInt(h.group(1)), Integer.parseInt(g.group(1)), Integer.parseInt(o.group(1)));
            }
            if (!p.isAlive()) {
                throw new IOException("the Pharos server exited with " + p.exitValue() + " before it was up:\n" + Files.readString(err));
            }
            Thread.sleep(100);
        }
        p.destroyForcibly();
        throw new IOException("the Pharos server did not come up in 90 s; its log:\n" + Files.readString(err));
    }

    public long pid() {
        return process.pid();
    }

    public int httpPort() {
        return httpPort;
    }

    public int grpcPort() {
        return grpcPort;
    }

    public int otlpHttpPort() {
        return otlpHttpPort;
    }

    public Duration cpuTime() {
        return Machine.cpuTime(process.pid());
    }

    public long peakRssBytes() {
        return Machine.peakRssBytes(process.pid());
    }

    /** The server's /metrics text. */
    public String metrics() throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The first value of a read-only SQL query's answer, through the server's /api/sql (as TSV). */
    public String sqlValue(String query) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/sql?format=TSV"))
                .POST(HttpRequest.BodyPublishers.ofString(query)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("the server answered " + r.statusCode() + " to " + query + ": " + r.body());
        }
        return r.body().strip();
    }

    /** Sum of a metric's samples whose line contains every given fragment (e.g. {@code signal="traces"}). */
    public static double value(String metrics, String name, String... fragments) {
        double sum = 0;
        outer:
        for (String line : metrics.split("\n")) {
            if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
                continue;
            }
            for (String f : fragments) {
                if (!line.contains(f)) {
                    continue outer;
                }
            }
            sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
        return sum;
    }

    /** SIGTERM, as Ctrl-C would: the server writes what it buffers and closes the engine. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
