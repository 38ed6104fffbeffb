package dev.pharos.store.dataset;

import java.util.regex.Pattern;

/**
 * A data-skipping index of a dataset table.
 *
 * @param name index name, a plain identifier
 * @param column the column it covers (a base column or an extracted one)
 * @param type {@code bloom_filter}, {@code bloom_filter(p)}, {@code tokenbf_v1(size, hashes, seed)},
 *     {@code ngrambf_v1(n, size, hashes, seed)}, {@code set(n)} or {@code minmax}
 * @param granularity granules per index block
 */
public record TableIndex(String name, String column, String type, int granularity) {

    // Only the index types that fit log columns, with numeric arguments: the text goes into DDL as is.
    private static final Pattern TYPE = Pattern.compile(
            "minmax|bloom_filter(\\(0?\\.[0-9]+\\))?|set\\([0-9]+\\)|tokenbf_v1\\([0-9]+, ?[0-9]+, ?[0-9]+\\)|ngrambf_v1\\([0-9]+, ?[0-9]+, ?[0-9]+, ?[0-9]+\\)");

    public TableIndex {
        if (name == null || !ExtractedColumn.IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("index name must be a plain identifier, got: " + name);
        }
        if (column == null || !ExtractedColumn.IDENTIFIER.matcher(column).matches()) {
            throw new IllegalArgumentException("index " + name + ": 'on' must name a column, got: " + column);
        }
        type = type == null ? "bloom_filter(0.01)" : type.strip();
        if (!TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("index " + name + ": unsupported type " + type
                    + "; use minmax, bloom_filter(p), set(n), tokenbf_v1(size, hashes, seed) or ngrambf_v1(n, size, hashes, seed)");
        }
        if (granularity < 1 || granularity > 1024) {
            throw new IllegalArgumentException("index " + name + ": granularity must be 1..1024, got " + granularity);
        }
    }

    String ddl() {
        return "INDEX " + name + " " + column + " TYPE " + type + " GRANULARITY " + granularity;
    }
}
