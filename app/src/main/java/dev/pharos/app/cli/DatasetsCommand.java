package dev.pharos.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "datasets", mixinStandardHelpOptions = true,
        description = {"Show the log datasets of a running server: each table (and older versions kept after a layout change),",
            "its rows, size on disk, compression ratio and the time it covers. Datasets are defined in the config file;",
            "see docs/pipeline.md."})
public final class DatasetsCommand implements Callable<Integer> {

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "The Pharos server (default ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:PHAROS_TOKEN}",
            description = "API token (read role) when the server requires one (default: $PHAROS_TOKEN).")
    String token;

    @Option(names = "--json", description = "Print the server's JSON answer instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + "/api/datasets")).timeout(Duration.ofSeconds(30));
        if (token != null && !token.isBlank()) {
            req.header("Authorization", "Bearer " + token.strip());
        }
        HttpResponse<String> resp;
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            System.err.println("pharos: cannot reach " + url + " (" + e.getMessage() + "); is the server up (./pharos up)? Use --url to point elsewhere.");
            return 1;
        }
        if (resp.statusCode() != 200) {
            System.err.println("pharos: " + url + " answered " + resp.statusCode() + ": " + resp.body()
                    + (resp.statusCode() == 401 ? " (give a token with --token or PHAROS_TOKEN)" : ""));
            return 1;
        }
        if (json) {
            System.out.println(resp.body());
            return 0;
        }
        JsonNode tables = new ObjectMapper().readTree(resp.body()).path("tables");
        System.out.printf("%-14s %-3s %-26s %-8s %9s %14s %12s %7s  %-20s %-20s%n", "DATASET", "V", "TABLE", "STATE", "RETENTION",
                "ROWS", "ON DISK", "RATIO", "FIRST ROW", "LAST ROW");
        for (JsonNode t : tables) {
            System.out.printf("%-14s %-3d %-26s %-8s %9s %,14d %12s %7s  %-20s %-20s%n", t.path("dataset").asText(), t.path("version").asInt(),
                    t.path("table").asText(), t.path("current").asBoolean() ? "current" : "retired",
                    t.path("retention_days").asInt() == 0 ? "forever" : t.path("retention_days").asInt() + "d", t.path("rows").asLong(),
                    size(t.path("compressed_bytes").asLong()), t.path("ratio").asDouble() == 0 ? "-" : t.path("ratio").asDouble() + "x",
                    t.path("first_row").isNull() ? "-" : t.path("first_row").asText(), t.path("last_row").isNull() ? "-" : t.path("last_row").asText());
        }
        return 0;
    }

    private static String size(long bytes) {
        if (bytes == 0) {
            return "-";
        }
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format("%.1f %s", v, units[u]);
    }
}
