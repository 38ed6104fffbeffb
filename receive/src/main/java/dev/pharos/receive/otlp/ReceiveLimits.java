package dev.pharos.receive.otlp;

/**
 * Limits applied to every OTLP request.
 *
 * @param maxBodyBytes largest body as sent (compressed or not); larger gets 413 / RESOURCE_EXHAUSTED
 * @param maxDecodedBytes largest body after decompression; a bomb stops here
 * @param maxNesting deepest message nesting (kvlist in kvlist...) accepted
 * @param decodeThreads threads that decompress, parse and map requests
 */
public record ReceiveLimits(int maxBodyBytes, int maxDecodedBytes, int maxNesting, int decodeThreads) {

    public ReceiveLimits {
        if (maxBodyBytes < 1 || maxDecodedBytes < maxBodyBytes || maxNesting < 8 || decodeThreads < 1) {
            throw new IllegalArgumentException("receive limits: body and decoded sizes must be positive with decoded >= body, "
                    + "nesting at least 8, at least one decode thread");
        }
    }

    public static ReceiveLimits defaults() {
        return new ReceiveLimits(20 << 20, 64 << 20, 64, Math.max(1, Runtime.getRuntime().availableProcessors()));
    }
}
