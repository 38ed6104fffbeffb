package dev.pharos.present.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code pharos mcp}: the MCP server for desktop clients that start a process and talk over stdio.
 *
 * <p>The embedded engine belongs to the running Pharos server, so this process holds no data: it
 * serves stdio with the SDK's stdio transport and forwards every tool call, prompt and resource
 * read to the server's {@code /mcp} with the SDK's HTTP client. Tools are defined once, on the
 * server, and the same audit, limits and redaction apply.
 */
public final class StdioBridge implements AutoCloseable {

    private final McpSyncClient remote;
    private final McpSyncServer local;

    private StdioBridge(McpSyncClient remote, McpSyncServer local) {
        this.remote = remote;
        this.local = local;
    }

    /**
     * Connects to {@code serverUrl} (e.g. http://127.0.0.1:8080) and serves stdio until the client
     * closes it; {@code token} (may be null) authenticates to a server with auth.mode tokens.
     */
    public static StdioBridge start(String serverUrl, String token, InputStream in, OutputStream out) {
        JacksonMcpJsonMapper mapper = new JacksonMcpJsonMapper(new ObjectMapper());
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(serverUrl)
                .endpoint("/mcp")
                .jsonMapper(mapper)
                .requestBuilder(token == null || token.isBlank()
                        ? HttpRequest.newBuilder().header(ArmeriaMcpTransport.CHANNEL_HEADER, "mcp-stdio")
                        : HttpRequest.newBuilder().header(ArmeriaMcpTransport.CHANNEL_HEADER, "mcp-stdio").header("Authorization", "Bearer " + token.strip()))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        McpSyncClient remote = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(90))
                .clientInfo(new McpSchema.Implementation("pharos-mcp-stdio", "1")).build();
        McpSchema.InitializeResult init;
        try {
            init = remote.initialize();
        } catch (RuntimeException e) {
            remote.close();
            throw new IllegalStateException("cannot reach the Pharos MCP endpoint at " + serverUrl + "/mcp (" + e.getMessage()
                    + "); start the server with ./pharos up or pass --url", e);
        }
        List<McpServerFeatures.SyncToolSpecification> tools = new ArrayList<>();
        for (McpSchema.Tool t : remote.listTools().tools()) {
            tools.add(McpServerFeatures.SyncToolSpecification.builder().tool(t).callHandler((exchange, req) -> remote.callTool(req)).build());
        }
        List<McpServerFeatures.SyncPromptSpecification> prompts = new ArrayList<>();
        for (McpSchema.Prompt p : remote.listPrompts().prompts()) {
            prompts.add(new McpServerFeatures.SyncPromptSpecification(p, (exchange, req) -> remote.getPrompt(req)));
        }
        List<McpServerFeatures.SyncResourceSpecification> resources = new ArrayList<>();
        for (McpSchema.Resource r : remote.listResources().resources()) {
            resources.add(new McpServerFeatures.SyncResourceSpecification(r, (exchange, req) -> remote.readResource(req)));
        }
        McpSyncServer local = McpServer.sync(new StdioServerTransportProvider(mapper, in, out))
                .serverInfo(init.serverInfo())
                .instructions(init.instructions())
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).resources(false, false).prompts(false).build())
                .tools(tools)
                .prompts(prompts)
                .resources(resources)
                .build();
        return new StdioBridge(remote, local);
    }

    @Override
    public void close() {
        try {
            local.close();
        } finally {
            remote.close();
        }
    }
}
