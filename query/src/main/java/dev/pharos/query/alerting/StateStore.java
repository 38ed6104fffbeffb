package dev.pharos.query.alerting;

import java.io.IOException;

/** Keeps the alert state across restarts. {@link JsonFileStateStore} keeps it in a file. */
public interface StateStore {

    /** The last saved state, or {@link AlertStateSnapshot#empty()} when there is none. */
    AlertStateSnapshot load() throws IOException;

    void save(AlertStateSnapshot snapshot) throws IOException;

    /** Keeps nothing: every start begins with empty state. */
    static StateStore none() {
        return new StateStore() {
            @Override
            public AlertStateSnapshot load() {
                return AlertStateSnapshot.empty();
            }

            @Override
            public void save(AlertStateSnapshot snapshot) {
            }
        };
    }
}
