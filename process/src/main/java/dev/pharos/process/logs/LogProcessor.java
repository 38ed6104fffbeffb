package dev.pharos.process.logs;

/**
 * One processing step for the log records of a dataset, run at ingest before redaction, so a
 * secret a step lifts out of the body is still caught. Steps run in the order the dataset lists
 * them, on the decoding thread: they must be thread-safe (keep no per-record state in fields)
 * and cheap, and they must not throw for a record they cannot use (leave it unchanged instead).
 *
 * <p>Add your own by implementing {@link LogProcessorProvider} (see docs/pipeline.md).
 */
@FunctionalInterface
public interface LogProcessor {

    void process(LogDraft record);
}
