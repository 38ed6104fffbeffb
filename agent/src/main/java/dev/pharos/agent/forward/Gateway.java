package dev.pharos.agent.forward;

import java.net.URI;

/**
 * One gateway and what the agent has learnt about it: requests in flight, a moving average of
 * its answer time, and passive health. A failed request takes it out for a backoff (1 s doubling
 * to 30 s); then it gets one probe request, and is back in rotation when that succeeds. A
 * "retry later" answer (429, 503) takes it out for the time it asked for, without backoff.
 * Guarded by the {@link Forwarder}'s lock.
 */
final class Gateway {

    private static final long MIN_BACKOFF = 1_000_000_000L;
    private static final long MAX_BACKOFF = 30_000_000_000L;
    /** The weight of the newest answer in the latency average. */
    private static final double ALPHA = 0.2;

    final URI uri;
    /** host:port, the gateway label on /metrics. */
    final String name;
    int inFlight;
    /** Average answer time in nanoseconds; starts at 10 ms so an unmeasured gateway is neither favoured nor avoided. */
    double latencyNanos = 10_000_000;
    /** Not picked before this time (nanoTime). */
    long availableAtNanos = System.nanoTime();
    long backoffNanos;
    private long lastFailureNanos;
    /** After a failure: only one request at a time until one succeeds. */
    boolean probing;

    Gateway(URI uri) {
        this.uri = uri;
        this.name = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }

    boolean available(long now) {
        return now - availableAtNanos >= 0 && (!probing || inFlight == 0);
    }

    /** What the balancer compares: the expected wait of a new request here. */
    double load() {
        return (inFlight + 1) * latencyNanos;
    }

    /** A success; returns true when the gateway was recovering from a failure. */
    boolean succeeded(long elapsedNanos) {
        latencyNanos += ALPHA * (elapsedNanos - latencyNanos);
        boolean recovered = probing;
        probing = false;
        backoffNanos = 0;
        return recovered;
    }

    /**
     * A failure of a request sent at {@code sentNanos}; returns true when it changed what is known
     * (the backoff grew), false when the request had been sent before an earlier failure was
     * seen: requests in flight together fail together, and that is one failure, not several.
     */
    boolean failed(long now, long sentNanos) {
        if (lastFailureNanos != 0 && sentNanos - lastFailureNanos < 0) {
            return false;
        }
        lastFailureNanos = now;
        backoffNanos = backoffNanos == 0 ? MIN_BACKOFF : Math.min(MAX_BACKOFF, backoffNanos * 2);
        availableAtNanos = now + backoffNanos;
        probing = true;
        return true;
    }

    /** The gateway asked to be left alone for a while (Retry-After). */
    void pause(long now, long nanos) {
        availableAtNanos = now + nanos;
    }

    boolean up(long now) {
        return !probing && now - availableAtNanos >= 0;
    }

    @Override
    public String toString() {
        return name;
    }
}
