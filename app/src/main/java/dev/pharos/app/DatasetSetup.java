package dev.pharos.app;

import dev.pharos.app.config.ConfigException;
import dev.pharos.app.config.DatasetConfig;
import dev.pharos.app.config.DurationText;
import dev.pharos.app.config.PharosConfig;
import dev.pharos.app.config.RedactionConfig;
import dev.pharos.process.dataset.Condition;
import dev.pharos.process.dataset.Dataset;
import dev.pharos.process.dataset.DatasetRouter;
import dev.pharos.process.dataset.DatasetRule;
import dev.pharos.process.dataset.Datasets;
import dev.pharos.process.logs.LogProcessor;
import dev.pharos.process.logs.LogProcessors;
import dev.pharos.process.redact.RedactionMetrics;
import dev.pharos.process.redact.RedactionMode;
import dev.pharos.process.redact.RedactionPolicy;
import dev.pharos.process.redact.Redactor;
import dev.pharos.process.redact.SecretKind;
import dev.pharos.store.dataset.DatasetShape;
import dev.pharos.store.dataset.ExtractedColumn;
import dev.pharos.store.dataset.TableIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code datasets:} and {@code redaction:} sections turned into what the engine needs (table
 * shapes) and what ingest needs (rules, processors, redactors). Every mistake is a
 * {@link ConfigException} naming the dataset and the field, raised before anything starts.
 *
 * @param shapes the datasets' tables, in rule order
 * @param datasets routing and processing for ingest
 */
record DatasetSetup(List<DatasetShape> shapes, Datasets datasets) {

    static DatasetSetup of(PharosConfig config, RedactionMetrics metrics) {
        LogProcessors processors = LogProcessors.load();
        Redactor fallbackRedactor = redactor("redaction", config.redaction(), metrics);
        int defaultDays = config.retention().toRetention().logsDays();
        List<DatasetShape> shapes = new ArrayList<>();
        List<DatasetRule> rules = new ArrayList<>();
        List<Dataset> ruled = new ArrayList<>();
        for (int i = 0; i < config.datasets().size(); i++) {
            DatasetConfig d = config.datasets().get(i);
            String where = "datasets[" + i + "]" + (d.name() == null ? "" : " (" + d.name() + ")");
            try {
                if (d.name() != null && d.name().equals(DatasetShape.DEFAULT)) {
                    throw new IllegalArgumentException("'default' is the dataset of records no rule claims; give yours another name");
                }
                List<ExtractedColumn> columns = new ArrayList<>();
                for (DatasetConfig.Column c : d.columns()) {
                    columns.add(new ExtractedColumn(c.name(), c.type(), c.from()));
                }
                List<TableIndex> indexes = new ArrayList<>();
                for (DatasetConfig.Index x : d.indexes()) {
                    indexes.add(new TableIndex(x.name(), x.on(), x.type(), x.granularity() == null ? 1 : x.granularity()));
                }
                shapes.add(new DatasetShape(d.name(), columns, d.orderBy(), indexes, d.retention() == null ? defaultDays : days(d.retention())));
                rules.add(new DatasetRule(d.name(), conditions(d.match())));
                boolean liftsJson = d.processors().stream().anyMatch(p -> "json_body".equals(String.valueOf(p.get("type"))));
                for (DatasetConfig.Column c : d.columns()) {
                    if (liftsJson && c.from() != null && c.from().strip().startsWith("body.")) {
                        String field = c.from().strip().substring(5);
                        throw new IllegalArgumentException("column " + c.name() + " reads " + c.from() + ", but the json_body processor turns the"
                                + " body's fields into attributes (and the body into its message) before the row is stored; use from: attr." + field);
                    }
                }
                List<LogProcessor> steps = new ArrayList<>();
                for (Map<String, Object> p : d.processors()) {
                    Map<String, Object> options = new LinkedHashMap<>(p);
                    Object type = options.remove("type");
                    if (type == null) {
                        throw new IllegalArgumentException("every processor needs a type; known: " + processors.types());
                    }
                    steps.add(processors.create(type.toString(), options));
                }
                Redactor redactor = d.redaction() == null ? fallbackRedactor : redactor(where + ".redaction", d.redaction(), metrics);
                ruled.add(new Dataset(d.name(), steps, redactor));
            } catch (IllegalArgumentException | ConfigException e) {
                throw new ConfigException(where + ": " + e.getMessage());
            }
        }
        try {
            DatasetRouter router = new DatasetRouter(rules);
            return new DatasetSetup(shapes, new Datasets(router, ruled, new Dataset(DatasetShape.DEFAULT, List.of(), fallbackRedactor)));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("datasets: " + e.getMessage());
        }
    }

    private static List<Condition> conditions(Map<String, Object> match) {
        if (match == null || match.isEmpty()) {
            throw new IllegalArgumentException("'match' is required: e.g. match: {service: checkout} or {resource.k8s.namespace.name: [a, b]}");
        }
        List<Condition> out = new ArrayList<>();
        for (Map.Entry<String, Object> e : match.entrySet()) {
            Object v = e.getValue();
            if (v instanceof Map<?, ?> m) {
                if (m.size() != 1 || !m.containsKey("regex")) {
                    throw new IllegalArgumentException("match on " + e.getKey() + ": the only map form is {regex: \"...\"}");
                }
                out.add(Condition.of(e.getKey(), null, String.valueOf(m.get("regex"))));
            } else if (v instanceof List<?> l) {
                out.add(Condition.of(e.getKey(), l.stream().map(String::valueOf).toList(), null));
            } else if (v == null) {
                throw new IllegalArgumentException("match on " + e.getKey() + ": a value is required");
            } else {
                out.add(Condition.of(e.getKey(), List.of(String.valueOf(v)), null));
            }
        }
        return out;
    }

    private static int days(String text) {
        if (text.strip().equals("forever")) {
            return 0;
        }
        Duration d = DurationText.parse(text);
        if (d.toHours() % 24 != 0) {
            throw new IllegalArgumentException("retention is kept in whole days (7d, 180d) or forever; got " + text);
        }
        return (int) d.toDays();
    }

    static Redactor redactor(String where, RedactionConfig c, RedactionMetrics metrics) {
        try {
            Set<SecretKind> on = EnumSet.noneOf(SecretKind.class);
            if (!c.mode().equals("off")) {
                if (c.detectors() != null) {
                    for (String name : c.detectors()) {
                        on.add(kind(name));
                    }
                } else {
                    on.addAll(RedactionPolicy.defaults().enabled());
                    for (String name : c.enable()) {
                        on.add(kind(name));
                    }
                }
                for (String name : c.disable()) {
                    on.remove(kind(name));
                }
            }
            RedactionMode mode = switch (c.mode()) {
                case "hash" -> RedactionMode.HASH;
                case "drop" -> RedactionMode.DROP;
                default -> RedactionMode.MASK;
            };
            byte[] key = null;
            if (mode == RedactionMode.HASH) {
                Path file = Path.of(c.hashKeyFile());
                try {
                    key = Files.readAllBytes(file);
                } catch (IOException e) {
                    throw new IllegalArgumentException("cannot read hashKeyFile " + file + ": " + e.getMessage());
                }
            }
            return new Redactor(RedactionPolicy.of(on, mode, key), metrics);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where + ": " + e.getMessage());
        }
    }

    private static SecretKind kind(String name) {
        for (SecretKind k : SecretKind.values()) {
            if (k.label().equals(name.strip().toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown detector '" + name + "'; known: "
                + java.util.Arrays.stream(SecretKind.values()).map(SecretKind::label).toList());
    }
}
