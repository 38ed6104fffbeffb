package dev.pharos.process.dataset;

import dev.pharos.process.logs.LogProcessor;
import dev.pharos.process.redact.Redactor;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What ingest does for one dataset: the name it stamps on records (the engine routes on it), the
 * processors its records go through, then the redactor.
 */
public record Dataset(String name, List<LogProcessor> processors, Redactor redactor) {

    public Dataset {
        processors = List.copyOf(processors);
    }

    public byte[] utf8Name() {
        return name.getBytes(StandardCharsets.UTF_8);
    }
}
