package dev.pharos.process.pipeline;

/** What the pipeline does when its buffer budget is used up (the engine is slow or down). */
public enum Overflow {
    /** Refuse new data with a retryable status; the senders keep it and retry (default: nothing is lost here). */
    REJECT,
    /** Accept new data and drop the oldest waiting batches, counting every dropped record (LogHouse's gateways). */
    DROP_OLDEST
}
