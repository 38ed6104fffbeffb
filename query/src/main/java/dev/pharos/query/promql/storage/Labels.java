package dev.pharos.query.promql.storage;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable label set, sorted by name in byte order like Prometheus's. The metric name is the label
 * {@value #METRIC_NAME}. A label with an empty value does not exist: builders drop it.
 */
public final class Labels implements Comparable<Labels> {

    public static final String METRIC_NAME = "__name__";
    public static final String BUCKET_LABEL = "le";

    private static final Labels EMPTY = new Labels(new String[0], new String[0]);
    private static final byte SEP = (byte) 0xFF;

    private final String[] names;
    private final String[] values;
    private long hash;
    private boolean hashed;

    private Labels(String[] names, String[] values) {
        this.names = names;
        this.values = values;
    }

    public static Labels empty() {
        return EMPTY;
    }

    /** From alternating names and values: {@code Labels.of("__name__", "up", "job", "api")}. */
    public static Labels of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must alternate");
        }
        Builder b = builder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            b.set(namesAndValues[i], namesAndValues[i + 1]);
        }
        return b.build();
    }

    public static Labels fromMap(Map<String, String> map) {
        Builder b = builder();
        map.forEach(b::set);
        return b.build();
    }

    public static Builder builder() {
        return new Builder(EMPTY);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public int size() {
        return names.length;
    }

    public boolean isEmpty() {
        return names.length == 0;
    }

    public String name(int i) {
        return names[i];
    }

    public String value(int i) {
        return values[i];
    }

    /** The value of the label, or "" when absent (PromQL treats both alike). */
    public String get(String name) {
        int i = indexOf(name);
        return i < 0 ? "" : values[i];
    }

    public boolean has(String name) {
        return indexOf(name) >= 0;
    }

    /** The metric name, or "" when the set has none. */
    public String metricName() {
        return get(METRIC_NAME);
    }

    private int indexOf(String name) {
        int lo = 0;
        int hi = names.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = GoStrings.compare(names[mid], name);
            if (c == 0) {
                return mid;
            }
            if (c < 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return -1;
    }

    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            m.put(names[i], values[i]);
        }
        return m;
    }

    /** Without the metric name and the other metadata labels (__type__, __unit__) that operations drop. */
    public Labels withoutMetadata() {
        if (!has(METRIC_NAME) && !has("__type__") && !has("__unit__")) {
            return this;
        }
        return toBuilder().delete(METRIC_NAME).delete("__type__").delete("__unit__").build();
    }

    public Labels without(Collection<String> drop) {
        Builder b = toBuilder();
        for (String n : drop) {
            b.delete(n);
        }
        return b.build();
    }

    public Labels keep(Collection<String> keep) {
        Builder b = builder();
        for (int i = 0; i < names.length; i++) {
            if (keep.contains(names[i])) {
                b.set(names[i], values[i]);
            }
        }
        return b.build();
    }

    /** Prometheus's 64-bit label hash (xxhash of name, 0xff, value, 0xff, ...). */
    public long hash() {
        if (!hashed) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(64);
            for (int i = 0; i < names.length; i++) {
                GoStrings.appendUtf8(names[i], out);
                out.write(SEP);
                GoStrings.appendUtf8(values[i], out);
                out.write(SEP);
            }
            byte[] bytes = out.toByteArray();
            hash = dev.pharos.store.hash.Xxh64.hash(bytes, bytes.length);
            hashed = true;
        }
        return hash;
    }

    @Override
    public int hashCode() {
        long h = hash();
        return (int) (h ^ (h >>> 32));
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Labels other) || other.names.length != names.length) {
            return false;
        }
        if (hashed && other.hashed && hash != other.hash) {
            return false;
        }
        return Arrays.equals(names, other.names) && Arrays.equals(values, other.values);
    }

    /** Prometheus's labels.Compare: pairwise by name then value, then by length. */
    @Override
    public int compareTo(Labels o) {
        int n = Math.min(names.length, o.names.length);
        for (int i = 0; i < n; i++) {
            int c = GoStrings.compare(names[i], o.names[i]);
            if (c != 0) {
                return c;
            }
            c = GoStrings.compare(values[i], o.values[i]);
            if (c != 0) {
                return c;
            }
        }
        return names.length - o.names.length;
    }

    /** Prometheus's format: {@code {__name__="up", job="api"}}, names quoted when not legacy-valid. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < names.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(LabelNames.isLegacy(names[i]) ? names[i] : GoStrings.quote(names[i]));
            sb.append('=').append(GoStrings.quote(values[i]));
        }
        return sb.append('}').toString();
    }

    /** Mutable companion used to derive label sets. */
    public static final class Builder {
        private final TreeMap<String, String> map = new TreeMap<>(GoStrings::compare);

        private Builder(Labels base) {
            for (int i = 0; i < base.names.length; i++) {
                map.put(base.names[i], base.values[i]);
            }
        }

        /** Sets a label; an empty value deletes it. */
        public Builder set(String name, String value) {
            if (value == null || value.isEmpty()) {
                map.remove(name);
            } else {
                map.put(name, value);
            }
            return this;
        }

        public Builder delete(String name) {
            map.remove(name);
            return this;
        }

        public String get(String name) {
            return map.getOrDefault(name, "");
        }

        public Labels build() {
            if (map.isEmpty()) {
                return EMPTY;
            }
            List<String> n = new ArrayList<>(map.keySet());
            List<String> v = new ArrayList<>(map.values());
            return new Labels(n.toArray(new String[0]), v.toArray(new String[0]));
        }
    }
}
