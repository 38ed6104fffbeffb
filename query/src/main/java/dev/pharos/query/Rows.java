package dev.pharos.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pharos.store.ClickHouse;
import dev.pharos.store.ClickHouseException;
import dev.pharos.store.QueryResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs a search query built by Pharos and reads its JSONEachRow result. */
public final class Rows {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The rows and what reading them cost. */
    public record Result(List<JsonNode> rows, QueryStats stats) {}

    private Rows() {}

    /** Engine errors caused by the request (bad regex, too much data, timeout) come back as {@link QueryException}. */
    public static Result query(ClickHouse clickHouse, String sql) {
        QueryResult r;
        try {
            r = clickHouse.query(sql, "JSONEachRow");
        } catch (ClickHouseException e) {
            throw new QueryException(EngineErrors.describe(e), e);
        }
        List<JsonNode> rows = new ArrayList<>();
        try (var parser = JSON.createParser(r.data())) {
            Iterator<JsonNode> it = JSON.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                rows.add(it.next());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable engine result", e);
        }
        return new Result(rows, QueryStats.of(r));
    }

    /** A Map(String, String) column as an ordered Java map. */
    public static Map<String, String> map(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node instanceof ObjectNode o) {
            o.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }

    public static long longValue(JsonNode n) {
        return n.isTextual() ? Long.parseLong(n.asText()) : n.asLong();
    }
}
