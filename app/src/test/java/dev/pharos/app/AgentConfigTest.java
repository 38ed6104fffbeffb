package dev.pharos.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pharos.agent.AgentJvm;
import dev.pharos.agent.AgentSettings;
import dev.pharos.app.cli.Main;
import dev.pharos.app.config.ConfigException;
import dev.pharos.app.config.ConfigLoader;
import dev.pharos.app.config.PharosConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The agent: section of pharos.yaml, the command line on top of it, and the launcher's JVM options. */
class AgentConfigTest {

    @TempDir
    Path dir;

    private PharosConfig load(String yaml) throws Exception {
        Path file = dir.resolve("pharos.yaml");
        Files.writeString(file, yaml);
        return ConfigLoader.load(file);
    }

    @Test
    void theExampleConfigsAgentSectionIsTheDefaults() {
        PharosConfig example = ConfigLoader.load(Path.of("..", "pharos.example.yaml"));
        assertThat(example.agent().with(null, List.of("http://pharos:4318"), null, null, null).toSettings())
                .isEqualTo(PharosConfig.Agent.EMPTY.with(null, List.of("http://pharos:4318"), null, null, null).toSettings());
        AgentSettings d = PharosConfig.Agent.EMPTY.with(null, List.of("http://pharos:4318"), null, null, null).toSettings();
        AgentSettings b = AgentSettings.builder().gateways(List.of(URI.create("http://pharos:4318"))).build();
        assertThat(d).isEqualTo(b);
    }

    @Test
    void valuesAndTheCommandLineBecomeTheAgentsSettings() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "phr_ingest_abc123\n");
        PharosConfig c = load("""
                agent:
                  podsDir: /srv/pods
                  gateways: [http://gw-0:4318, "https://gw-1.example:4318/otlp"]
                  tokenFile: %s
                  batchSize: 512KiB
                  compression: none
                  startAt: end
                  resourceAttributes:
                    k8s.cluster.name: prod-eu
                    k8s.node.name: ${HOME}
                """.formatted(token));
        AgentSettings s = c.agent().toSettings();
        assertThat(s.podsDir()).isEqualTo(Path.of("/srv/pods"));
        assertThat(s.gateways()).containsExactly(URI.create("http://gw-0:4318/v1/logs"), URI.create("https://gw-1.example:4318/otlp/v1/logs"));
        assertThat(s.bearerToken()).isEqualTo("phr_ingest_abc123");
        assertThat(s.batchBytes()).isEqualTo(512 << 10);
        assertThat(s.gzip()).isFalse();
        assertThat(s.startAt()).isEqualTo(AgentSettings.StartAt.END);
        assertThat(s.batchAge()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.resourceAttributes()).containsEntry("k8s.cluster.name", "prod-eu").containsEntry("k8s.node.name", System.getenv("HOME"));
        AgentSettings cli = c.agent().with("/var/log/pods", List.of("http://other:4318"), null, "/tmp/cp", 9464).toSettings();
        assertThat(cli.gateways()).containsExactly(URI.create("http://other:4318/v1/logs"));
        assertThat(cli.checkpointDir()).isEqualTo(Path.of("/tmp/cp"));
        assertThat(cli.metricsPort()).isEqualTo(9464);
        assertThat(cli.bearerToken()).isEqualTo("phr_ingest_abc123");
    }

    @Test
    void mistakesAreNamedWithTheirLine() {
        assertThatThrownBy(() -> load("agent:\n  gateways: [ftp://x]\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("pharos.yaml:").hasMessageContaining("agent.gateways: gateway 'ftp://x' must be an http:// or https:// URL");
        assertThatThrownBy(() -> load("agent:\n  startAt: middle\n")).hasMessageContaining("agent.startAt must be beginning or end");
        assertThatThrownBy(() -> load("agent:\n  batchSize: 1MiB\n  bufferSize: 1MiB\n"))
                .hasMessageContaining("agent.bufferSize must hold at least two batches");
        assertThatThrownBy(() -> load("agent:\n  batchAge: soon\n")).hasMessageContaining("is not a duration");
        assertThatThrownBy(() -> load("agent:\n  gatway: [http://x]\n")).hasMessageContaining("unknown key 'agent.gatway'")
                .hasMessageContaining("gateways");
        assertThatThrownBy(() -> load("agent:\n  metricsPort: 70000\n")).hasMessageContaining("agent.metricsPort must be 0..65535");
        assertThatThrownBy(() -> PharosConfig.Agent.EMPTY.with(null, List.of("http://x:4318"), dir.resolve("missing").toString(), null, null)
                .toSettings()).hasMessageContaining("agent.tokenFile: cannot read");
    }

    @Test
    void aMissingEnvironmentVariableIsAClearError() throws Exception {
        PharosConfig c = load("agent:\n  gateways: [http://x:4318]\n  resourceAttributes:\n    k8s.node.name: ${PHAROS_TEST_SURELY_UNSET}\n");
        assertThatThrownBy(() -> c.agent().toSettings()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("the environment variable PHAROS_TEST_SURELY_UNSET is not set");
    }

    @Test
    void theCommandRefusesToStartWithoutAGatewayOrWithABadOne() {
        CommandLine cli = Main.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute("agent", "--config", dir.resolve("none.yaml").toString());
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("does not exist");
        exit = cli.execute("agent", "--gateway", "pharos:4318", "--checkpoint-dir", dir.toString());
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("must be an http:// or https:// URL");
    }

    @Test
    void helpListsTheOptions() {
        StringWriter out = new StringWriter();
        Main.commandLine().getSubcommands().get("agent").usage(new PrintWriter(out));
        assertThat(out.toString()).contains("--config", "--pods-dir", "--gateway", "--token-file", "--checkpoint-dir", "--metrics-port");
    }

    @Test
    void theLauncherStartsTheAgentWithTheOptionsTheBenchmarkMeasures() throws Exception {
        String launcher = Files.readString(Path.of("..", "pharos"));
        Matcher m = Pattern.compile("(?m)^AGENT_JVM_OPTS=\\(([^)]*)\\)").matcher(launcher);
        assertThat(m.find()).isTrue();
        assertThat(List.of(m.group(1).trim().split("\\s+"))).isEqualTo(AgentJvm.OPTIONS);
    }
}
