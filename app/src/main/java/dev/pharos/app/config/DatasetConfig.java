package dev.pharos.app.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * One entry of {@code datasets:}: which log records it takes, the table they land in, what runs on
 * them first. Checked when the server starts (see {@code app/DatasetSetup}), where every error
 * names the dataset.
 *
 * @param match field to expected value: {@code service}, {@code resource.<key>} or {@code attr.<key>}
 *     mapped to a value, a list of values, or {@code {regex: ...}}; all must hold
 * @param retention how long rows are kept, in days ({@code 180d}); default: {@code retention.logs}
 * @param orderBy sorting key; default ServiceName, TimestampTime, Timestamp
 * @param processors steps in order, each {@code {type: ..., <options>}}
 * @param redaction this dataset's policy instead of the top-level one
 */
public record DatasetConfig(@JsonProperty("name") String name, @JsonProperty("match") Map<String, Object> match,
                            @JsonProperty("retention") String retention, @JsonProperty("orderBy") List<String> orderBy,
                            @JsonProperty("columns") List<Column> columns, @JsonProperty("indexes") List<Index> indexes,
                            @JsonProperty("processors") List<Map<String, Object>> processors,
                            @JsonProperty("redaction") RedactionConfig redaction) {

    public DatasetConfig {
        columns = columns == null ? List.of() : columns;
        indexes = indexes == null ? List.of() : indexes;
        processors = processors == null ? List.of() : processors;
        orderBy = orderBy == null ? List.of() : orderBy;
    }

    /** An extracted column: {@code from} is attr.<key>, resource.<key>, scope.<key>, body or body.<json.path>. */
    public record Column(@JsonProperty("name") String name, @JsonProperty("from") String from, @JsonProperty("type") String type) {}

    /** A data-skipping index on a column. */
    public record Index(@JsonProperty("name") String name, @JsonProperty("on") String on, @JsonProperty("type") String type,
                        @JsonProperty("granularity") Integer granularity) {}
}
