package dev.pharos.query.promql.value;

import dev.pharos.query.promql.storage.Labels;

/** One element of an instant vector. */
public record Sample(Labels labels, long timestampMs, double value) {
}
