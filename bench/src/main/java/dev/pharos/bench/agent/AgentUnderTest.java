package dev.pharos.bench.agent;

import dev.pharos.agent.AgentJvm;
import dev.pharos.bench.Machine;
import java.io.IOException;
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
 * {@code pharos agent} in its own JVM, started as the launcher starts it (the options of
 * {@link AgentJvm}), so its CPU time and memory are its own.
 */
final class AgentUnderTest implements AutoCloseable {

    private static final Pattern METRICS = Pattern.compile("metrics on http://[^:]+:(\\d+)/metrics");

    private final Process process;
    private final int metricsPort;
    private final Path stderr;
    private final HttpClient client = HttpClient.newHttpClient();

    private AgentUnderTest(Process process, int metricsPort, Path stderr) {
        this.process = process;
        this.metricsPort = metricsPort;
        this.stderr = stderr;
    }

    static List<String> command(Path podsDir, Path checkpointDir, String gateway) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(AgentJvm.OPTIONS);
        // As the launcher does: PHAROS_AGENT_JAVA_OPTS comes after the defaults, so it can override them.
        String extra = System.getenv("PHAROS_AGENT_JAVA_OPTS");
        if (extra != null && !extra.isBlank()) {
            cmd.addAll(List.of(extra.trim().split("\\s+")));
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.pharos.app.cli.Main", "agent", "--pods-dir", podsDir.toString(),
                "--gateway", gateway, "--checkpoint-dir", checkpointDir.toString(), "--metrics-port", "0"));
        return cmd;
    }

    static AgentUnderTest start(Path podsDir, Path checkpointDir, String gateway, Path workDir) throws IOException, InterruptedException {
        Path out = workDir.resolve("agent.stdout");
        Path err = workDir.resolve("agent.stderr");
        // Its own config file (none): a pharos.yaml in the working directory must not change what is measured.
        Process p = new ProcessBuilder(command(podsDir, checkpointDir, gateway)).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Matcher m = METRICS.matcher(Files.exists(out) ? Files.readString(out) : "");
            if (m.find()) {
                return new AgentUnderTest(p, Integer.parseInt(m.group(1)), err);
            }
            if (!p.isAlive()) {
                throw new IOException("the agent exited with " + p.exitValue() + " before it was up:\n" + Files.readString(err));
            }
            Thread.sleep(50);
        }
        p.destroyForcibly();
        throw new IOException("the agent did not come up in 30 s:\n" + Files.readString(err));
    }

    long pid() {
        return process.pid();
    }

    Duration cpuTime() {
        return Machine.cpuTime(process.pid());
    }

    long rssBytes() {
        return Machine.rssBytes(process.pid());
    }

    long peakRssBytes() {
        return Machine.peakRssBytes(process.pid());
    }

    /** The sum of an agent metric's samples. */
    double metric(String name) throws IOException, InterruptedException {
        String text = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return dev.pharos.bench.ServerUnderTest.value(text, name);
    }

    /** SIGTERM: the agent sends what it read and writes its checkpoints; its exit status. */
    int stop() throws InterruptedException, IOException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IOException("the agent did not stop within 30 s of SIGTERM:\n" + Files.readString(stderr));
        }
        return process.exitValue();
    }

    String log() throws IOException {
        return Files.readString(stderr);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
