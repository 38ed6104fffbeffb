package dev.pharos.present.http;

import java.util.Map;

/** Answers "can this process serve traffic now?" with the facts behind the answer. */
@FunctionalInterface
public interface Readiness {

    Report check();

    /** {@code details} is shown as JSON to whoever calls /readyz. */
    record Report(boolean ready, Map<String, Object> details) {}
}
