package dev.pharos.process.pipeline.durable;

import dev.pharos.process.pipeline.Signal;

/** Where the disk buffer reports acknowledged records it had to give up (the ingest drop counter). */
@FunctionalInterface
public interface DropListener {

    void dropped(Signal signal, String reason, long records);
}
