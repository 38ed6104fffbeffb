package dev.pharos.app.cli;

import dev.pharos.app.config.ConfigException;
import dev.pharos.store.embedded.EngineUnavailableException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code pharos}: the Java side of the launcher; every command a user runs after setup. */
@Command(name = "pharos",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "OpenTelemetry-native observability on ClickHouse.",
        subcommands = {UpCommand.class, AgentCommand.class, BenchCommand.class, McpCommand.class, TokenCommand.class, TlsCommand.class, RulesCommand.class,
            DatasetsCommand.class,
            VersionCommand.class,
            CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        // Mistakes a user can fix get one clear line, not a stack trace.
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof ConfigException || ex instanceof EngineUnavailableException) {
                cmd.getErr().println("pharos: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        return cli;
    }
}
