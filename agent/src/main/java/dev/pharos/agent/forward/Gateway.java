package dev.pharos.agent.forward;

import java.net.URI;

/**
 * One gateway and what the agent has learnt about it: requests in flight, a moving average of
 * its answer time, and passive health. A failed request takes it out for a backoff (1 s doubling
 * to 30 s); then it gets one probe request, and is back in rotation when that succeeds. A
 * "retry later" answer (429, 503) takes it out for the time it asked for, without backoff. The
 * estimate of an idle gateway fades, so one that was slow once is tried again within seconds.
 * Guarded by the {@link Forwarder}'s lock.
 */
final class Gateway {

    private static final long MIN_BACKOFF = 1_000_000_000L;
    private static final long MAX_BACKOFF = 30_000_000_000L;
    /** The weight of the newest answer in the latency average. */
    private static final double ALPHA = 0.2;
    /**
     * How fast an idle gateway's estimate fades (e-folding time). Without it a gateway that was slow
     * once, or only ever said "retry later", keeps its old estimate while a faster one takes every
     * request at light load: it would never be asked again, so never re-measured.
     */
    private static final double IDLE_FADE_NANOS = 2e9;

    final URI uri;
    /** host:port, the gateway label on /metrics. */
    final String name;
    int inFlight;
    /** Average answer time in nanoseconds; starts at 10 ms so an unmeasured gateway is neither favoured nor avoided. */
    double latencyNanos = 10_000_000;
    /** When it last answered, or may be asked again after a pause (nanoTime): where the fading of its estimate starts. */
    long lastAnswerNanos = System.nanoTime();
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

    /**
     * What the balancer compares: the expected wait of a new request here. The estimate of a gateway
     * with nothing in flight fades with the time since its last answer, so an idle one is soon tried
     * again; not while requests are out, or a hung gateway would look better the longer it hangs.
     */
    double load(long now) {
        if (inFlight > 0) {
            return (inFlight + 1) * latencyNanos;
        }
        long idle = Math.max(0, now - lastAnswerNanos);
        return latencyNanos * Math.exp(-idle / IDLE_FADE_NANOS);
    }

    /** A success at {@code now}; returns true when the gateway was recovering from a failure. */
    boolean succeeded(long now, long elapsedNanos) {
        lastAnswerNanos = now;
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
        lastAnswerNanos = availableAtNanos;
    }

    boolean up(long now) {
        return !probing && now - availableAtNanos >= 0;
    }

    @Override
    public String toString() {
        return name;
    }
}
