package dev.pharos.process.dataset;

import java.util.List;

/**
 * Which records go to a dataset: all conditions hold. Rules are tried in config order and the
 * first that matches wins.
 */
public record DatasetRule(String dataset, List<Condition> conditions) {

    public DatasetRule {
        conditions = List.copyOf(conditions);
        if (conditions.isEmpty()) {
            throw new IllegalArgumentException("dataset " + dataset + ": 'match' needs at least one condition"
                    + " (the default dataset already takes every record no rule claims)");
        }
    }

    /** Whether the rule can be decided from the resource alone, once per resource instead of once per record. */
    boolean resourceOnly() {
        return conditions.stream().allMatch(c -> c.on() == Condition.On.RESOURCE);
    }

    /**
     * Whether this rule, placed before {@code later}, claims every record {@code later} would: every
     * condition here is implied by one of {@code later}'s.
     */
    boolean shadows(DatasetRule later) {
        for (Condition mine : conditions) {
            boolean implied = false;
            for (Condition theirs : later.conditions) {
                if (theirs.narrowerOrEqual(mine)) {
                    implied = true;
                    break;
                }
            }
            if (!implied) {
                return false;
            }
        }
        return true;
    }
}
