package dev.pharos.process.dataset;

import java.util.ArrayList;
import java.util.List;

/**
 * The datasets of the running config: the rules deciding where a record goes, and for each
 * dataset (the default one last) what ingest does to its records. Immutable, shared by all
 * decoding threads.
 */
public final class Datasets {

    private final DatasetRouter router;
    private final Dataset[] byRule;
    private final Dataset fallback;
    private final byte[][] utf8Names;

    /**
     * @param ruled one dataset per rule of {@code router}, in the same order
     * @param fallback the default dataset, for records no rule claims
     */
    public Datasets(DatasetRouter router, List<Dataset> ruled, Dataset fallback) {
        if (ruled.size() != router.rules().size()) {
            throw new IllegalArgumentException("one dataset per rule");
        }
        this.router = router;
        this.byRule = ruled.toArray(Dataset[]::new);
        this.fallback = fallback;
        this.utf8Names = new byte[byRule.length + 1][];
        for (int i = 0; i < byRule.length; i++) {
            utf8Names[i] = byRule[i].utf8Name();
        }
        utf8Names[byRule.length] = fallback.utf8Name();
    }

    /** Everything to the default dataset, processed by nobody, redacted by {@code fallback}'s redactor. */
    public static Datasets only(Dataset fallback) {
        return new Datasets(new DatasetRouter(List.of()), List.of(), fallback);
    }

    public DatasetRouter router() {
        return router;
    }

    /** The dataset of a rule index from the router ({@link DatasetRouter#DEFAULT} for the default one). */
    public Dataset get(int rule) {
        return rule < 0 ? fallback : byRule[rule];
    }

    /** Its name in UTF-8, encoded once. */
    public byte[] utf8Name(int rule) {
        return rule < 0 ? utf8Names[byRule.length] : utf8Names[rule];
    }

    public Dataset fallback() {
        return fallback;
    }

    public List<Dataset> all() {
        List<Dataset> all = new ArrayList<>(List.of(byRule));
        all.add(fallback);
        return all;
    }
}
