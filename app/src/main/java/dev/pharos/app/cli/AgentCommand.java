package dev.pharos.app.cli;

import dev.pharos.agent.Agent;
import dev.pharos.agent.AgentSettings;
import dev.pharos.app.config.ConfigLoader;
import dev.pharos.app.config.PharosConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pharos agent}: the node agent (docs/agent.md). */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = {
            "Tail this node's container log files (/var/log/pods: CRI or Docker JSON) and forward them as OTLP to Pharos gateways,",
            "balanced by load, with failover. Positions are checkpointed only once a gateway acknowledged the lines, so a restart",
            "neither loses nor repeats them. Runs until Ctrl-C or SIGTERM. Options override the agent: section of the config file",
            "(default ./pharos.yaml when present; see pharos.example.yaml and docs/agent.md)."})
public final class AgentCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "Config file (YAML) with an agent: section. Default: ./pharos.yaml if it exists.")
    Path config;

    @Option(names = "--pods-dir", paramLabel = "DIR", description = "Where the container logs are (default /var/log/pods).")
    String podsDir;

    @Option(names = "--gateway", paramLabel = "URL",
            description = "A Pharos server's OTLP/HTTP address, e.g. http://pharos-0:4318 or https://... (repeat for several; replaces agent.gateways).")
    List<String> gateways;

    @Option(names = "--token-file", paramLabel = "FILE", description = "File holding an ingest token (pharos token create --role ingest).")
    String tokenFile;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR", description = "Where read positions are kept across restarts (default /var/lib/pharos-agent).")
    String checkpointDir;

    @Option(names = "--metrics-port", paramLabel = "PORT", description = "Serve /metrics and /healthz on this loopback port (0 = any free port; default none).")
    Integer metricsPort;

    @Override
    public Integer call() throws Exception {
        PharosConfig.Agent section = ConfigLoader.load(config).agent().with(podsDir, gateways, tokenFile, checkpointDir, metricsPort);
        if (section.gateways().isEmpty()) {
            System.err.println("pharos: the agent needs at least one gateway: --gateway http://pharos:4318 or agent.gateways in the config file");
            return 2;
        }
        AgentSettings settings = section.toSettings();
        Agent agent;
        try {
            agent = Agent.start(settings);
        } catch (IOException e) {
            System.err.println("pharos: " + e.getMessage());
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            stopped.countDown();
        }, "pharos-agent-shutdown"));
        System.out.printf("Pharos agent is up: following %s, sending to %s%s. Ctrl-C stops it.%n", settings.podsDir(),
                settings.gateways(), agent.metricsPort() < 0 ? "" : ", metrics on http://" + settings.metricsAddress() + ":"
                        + agent.metricsPort() + "/metrics");
        System.out.flush();
        stopped.await();
        return 0;
    }
}
