package dev.pharos.agent.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {

    @TempDir
    Path dir;

    @Test
    void savedCheckpointsLoadBackAndTheFileIsReplacedWhole() throws IOException {
        List<Checkpoint> cps = List.of(
                new Checkpoint(new FileIdentity(2049, 123456), new Fingerprint(256, 987654321L), 1000, 1200,
                        "/var/log/pods/ns_pod_uid/app/0.log"),
                new Checkpoint(new FileIdentity(2049, 7), Fingerprint.EMPTY, 0, 0, "/var/log/pods/a b/c/1.log"));
        try (CheckpointStore store = CheckpointStore.open(dir.resolve("cp"))) {
            assertThat(store.load()).isEmpty();
            store.save(cps);
            store.save(cps);
            assertThat(store.load()).isEqualTo(cps);
        }
        try (var files = Files.list(dir.resolve("cp"))) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly("agent.lock", "checkpoints.v1");
        }
    }

    @Test
    void aSecondAgentOnTheSameDirectoryIsRefused() throws IOException {
        try (CheckpointStore store = CheckpointStore.open(dir)) {
            assertThatThrownBy(() -> CheckpointStore.open(dir)).isInstanceOf(IOException.class)
                    .hasMessageContaining("another pharos agent is using the checkpoint directory");
        }
        CheckpointStore.open(dir).close();
    }

    @Test
    void aDamagedFileIsMovedAsideAndReadingStartsOver() throws IOException {
        Files.writeString(dir.resolve("checkpoints.v1"), "# header\n1 2 3 4 5\n");
        try (CheckpointStore store = CheckpointStore.open(dir)) {
            assertThat(store.load()).isEmpty();
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("checkpoints.v1.corrupt-"))
                    .noneMatch(n -> n.equals("checkpoints.v1"));
        }
    }
}
