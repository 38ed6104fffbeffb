package dev.pharos.process.logs;

import java.util.Map;

/**
 * Makes processors of one {@link #type()} from their options in the config. Pharos's own are in
 * {@link LogProcessors}; yours are found with {@link java.util.ServiceLoader}: put a jar with a
 * {@code META-INF/services/dev.pharos.process.logs.LogProcessorProvider} file on the class path
 * (the launcher adds the jars of {@code plugins/}, or of {@code $PHAROS_PLUGINS}).
 */
public interface LogProcessorProvider {

    /** The name datasets use in {@code processors: [{type: ...}]}. */
    String type();

    /**
     * @param options the entry's other keys, as parsed from YAML (strings, numbers, booleans, lists, maps)
     * @throws IllegalArgumentException for options it does not accept, saying which and why
     */
    LogProcessor create(Map<String, Object> options);
}
