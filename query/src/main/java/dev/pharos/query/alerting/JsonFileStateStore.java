package dev.pharos.query.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the alert state in one JSON file, replaced atomically (written beside it, then renamed), so
 * a crash while saving leaves the previous state readable.
 */
public final class JsonFileStateStore implements StateStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int VERSION = 1;

    private final Path file;

    public JsonFileStateStore(Path file) {
        this.file = file;
    }

    @Override
    public AlertStateSnapshot load() throws IOException {
        if (!Files.exists(file)) {
            return AlertStateSnapshot.empty();
        }
        JsonNode root = JSON.readTree(file.toFile());
        if (root == null || root.path("version").asInt() != VERSION) {
            throw new IOException(file + ": not an alert state file of version " + VERSION);
        }
        List<AlertStateSnapshot.SavedRule> rules = new ArrayList<>();
        for (JsonNode r : root.path("rules")) {
            List<AlertStateSnapshot.SavedAlert> alerts = new ArrayList<>();
            for (JsonNode a : r.path("alerts")) {
                alerts.add(new AlertStateSnapshot.SavedAlert(map(a.path("labels")), a.path("state").asText(), a.path("activeAtMs").asLong()));
            }
            rules.add(new AlertStateSnapshot.SavedRule(r.path("file").asText(), r.path("group").asText(), r.path("rule").asText(),
                    map(r.path("ruleLabels")), r.path("lastSampleMs").asLong(), alerts));
        }
        return new AlertStateSnapshot(root.path("savedAtMs").asLong(), rules);
    }

    @Override
    public void save(AlertStateSnapshot snapshot) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", VERSION);
        root.put("savedAtMs", snapshot.savedAtMs());
        ArrayNode rules = root.putArray("rules");
        for (AlertStateSnapshot.SavedRule r : snapshot.rules()) {
            ObjectNode o = rules.addObject();
            o.put("file", r.file());
            o.put("group", r.group());
            o.put("rule", r.rule());
            o.set("ruleLabels", node(r.ruleLabels()));
            o.put("lastSampleMs", r.lastSampleMs());
            ArrayNode alerts = o.putArray("alerts");
            for (AlertStateSnapshot.SavedAlert a : r.alerts()) {
                ObjectNode ao = alerts.addObject();
                ao.set("labels", node(a.labels()));
                ao.put("state", a.state());
                ao.put("activeAtMs", a.activeAtMs());
            }
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            JSON.writeValue(tmp.toFile(), root);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static Map<String, String> map(JsonNode n) {
        Map<String, String> out = new LinkedHashMap<>();
        n.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static ObjectNode node(Map<String, String> m) {
        ObjectNode o = JSON.createObjectNode();
        RuleLabels.sorted(m).forEach(o::put);
        return o;
    }
}
