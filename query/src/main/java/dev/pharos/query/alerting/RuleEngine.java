package dev.pharos.query.alerting;

/** The outside world of rule groups: what they query, where output and alerts go, the time, and the options. */
public record RuleEngine(RuleQueries queries, SampleSink sink, Notifier notifier, Clock clock, RuleManagerOptions options) {}
