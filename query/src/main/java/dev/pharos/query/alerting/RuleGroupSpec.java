package dev.pharos.query.alerting;

import java.util.List;

/**
 * A group of rules as written in a rule file: evaluated in order, every interval.
 *
 * @param file          the file's path as the manager was given it (shown by the API, part of the group's identity)
 * @param intervalMs    the evaluation interval, 0 for the manager's default
 * @param queryOffsetMs how far back the group's queries look (for late-arriving data), null for the manager's default
 * @param limit         most series (recording) or alerts (alerting) one rule may produce, 0 for no limit
 */
public record RuleGroupSpec(String file, String name, long intervalMs, Long queryOffsetMs, int limit, List<RuleSpec> rules) {

    public RuleGroupSpec {
        rules = List.copyOf(rules);
    }

    /** Prometheus's GroupKey: group names are unique per file only. */
    public String key() {
        return key(file, name);
    }

    public static String key(String file, String name) {
        return file + ";" + name;
    }

    /** Same interval, limit, offset and rules in the same order: a reload leaves such a group running as it is. */
    boolean sameDefinition(RuleGroupSpec o) {
        if (!file.equals(o.file) || !name.equals(o.name) || intervalMs != o.intervalMs || limit != o.limit
                || !java.util.Objects.equals(queryOffsetMs, o.queryOffsetMs) || rules.size() != o.rules.size()) {
            return false;
        }
        for (int i = 0; i < rules.size(); i++) {
            if (!rules.get(i).sameDefinition(o.rules.get(i))) {
                return false;
            }
        }
        return true;
    }
}
