package dev.pharos.process.logs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Function;

/** Every processor type Pharos knows: its own, then those found on the class path (see {@link LogProcessorProvider}). */
public final class LogProcessors {

    private final Map<String, Function<Map<String, Object>, LogProcessor>> types = new LinkedHashMap<>();

    private LogProcessors() {}

    public static LogProcessors load() {
        LogProcessors p = new LogProcessors();
        p.types.put("json_body", JsonBodyProcessor::from);
        p.types.put("severity", SeverityProcessor::from);
        p.types.put("timestamp", TimestampProcessor::from);
        p.types.put("enrich", EnrichProcessor::from);
        for (LogProcessorProvider provider : ServiceLoader.load(LogProcessorProvider.class)) {
            if (p.types.containsKey(provider.type())) {
                throw new IllegalArgumentException("processor type " + provider.type() + " from " + provider.getClass().getName()
                        + " is already defined; give it another name");
            }
            p.types.put(provider.type(), provider::create);
        }
        return p;
    }

    public List<String> types() {
        return List.copyOf(types.keySet());
    }

    /** @throws IllegalArgumentException for an unknown type or options it refuses */
    public LogProcessor create(String type, Map<String, Object> options) {
        Function<Map<String, Object>, LogProcessor> f = types.get(type);
        if (f == null) {
            throw new IllegalArgumentException("unknown processor type '" + type + "'; known: " + types.keySet());
        }
        return f.apply(options == null ? Map.of() : options);
    }
}
