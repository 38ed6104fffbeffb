package dev.pharos.store.embedded;

/** The embedded engine cannot be started: library missing, data directory locked, bad config. */
public final class EngineUnavailableException extends RuntimeException {

    public EngineUnavailableException(String message) {
        super(message);
    }

    public EngineUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
