package dev.pharos.agent;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Agent settings for tests: the same code, short intervals. */
public final class TestAgents {

    private TestAgents() {}

    public static AgentSettings.Builder settings(Path podsDir, Path checkpointDir, URI... gateways) {
        return AgentSettings.builder()
                .podsDir(podsDir)
                .checkpointDir(checkpointDir)
                .gateways(List.copyOf(Arrays.asList(gateways)))
                .scanInterval(Duration.ofMillis(50))
                .pollInterval(Duration.ofMillis(20))
                .rotateWait(Duration.ofMillis(150))
                .batchAge(Duration.ofMillis(50))
                .batchLines(200)
                .checkpointInterval(Duration.ofMillis(100))
                .shutdownTimeout(Duration.ofSeconds(5))
                .requestTimeout(Duration.ofSeconds(5));
    }

    /** Waits up to {@code seconds} for the condition; false when it did not come true. */
    public static boolean await(int seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }
}
