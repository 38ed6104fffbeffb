package dev.pharos.present.mcp;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import reactor.core.publisher.Mono;

/**
 * MCP's streamable HTTP transport, stateless, on the Pharos Armeria server at {@code /mcp}.
 *
 * <p>The SDK ships this transport only as a servlet; Pharos serves HTTP with Armeria, and the
 * stateless form is small: a POSTed JSON-RPC request is answered with one JSON response, a
 * notification with 202, and GET (the server-to-client stream) with 405, as the specification
 * allows for servers that do not push. Browsers cannot be tricked into calling it from another
 * site: a request with a foreign Origin is refused (DNS rebinding protection from the spec).
 */
public final class ArmeriaMcpTransport implements McpStatelessServerTransport, HttpService {

    static final String IDENTITY = "pharos.identity";
    static final String CHANNEL = "pharos.channel";
    /** Set by {@code pharos mcp} when it forwards a desktop client's stdio session. */
    static final String CHANNEL_HEADER = "x-pharos-mcp-channel";
    private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private final McpJsonMapper mapper;
    private volatile McpStatelessServerHandler handler;

    ArmeriaMcpTransport(McpJsonMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public void setMcpHandler(McpStatelessServerHandler handler) {
        this.handler = handler;
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.empty();
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        if (req.method() != HttpMethod.POST) {
            return HttpResponse.of(ResponseHeaders.builder(HttpStatus.METHOD_NOT_ALLOWED).set(HttpHeaderNames.ALLOW, "POST")
                    .contentType(MediaType.JSON_UTF_8).build(), com.linecorp.armeria.common.HttpData.ofUtf8(
                    "{\"error\":\"this MCP server is stateless: POST JSON-RPC messages to /mcp; there is no event stream to GET\"}"));
        }
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        if (origin != null && !localOrigin(origin)) {
            return HttpResponse.of(HttpStatus.FORBIDDEN, MediaType.PLAIN_TEXT_UTF_8, "requests from origin " + origin + " are not accepted");
        }
        return HttpResponse.of(req.aggregate().thenCompose(agg -> handle(ctx, agg)));
    }

    private CompletableFuture<HttpResponse> handle(ServiceRequestContext ctx, AggregatedHttpRequest agg) {
        McpSchema.JSONRPCMessage message;
        try {
            message = McpSchema.deserializeJsonRpcMessage(mapper, agg.contentUtf8());
        } catch (IOException | IllegalArgumentException e) {
            return CompletableFuture.completedFuture(jsonRpcError(null, McpSchema.ErrorCodes.PARSE_ERROR,
                    "not a JSON-RPC message: " + e.getMessage()));
        }
        McpStatelessServerHandler h = handler;
        if (h == null) {
            return CompletableFuture.completedFuture(HttpResponse.of(HttpStatus.SERVICE_UNAVAILABLE));
        }
        String channel = agg.headers().get(CHANNEL_HEADER, "mcp-http");
        dev.pharos.access.Identity who = dev.pharos.access.AccessControl.identity(ctx);
        McpTransportContext tctx = McpTransportContext.create(Map.of(IDENTITY, who,
                CHANNEL, channel.equals("mcp-stdio") ? "mcp-stdio" : "mcp-http"));
        if (message instanceof McpSchema.JSONRPCRequest request) {
            return h.handleRequest(tctx, request).toFuture().thenApply(this::json)
                    .exceptionally(e -> jsonRpcError(request.id(), McpSchema.ErrorCodes.INTERNAL_ERROR, String.valueOf(e.getMessage())));
        }
        if (message instanceof McpSchema.JSONRPCNotification notification) {
            return h.handleNotification(tctx, notification).toFuture().thenApply(v -> HttpResponse.of(HttpStatus.ACCEPTED));
        }
        return CompletableFuture.completedFuture(HttpResponse.of(HttpStatus.ACCEPTED));
    }

    private HttpResponse json(Object o) {
        try {
            return HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, mapper.writeValueAsString(o));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse jsonRpcError(Object id, int code, String message) {
        return json(new McpSchema.JSONRPCResponse(McpSchema.JSONRPC_VERSION, id, null, new McpSchema.JSONRPCResponse.JSONRPCError(code, message)));
    }

    private static boolean localOrigin(String origin) {
        try {
            String host = URI.create(origin).getHost();
            return host != null && LOCAL_HOSTS.contains(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
