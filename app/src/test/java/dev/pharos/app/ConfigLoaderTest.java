package dev.pharos.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pharos.app.config.ByteSize;
import dev.pharos.app.config.ConfigException;
import dev.pharos.app.config.ConfigLoader;
import dev.pharos.app.config.PharosConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private PharosConfig load(String yaml) throws Exception {
        Path file = dir.resolve("pharos.yaml");
        Files.writeString(file, yaml);
        return ConfigLoader.load(file);
    }

    @Test
    void theExampleConfigShippedInTheRepositoryLoadsAndMatchesTheDefaults() throws Exception {
        PharosConfig example = ConfigLoader.load(Path.of("..", "pharos.example.yaml"));
        PharosConfig defaults = PharosConfig.defaults();
        assertThat(example.listen()).isEqualTo(defaults.listen());
        assertThat(example.dataDir()).isEqualTo(defaults.dataDir());
        assertThat(example.retention().toRetention()).isEqualTo(defaults.retention().toRetention());
        assertThat(example.storage().database()).isEqualTo("otel");
    }

    @Test
    void valuesOverrideDefaults() throws Exception {
        PharosConfig c = load("""
                dataDir: /srv/pharos
                listen:
                  httpPort: 9999
                storage:
                  embedded:
                    memoryLimit: 3GiB
                retention:
                  logsDays: 7
                """);
        assertThat(c.dataDir()).isEqualTo("/srv/pharos");
        assertThat(c.listen().httpPort()).isEqualTo(9999);
        assertThat(c.listen().address()).isEqualTo("127.0.0.1");
        assertThat(c.storage().embedded().memoryLimitBytes()).isEqualTo(3L << 30);
        assertThat(c.retention().toRetention().logsDays()).isEqualTo(7);
        assertThat(c.retention().toRetention().metricsDays()).isEqualTo(90);
    }

    @Test
    void unknownKeysAreErrorsNamingTheKeyAndLine() {
        assertThatThrownBy(() -> load("""
                listen:
                  httpPort: 8080
                  adress: 0.0.0.0
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(":3:")
                .hasMessageContaining("unknown key 'listen.adress'")
                .hasMessageContaining("address");
    }

    @Test
    void badValuesSayWhatIsExpected() {
        assertThatThrownBy(() -> load("storage:\n  embedded:\n    memoryLimit: lots\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not a size");
        assertThatThrownBy(() -> load("retention:\n  logsDays: -1\n"))
                .satisfies(e -> assertThat(e).isInstanceOf(ConfigException.class))
                .hasMessageContaining("retention for logs");
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("missing.yaml")).retention().toRetention())
                .isInstanceOf(ConfigException.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> load("listen:\n  httpPort: 70000\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("0..65535");
        assertThatThrownBy(() -> load("storage:\n  database: \"otel; DROP\"\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("plain identifier");
    }

    @Test
    void theDiskBufferIsOffByDefaultAndItsSettingsAreCheckedWithTheKeyNamed() throws Exception {
        assertThat(PharosConfig.defaults().ingest().diskBuffer().enabled()).isFalse();
        assertThat(PharosConfig.defaults().ingest().diskBuffer().toOptions(dir)).isNull();
        PharosConfig c = load("""
                ingest:
                  diskBuffer:
                    enabled: true
                    fsync: interval
                    fsyncInterval: 50ms
                    maxSize: 2GiB
                    segmentSize: 32MiB
                """);
        var options = c.ingest().diskBuffer().toOptions(dir);
        assertThat(options.dir()).isEqualTo(dir.resolve("wal").toAbsolutePath().normalize());
        assertThat(options.fsync()).isEqualTo(dev.pharos.process.pipeline.durable.FsyncPolicy.INTERVAL);
        assertThat(options.fsyncInterval()).isEqualTo(java.time.Duration.ofMillis(50));
        assertThat(options.maxBytes()).isEqualTo(2L << 30);
        assertThat(options.segmentBytes()).isEqualTo(32L << 20);
        assertThat(load("ingest:\n  diskBuffer:\n    enabled: true\n    dir: /var/lib/pharos-wal\n").ingest().diskBuffer()
                .toOptions(dir).dir()).isEqualTo(Path.of("/var/lib/pharos-wal"));

        assertThatThrownBy(() -> load("ingest:\n  diskBuffer:\n    fsync: sometimes\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ingest.diskBuffer.fsync must be always, interval or never");
        assertThatThrownBy(() -> load("ingest:\n  diskBuffer:\n    maxSize: 100MiB\n    segmentSize: 64MiB\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ingest.diskBuffer.maxSize (100MiB) must hold at least two segments");
        assertThatThrownBy(() -> load("ingest:\n  diskBuffer:\n    segmentSize: 4KiB\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("between 1MiB and 1GiB");
        assertThatThrownBy(() -> load("ingest:\n  diskBuffer:\n    fsyncInterval: soon\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> load("ingest:\n  diskBuffer:\n    enable: true\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown key 'ingest.diskBuffer.enable'")
                .hasMessageContaining("enabled");
    }

    @Test
    void sizesParseInBinaryUnits() {
        assertThat(ByteSize.parse("512MiB")).isEqualTo(512L << 20);
        assertThat(ByteSize.parse("4gb")).isEqualTo(4L << 30);
        assertThat(ByteSize.parse("1024")).isEqualTo(1024);
        assertThat(ByteSize.format(6L << 30)).isEqualTo("6GiB");
    }
}
