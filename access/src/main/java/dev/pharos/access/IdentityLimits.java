package dev.pharos.access;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.LongSupplier;

/**
 * Request rate (a token bucket) and concurrent queries, per identity, so one dashboard or agent
 * cannot starve everyone else. Armeria's throttling services limit a whole service, not each
 * caller, hence these few lines.
 */
public final class IdentityLimits {

    /** The answer for one request: a {@link Permit} or a {@link Refusal}. */
    public sealed interface Decision permits Permit, Refusal {}

    /** The right to run one request; close it when the response is complete. */
    public non-sealed interface Permit extends Decision, AutoCloseable {
        @Override
        void close();
    }

    /** Why a request was refused, and when to come back. */
    public record Refusal(String message, long retryAfterSeconds) implements Decision {}

    private final double perSecond;
    private final double burst;
    private final int maxConcurrent;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Semaphore> running = new ConcurrentHashMap<>();

    public IdentityLimits(double perSecond, int burst, int maxConcurrent, LongSupplier nanoClock) {
        if (perSecond <= 0 || burst < 1 || maxConcurrent < 1) {
            throw new IllegalArgumentException("rate, burst and concurrency limits must be positive");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.maxConcurrent = maxConcurrent;
        this.nanoClock = nanoClock;
    }

    public IdentityLimits(double perSecond, int burst, int maxConcurrent) {
        this(perSecond, burst, maxConcurrent, System::nanoTime);
    }

    /** A permit, or the refusal to send as 429. */
    public Decision tryAcquire(String identity) {
        Bucket b = buckets.computeIfAbsent(identity, k -> new Bucket(burst, nanoClock.getAsLong()));
        double wait;
        synchronized (b) {
            long now = nanoClock.getAsLong();
            b.tokens = Math.min(burst, b.tokens + (now - b.updatedNanos) / 1e9 * perSecond);
            b.updatedNanos = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                wait = 0;
            } else {
                wait = (1 - b.tokens) / perSecond;
            }
        }
        if (wait > 0) {
            return new Refusal("more than " + perSecond + " requests per second from " + identity + "; slow down", (long) Math.ceil(wait));
        }
        Semaphore s = running.computeIfAbsent(identity, k -> new Semaphore(maxConcurrent));
        if (!s.tryAcquire()) {
            return new Refusal(maxConcurrent + " queries of " + identity + " are already running; wait for one to finish", 1);
        }
        java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
        return (Permit) () -> {
            if (released.compareAndSet(false, true)) {
                s.release();
            }
        };
    }

    private static final class Bucket {
        double tokens;
        long updatedNanos;

        Bucket(double tokens, long updatedNanos) {
            this.tokens = tokens;
            this.updatedNanos = updatedNanos;
        }
    }
}
