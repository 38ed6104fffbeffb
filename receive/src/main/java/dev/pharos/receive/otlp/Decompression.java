package dev.pharos.receive.otlp;

import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Request body decompression with a hard cap on the output: a gzip or zstd bomb stops at the cap
 * instead of allocating what it claims. Supports what OTLP senders use: gzip (required by the
 * spec), zstd (the Collector offers it), and identity.
 */
final class Decompression {

    private Decompression() {}

    static byte[] decode(byte[] body, String encoding, int maxBytes) throws BadRequestException {
        String e = encoding == null ? "" : encoding.strip().toLowerCase(java.util.Locale.ROOT);
        return switch (e) {
            case "", "identity" -> body;
            case "gzip", "x-gzip" -> inflate(body, maxBytes, "gzip");
            case "zstd" -> inflate(body, maxBytes, "zstd");
            default -> throw new BadRequestException(BadRequestException.Kind.UNSUPPORTED,
                    "unsupported content encoding '" + encoding + "'; use gzip, zstd or none");
        };
    }

    private static byte[] inflate(byte[] body, int maxBytes, String codec) throws BadRequestException {
        try (InputStream in = codec.equals("gzip")
                ? new GZIPInputStream(new ByteArrayInputStream(body), 16 * 1024)
                : new ZstdInputStream(new ByteArrayInputStream(body))) {
            byte[] out = new byte[Math.min(maxBytes, Math.max(4096, body.length * 4))];
            int size = 0;
            while (true) {
                if (size == out.length) {
                    if (size >= maxBytes) {
                        if (in.read() < 0) {
                            break;
                        }
                        throw new BadRequestException(BadRequestException.Kind.TOO_LARGE,
                                "decompressed body exceeds the limit of " + maxBytes + " bytes");
                    }
                    out = Arrays.copyOf(out, (int) Math.min(maxBytes, (long) out.length * 2));
                }
                int n = in.read(out, size, out.length - size);
                if (n < 0) {
                    break;
                }
                size += n;
            }
            return size == out.length ? out : Arrays.copyOf(out, size);
        } catch (IOException | RuntimeException ex) {
            throw new BadRequestException(BadRequestException.Kind.MALFORMED, "body is not valid " + codec + ": " + ex.getMessage());
        }
    }
}
