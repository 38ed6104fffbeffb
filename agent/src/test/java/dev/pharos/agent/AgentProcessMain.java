package dev.pharos.agent;

import java.net.URI;
import java.nio.file.Path;

/** The agent alone in a JVM, for the test that kills it with SIGKILL: args pods-dir checkpoint-dir gateway-url. */
public final class AgentProcessMain {

    private AgentProcessMain() {}

    public static void main(String[] args) throws Exception {
        Agent agent = Agent.start(TestAgents.settings(Path.of(args[0]), Path.of(args[1]), URI.create(args[2])).build());
        System.out.println("started " + agent.metricsPort());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
