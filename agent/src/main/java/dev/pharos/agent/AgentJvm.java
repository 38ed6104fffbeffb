package dev.pharos.agent;

import java.util.List;

/**
 * The JVM options the agent runs with (the {@code pharos} launcher sets the same for
 * {@code pharos agent}; {@code pharos bench agent} starts the agent with these). The agent's
 * working set is a read buffer, the batches in flight and a few thousand classes, so: the serial
 * collector (no GC threads, no remembered sets; pauses on a heap this small are a few ms), a heap
 * capped well above the default 16 MiB send buffer, a small code cache and thread stacks.
 * Measured in docs/performance.md.
 */
public final class AgentJvm {

    public static final List<String> OPTIONS = List.of(
            "-XX:+UseSerialGC",
            "-Xms16m",
            "-Xmx128m",
            "-XX:MaxMetaspaceSize=64m",
            "-XX:ReservedCodeCacheSize=32m",
            "-XX:TieredStopAtLevel=1",
            "-Xss512k",
            "-XX:-UsePerfData");

    private AgentJvm() {}
}
