package dev.pharos.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pharos.app.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The launcher's --help lists exactly the commands that exist. */
class CliHelpTest {

    @Test
    void launcherHelpListsEveryJavaCommandPlusTheLauncherOnesAndNothingElse() throws Exception {
        String launcher = Files.readString(Path.of("..", "pharos"));
        String usage = launcher.substring(launcher.indexOf("Commands:"), launcher.indexOf("Run ./pharos <command> --help"));
        Set<String> listed = new HashSet<>();
        Matcher m = Pattern.compile("(?m)^  ([a-z]+)\\s").matcher(usage);
        while (m.find()) {
            listed.add(m.group(1));
        }
        Set<String> expected = new HashSet<>(Main.commandLine().getSubcommands().keySet());
        expected.remove("help");
        expected.add("test");
        expected.add("setup");
        assertThat(listed).isEqualTo(expected);
    }

    @Test
    void everyCommandExplainsItself() {
        CommandLine cli = Main.commandLine();
        for (String name : cli.getSubcommands().keySet()) {
            StringWriter out = new StringWriter();
            CommandLine sub = cli.getSubcommands().get(name);
            sub.setOut(new PrintWriter(out));
            sub.usage(new PrintWriter(out));
            assertThat(out.toString()).as(name).contains("Usage: pharos " + name);
        }
    }
}
