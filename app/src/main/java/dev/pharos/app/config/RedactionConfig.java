package dev.pharos.app.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * How secrets are removed before anything is stored or buffered (top level: every dataset and all
 * traces; inside a dataset: that dataset's log records).
 *
 * @param mode {@code mask} (default: {@code [REDACTED:<detector>]}), {@code hash} (a keyed hash, so equal
 *     secrets still correlate), {@code drop} (the whole attribute goes; a body is emptied) or {@code off}
 * @param hashKeyFile hash mode: a file holding the key (at least 16 bytes); keep it secret and stable
 * @param detectors the detectors to run instead of the defaults (every one but ipv4 and ipv6)
 * @param enable detectors to add to the defaults, e.g. [ipv4]
 * @param disable detectors to remove from the defaults
 */
public record RedactionConfig(@JsonProperty("mode") String mode, @JsonProperty("hashKeyFile") String hashKeyFile,
                              @JsonProperty("detectors") List<String> detectors, @JsonProperty("enable") List<String> enable,
                              @JsonProperty("disable") List<String> disable) {

    public RedactionConfig {
        mode = mode == null ? "mask" : mode;
        enable = enable == null ? List.of() : enable;
        disable = disable == null ? List.of() : disable;
        if (!List.of("mask", "hash", "drop", "off").contains(mode)) {
            throw new ConfigException("redaction.mode must be mask, hash, drop or off, got '" + mode + "'");
        }
        if (mode.equals("hash") && (hashKeyFile == null || hashKeyFile.isBlank())) {
            throw new ConfigException("redaction.mode hash needs redaction.hashKeyFile: a file with a secret key of at least 16 bytes");
        }
        if (detectors != null && !enable.isEmpty()) {
            throw new ConfigException("redaction: give either detectors (the full list) or enable/disable (changes to the defaults), not both");
        }
    }

    public static RedactionConfig defaults() {
        return new RedactionConfig(null, null, null, null, null);
    }
}
