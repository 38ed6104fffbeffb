package dev.pharos.present.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.pharos.access.Identity;
import dev.pharos.access.Role;
import dev.pharos.present.api.Explore;
import dev.pharos.query.QueryException;
import dev.pharos.query.audit.AuditLog;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Pharos MCP server: the tools of {@link LogTools}, {@link TraceTools} and {@link DataTools}
 * over the same query code as the explore API, the schema resource and two prompts. Stateless
 * (every request stands alone), so any number of clients can share it. Every tool call is audited.
 */
public final class PharosMcpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PharosMcpServer.class);
    /** Results in snake_case like the HTTP API. */
    static final ObjectMapper JSON = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private final McpStatelessSyncServer server;
    private final ArmeriaMcpTransport transport;

    public PharosMcpServer(Explore explore, String version) {
        JacksonMcpJsonMapper mapper = new JacksonMcpJsonMapper(new ObjectMapper());
        this.transport = new ArmeriaMcpTransport(mapper);
        List<ToolDef> defs = new ArrayList<>();
        defs.addAll(DataTools.all());
        defs.addAll(LogTools.all());
        defs.addAll(TraceTools.all());
        List<SyncToolSpecification> tools = new ArrayList<>();
        for (ToolDef d : defs) {
            McpSchema.Tool tool = McpSchema.Tool.builder().name(d.name()).description(d.description()).inputSchema(d.inputSchema())
                    .annotations(new McpSchema.ToolAnnotations(null, true, false, true, false, null)).build();
            tools.add(new SyncToolSpecification(tool, (ctx, req) -> call(d, explore, ctx, req)));
        }
        this.server = McpServer.sync(transport)
                .serverInfo("pharos", version)
                .instructions("""
                        Pharos holds OpenTelemetry logs, traces and metrics in ClickHouse. Start with describe_data to see \
                        services and time coverage, service_health to find what is unhealthy, log_patterns to see what \
                        changed, search_logs for examples, find_traces and get_trace to follow a request. Times are UTC.""")
                .jsonMapper(mapper)
                .requestTimeout(Duration.ofSeconds(60))
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).resources(false, false).prompts(false).build())
                .tools(tools)
                .resources(PromptsAndResources.schemaResource())
                .prompts(PromptsAndResources.prompts())
                .build();
    }

    public ArmeriaMcpTransport transport() {
        return transport;
    }

    static McpSchema.CallToolResult call(ToolDef d, Explore explore, McpTransportContext ctx, McpSchema.CallToolRequest req) {
        long start = System.nanoTime();
        Identity who = (Identity) ctx.get(ArmeriaMcpTransport.IDENTITY);
        String channel = String.valueOf(ctx.get(ArmeriaMcpTransport.CHANNEL));
        String arguments = json(req.arguments() == null ? Map.of() : req.arguments());
        String sql = "";
        long rows = 0;
        String error = "";
        try {
            ToolDef.Output out = d.run().apply(new ToolArgs(req.arguments(), who.role() == Role.ADMIN, explore.scopedTo(who.tenants())));
            sql = out.sql();
            rows = out.rows();
            @SuppressWarnings("unchecked")
            Map<String, Object> structured = JSON.convertValue(out.result(), Map.class);
            return McpSchema.CallToolResult.builder().addTextContent(json(structured)).structuredContent(structured).isError(false).build();
        } catch (QueryException e) {
            error = e.getMessage();
            return McpSchema.CallToolResult.builder().addTextContent(e.getMessage()).isError(true).build();
        } catch (RuntimeException e) {
            log.error("MCP tool {} failed", d.name(), e);
            error = "internal error: " + e;
            return McpSchema.CallToolResult.builder().addTextContent("internal error in " + d.name() + ": " + e.getMessage()
                    + " (details in the Pharos log)").isError(true).build();
        } finally {
            explore.audit().record(new AuditLog.Entry(Instant.now(), who.name(), who.tenants().toString(), channel, "mcp:" + d.name(),
                    arguments, sql, rows,
                    (System.nanoTime() - start) / 1e6, error));
        }
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
