package dev.pharos.process.redact;

import static dev.pharos.process.redact.Scan.isBase64Url;
import static dev.pharos.process.redact.Scan.skipBase64Url;

/**
 * JSON Web Tokens (and five-part JWEs): base64url segments joined by dots whose first segment starts
 * with {@code eyJ}, the encoding of {@code {"}. A single {@code eyJ...} segment is not a token: it is
 * base64 JSON, which Kubernetes annotations and pagination cursors are full of.
 */
final class JwtDetector implements Detector {

    private static final int MIN_SEGMENT = 10;

    @Override
    public SecretKind kind() {
        return SecretKind.JWT;
    }

    @Override
    public void find(String s, Spans out) {
        int n = s.length();
        int i = 0;
        while ((i = s.indexOf("eyJ", i)) >= 0) {
            if (i > 0 && isBase64Url(s.charAt(i - 1))) {
                i = skipBase64Url(s, i);
                continue;
            }
            int header = skipBase64Url(s, i);
            if (header - i < MIN_SEGMENT || header + 1 >= n || s.charAt(header) != '.') {
                i = header;
                continue;
            }
            int payload = skipBase64Url(s, header + 1);
            if (payload - header - 1 < MIN_SEGMENT || payload >= n || s.charAt(payload) != '.') {
                i = payload;
                continue;
            }
            // The signature may be empty ("alg":"none"); a JWE adds two more segments.
            int end = skipBase64Url(s, payload + 1);
            for (int extra = 0; extra < 2 && end + 1 < n && s.charAt(end) == '.' && isBase64Url(s.charAt(end + 1)); extra++) {
                end = skipBase64Url(s, end + 1);
            }
            out.add(i, end, SecretKind.JWT);
            i = end;
        }
    }
}
