package dev.pharos.present.mcp;

import java.util.Map;
import java.util.function.Function;

/**
 * One MCP tool: its name, the description a model chooses by, its input schema, and what it does.
 * The result is a JSON-ready value; {@code sql} and {@code rows} go to the audit log.
 */
record ToolDef(String name, String description, Map<String, Object> inputSchema, Function<ToolArgs, Output> run) {

    record Output(Object result, String sql, long rows) {}
}
