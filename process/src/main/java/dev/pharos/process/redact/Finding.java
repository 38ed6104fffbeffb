package dev.pharos.process.redact;

/** One redacted region of a value, {@code [start, end)}, after overlapping detections were merged. */
public record Finding(int start, int end, SecretKind kind) {
}
