package dev.pharos.process.dataset;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Picks the dataset of a log record: the first rule, in config order, whose conditions all hold;
 * the default dataset when none does. Rules on resource attributes alone are decided once per
 * resource (a request of 1,000 records from one pod asks once); rules on record attributes are
 * asked per record, and only when the resource leaves the answer open.
 */
public final class DatasetRouter {

    /** The answer for "no rule matches". */
    public static final int DEFAULT = -1;
    /** {@link #byResource}'s answer when a rule on record attributes may still match. */
    public static final int PER_RECORD = -2;

    private final List<DatasetRule> rules;
    private final byte[][][] keys;
    private final boolean[] resourceOnly;

    /** @throws IllegalArgumentException for a dataset named twice or a rule an earlier one always beats */
    public DatasetRouter(List<DatasetRule> rules) {
        this.rules = List.copyOf(rules);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            DatasetRule r = rules.get(i);
            if (!names.add(r.dataset())) {
                throw new IllegalArgumentException("dataset " + r.dataset() + " is defined twice");
            }
            for (int j = 0; j < i; j++) {
                if (rules.get(j).shadows(r)) {
                    throw new IllegalArgumentException("dataset " + r.dataset() + " can never receive a record: dataset "
                            + rules.get(j).dataset() + ", listed before it, matches every record its rule matches; reorder them or narrow "
                            + rules.get(j).dataset() + "'s rule");
                }
            }
        }
        this.keys = new byte[rules.size()][][];
        this.resourceOnly = new boolean[rules.size()];
        for (int i = 0; i < rules.size(); i++) {
            List<Condition> cs = rules.get(i).conditions();
            keys[i] = new byte[cs.size()][];
            for (int c = 0; c < cs.size(); c++) {
                keys[i][c] = cs.get(c).key().getBytes(StandardCharsets.UTF_8);
            }
            resourceOnly[i] = rules.get(i).resourceOnly();
        }
    }

    public List<DatasetRule> rules() {
        return rules;
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** The rule index for every record of this resource, {@link #DEFAULT}, or {@link #PER_RECORD}. */
    public int byResource(AttributeLookup resource) {
        for (int i = 0; i < keys.length; i++) {
            if (!resourceConditionsHold(i, resource)) {
                continue;
            }
            return resourceOnly[i] ? i : PER_RECORD;
        }
        return DEFAULT;
    }

    /** The rule index for one record, or {@link #DEFAULT}. */
    public int byRecord(AttributeLookup resource, AttributeLookup record) {
        for (int i = 0; i < keys.length; i++) {
            List<Condition> cs = rules.get(i).conditions();
            boolean all = true;
            for (int c = 0; c < cs.size() && all; c++) {
                Condition cond = cs.get(c);
                all = cond.test((cond.on() == Condition.On.RESOURCE ? resource : record).value(keys[i][c]));
            }
            if (all) {
                return i;
            }
        }
        return DEFAULT;
    }

    private boolean resourceConditionsHold(int rule, AttributeLookup resource) {
        List<Condition> cs = rules.get(rule).conditions();
        for (int c = 0; c < cs.size(); c++) {
            Condition cond = cs.get(c);
            if (cond.on() == Condition.On.RESOURCE && !cond.test(resource.value(keys[rule][c]))) {
                return false;
            }
        }
        return true;
    }
}
