package dev.pharos.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher tells a newcomer what to install instead of failing with a stack trace. */
class LauncherTest {

    private static final Path LAUNCHER = Path.of("..", "pharos").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    record Result(int exit, String output) {}

    private Result run(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(LAUNCHER.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Path out = tmp.resolve("out-" + System.nanoTime());
        Process p = pb.redirectOutput(out.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), Files.readString(out));
    }

    @Test
    void withoutAJdk25ItSaysWhatToInstall() throws Exception {
        Path noJdks = Files.createDirectories(tmp.resolve("no-jdks"));
        Result r = run(Map.of("JAVA_HOME", "/usr/lib/jvm/java-17-openjdk-amd64", "PHAROS_JDK_DIRS", noJdks.toString()), "setup");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.output()).contains("no JDK 25 or newer found").contains("apt-get install -y temurin-25-jdk")
                .contains("JAVA_HOME").doesNotContain("Exception");
    }

    @Test
    void withoutNpmItSaysWhatToInstall() throws Exception {
        // A PATH with the basic tools the launcher uses, but no npm.
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        for (String tool : List.of("bash", "dirname", "sed", "head", "cut", "sha256sum", "mktemp", "ls", "tar", "mkdir", "mv", "rm", "cat", "find")) {
            for (String dir : List.of("/usr/bin", "/bin")) {
                Path real = Path.of(dir, tool);
                if (Files.isExecutable(real) && !Files.exists(bin.resolve(tool))) {
                    Files.createSymbolicLink(bin.resolve(tool), real);
                }
            }
        }
        Result r = run(Map.of(
                "PATH", bin.toString(),
                "JAVA_HOME", System.getProperty("java.home"),
                "PHAROS_CACHE", Files.createDirectories(tmp.resolve("empty-cache")).toString()), "setup");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.output()).contains("npm is needed once").contains("apt-get install -y npm").doesNotContain("Exception");
    }

    @Test
    void helpListsTheCommandsWithoutBuildingAnything() throws Exception {
        Result r = run(Map.of(), "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.output()).contains("Usage: ./pharos <command>").contains("up ").contains("test ");
        Result test = run(Map.of(), "test", "--help");
        assertThat(test.exit()).isZero();
        assertThat(test.output()).contains("Usage: ./pharos test");
    }
}
