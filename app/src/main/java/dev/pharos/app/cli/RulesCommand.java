package dev.pharos.app.cli;

import dev.pharos.query.alerting.RuleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Rule files, as promtool checks them, plus Pharos's log and trace rules. */
@Command(name = "rules", mixinStandardHelpOptions = true, description = "Work with alerting and recording rule files.",
        subcommands = RulesCommand.Check.class)
public final class RulesCommand implements Runnable {

    @Override
    public void run() {
        System.err.println("pharos: choose a subcommand: check (./pharos rules --help)");
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Validate every *.yml/*.yaml rule file in a directory (what the server loads): syntax, PromQL, "
                    + "log and trace rules, templates, durations, label names. Errors name file:line:column.")
    static final class Check implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", description = "The rules directory (alerting.rulesDir).")
        Path dir;

        @Override
        public Integer call() {
            if (!Files.isDirectory(dir)) {
                System.err.println("pharos: " + dir + " is not a directory");
                return 2;
            }
            List<String> errors = RuleManager.check(dir);
            if (errors.isEmpty()) {
                System.out.println("SUCCESS: the rule files in " + dir + " are valid");
                return 0;
            }
            errors.forEach(e -> System.out.println("  " + e));
            System.out.println("FAILED: " + errors.size() + " error(s)");
            return 1;
        }
    }
}
