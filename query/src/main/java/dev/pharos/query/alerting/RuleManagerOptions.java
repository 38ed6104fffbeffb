package dev.pharos.query.alerting;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How the rule manager runs. Defaults as Prometheus's.
 *
 * @param directory         where the rule files are: every *.yml and *.yaml directly in it
 * @param defaultInterval   evaluation interval of groups without one (global.evaluation_interval, 1m)
 * @param defaultQueryOffset query offset of groups without one (global.rule_query_offset, 0)
 * @param externalLabels    added to alerts sent (when absent) and visible to templates as $externalLabels
 * @param externalURL       how users reach Pharos: templates' $externalURL and the start of generator URLs
 * @param resendDelay       how often a firing alert is sent again (--rules.alert.resend-delay, 1m)
 * @param outageTolerance   how old saved state may be and still be restored (--rules.alert.for-outage-tolerance, 1h)
 * @param forGracePeriod    least time left before a restored pending alert fires (--rules.alert.for-grace-period, 10m)
 * @param stateSaveInterval least time between two writes of the alert state to the {@link StateStore}
 */
public record RuleManagerOptions(Path directory, Duration defaultInterval, Duration defaultQueryOffset, Map<String, String> externalLabels,
        String externalURL, Duration resendDelay, Duration outageTolerance, Duration forGracePeriod, Duration stateSaveInterval) {

    public RuleManagerOptions {
        externalLabels = Map.copyOf(externalLabels);
        externalURL = externalURL == null ? "" : externalURL;
        if (defaultInterval.isZero() || defaultInterval.isNegative()) {
            throw new IllegalArgumentException("the default evaluation interval must be positive");
        }
    }

    public static RuleManagerOptions defaults(Path directory) {
        return new RuleManagerOptions(directory, Duration.ofMinutes(1), Duration.ZERO, Map.of(), "", Duration.ofMinutes(1),
                Duration.ofHours(1), Duration.ofMinutes(10), Duration.ofSeconds(10));
    }

    public RuleManagerOptions withDefaultInterval(Duration d) {
        return new RuleManagerOptions(directory, d, defaultQueryOffset, externalLabels, externalURL, resendDelay, outageTolerance,
                forGracePeriod, stateSaveInterval);
    }

    public RuleManagerOptions withExternal(Map<String, String> labels, String url) {
        return new RuleManagerOptions(directory, defaultInterval, defaultQueryOffset, labels, url, resendDelay, outageTolerance,
                forGracePeriod, stateSaveInterval);
    }

    public RuleManagerOptions withResendDelay(Duration d) {
        return new RuleManagerOptions(directory, defaultInterval, defaultQueryOffset, externalLabels, externalURL, d, outageTolerance,
                forGracePeriod, stateSaveInterval);
    }

    public RuleManagerOptions withRestore(Duration outage, Duration grace) {
        return new RuleManagerOptions(directory, defaultInterval, defaultQueryOffset, externalLabels, externalURL, resendDelay, outage,
                grace, stateSaveInterval);
    }
}
