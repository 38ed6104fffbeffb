package dev.pharos.process.redact;

import static dev.pharos.process.redact.Scan.isAlnum;

/**
 * The password of a URL's user info: {@code scheme://user:password@host} (database, broker and cache
 * connection strings, proxies, basic auth in links). The user and host stay readable; a password
 * holding an unencoded {@code @} ends at the last {@code @} of the authority. Already-masked
 * passwords ({@code ****}) and template placeholders are left as they are.
 */
final class UrlPasswordDetector implements Detector {

    @Override
    public SecretKind kind() {
        return SecretKind.URL_PASSWORD;
    }

    @Override
    public void find(String s, Spans out) {
        int n = s.length();
        int i = 0;
        while ((i = s.indexOf("://", i)) >= 0) {
            int a = i + 3;
            if (i == 0 || !isAlnum(s.charAt(i - 1))) {
                i = a;
                continue;
            }
            int colon = -1;
            int lastAt = -1;
            int k = a;
            while (k < n) {
                char c = s.charAt(k);
                if (c == '/' || c == '?' || c == '#' || c == ' ' || c == '\t' || c == '\n' || c == '"' || c == '\'' || c == '<'
                        || c == '>' || c == '`' || c == '\\') {
                    break;
                }
                if (c == ':' && colon < 0 && lastAt < 0) {
                    colon = k;
                } else if (c == '@') {
                    lastAt = k;
                }
                k++;
            }
            if (colon >= 0 && lastAt > colon + 1 && !KeyValueSecretDetector.isPlaceholder(s, colon + 1, lastAt)) {
                out.add(colon + 1, lastAt, SecretKind.URL_PASSWORD);
            }
            i = Math.max(k, a);
        }
    }
}
