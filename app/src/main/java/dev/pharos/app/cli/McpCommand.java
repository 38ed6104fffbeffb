package dev.pharos.app.cli;

import dev.pharos.present.mcp.StdioBridge;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "mcp", mixinStandardHelpOptions = true,
        description = {"Serve MCP over stdio for desktop clients (Claude Desktop, Claude Code, any MCP client).",
            "Forwards to the /mcp endpoint of a running Pharos server (./pharos up); see docs/mcp.md."})
public final class McpCommand implements Callable<Integer> {

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "The Pharos server (default ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:PHAROS_TOKEN}",
            description = "API token (read role) when the server requires one (default: $PHAROS_TOKEN).")
    String token;

    @Override
    public Integer call() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        // The client ends the session by closing our stdin; then this process exits.
        java.io.InputStream in = new java.io.FilterInputStream(System.in) {
            @Override
            public int read() throws java.io.IOException {
                return eof(super.read());
            }

            @Override
            public int read(byte[] b, int off, int len) throws java.io.IOException {
                return eof(super.read(b, off, len));
            }

            private int eof(int n) {
                if (n < 0) {
                    done.countDown();
                }
                return n;
            }
        };
        StdioBridge bridge;
        try {
            bridge = StdioBridge.start(url, token, in, System.out);
        } catch (IllegalStateException e) {
            System.err.println("pharos: " + e.getMessage());
            return 1;
        }
        System.err.println("pharos: MCP over stdio, forwarding to " + url + "/mcp");
        done.await();
        bridge.close();
        return 0;
    }
}
