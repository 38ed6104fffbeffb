package dev.pharos.app.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Reads pharos.yaml; reports mistakes with the key path and line. */
public final class ConfigLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private ConfigLoader() {}

    /** Loads {@code file}; when it is null, uses ./pharos.yaml if present, else the defaults. */
    public static PharosConfig load(Path file) {
        Path chosen = file;
        if (chosen == null) {
            Path local = Path.of("pharos.yaml");
            if (!Files.exists(local)) {
                return PharosConfig.defaults();
            }
            chosen = local;
        }
        if (!Files.isReadable(chosen)) {
            throw new ConfigException("config file " + chosen + " does not exist or is not readable");
        }
        try {
            if (Files.size(chosen) == 0) {
                return PharosConfig.defaults();
            }
            PharosConfig config = YAML.readValue(chosen.toFile(), PharosConfig.class);
            return config == null ? PharosConfig.defaults() : config;
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", "));
            throw new ConfigException(chosen + ":" + keyLine(chosen, e.getPropertyName(), e) + ": unknown key '" + path(e)
                    + "'; known keys here: " + known, e);
        } catch (JsonMappingException e) {
            Throwable root = e.getCause() instanceof ConfigException ce ? ce : e;
            String why = root instanceof ConfigException ? root.getMessage() : e.getOriginalMessage();
            throw new ConfigException(chosen + ":" + line(e) + ": " + (path(e).isEmpty() ? "" : "'" + path(e) + "': ") + why, e);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + chosen + ": " + e.getMessage(), e);
        }
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    /** The YAML parser reports the position after the offending entry; point at the key itself. */
    private static String keyLine(Path file, String key, JsonMappingException e) {
        try {
            List<String> lines = Files.readAllLines(file);
            int reported = e.getLocation() == null ? lines.size() : Math.min(e.getLocation().getLineNr(), lines.size());
            Pattern keyPattern = Pattern.compile("^\\s*(- )?\"?" + Pattern.quote(key) + "\"?\\s*:");
            for (int i = reported; i >= 1; i--) {
                if (keyPattern.matcher(lines.get(i - 1)).find()) {
                    return Integer.toString(i);
                }
            }
        } catch (IOException ignored) {
            // fall back to the parser's position
        }
        return line(e);
    }

    private static String line(JsonMappingException e) {
        return e.getLocation() == null ? "?" : Integer.toString(e.getLocation().getLineNr());
    }
}
