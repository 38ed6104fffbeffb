package dev.pharos.process.redact;

import static dev.pharos.process.redact.Scan.isAlnum;
import static dev.pharos.process.redact.Scan.isAsciiLetter;
import static dev.pharos.process.redact.Scan.isDigit;


/**
 * Email addresses: {@code local@domain} (also with the {@code @} URL-encoded as {@code %40}) where the
 * domain has at least two labels and ends in an alphabetic top-level domain.
 *
 * <p>What we decided is not an email, although it has the shape of one: an ssh or scp target
 * ({@code git@github.com:org/repo.git}, {@code ssh deploy@bastion.example.com}); a user at a host that
 * cannot receive mail from outside (an IP, a single label such as {@code root@db01}, an internal
 * suffix such as {@code .internal}, {@code .local}, {@code .svc}); the user part of a URL
 * ({@code https://user@host}, left to {@link UrlPasswordDetector}); and file names and package
 * coordinates ({@code logo@2x.png}, {@code lodash@4.17.21}, {@code Object@1b6d3586}).
 */
final class EmailDetector implements Detector {

    private static final int MAX_LOCAL = 64;
    private static final int MAX_DOMAIN = 253;

    // Suffixes that name a file type, not a top-level domain; .zip and .mov are real TLDs and stay out.
    private static final String[] FILE_EXTENSIONS = {"png", "jpg", "jpeg", "gif", "svg", "webp", "ico", "bmp", "css",
            "js", "mjs", "map", "json", "html", "htm", "txt", "log", "xml", "yaml", "yml", "tmp", "bak", "pdf", "woff", "woff2", "ttf",
            "jar", "class", "java", "py", "rb", "go", "ts", "tsx", "jsx", "gz", "tgz", "tar", "sock", "pid", "lock", "conf", "ini", "toml",
            "properties", "sh", "csv", "md"};
    private static final String[] INTERNAL_SUFFIXES = {"local", "localdomain", "internal", "lan", "localhost", "svc", "arpa",
            "intranet", "cluster"};
    private static final String[] SSH_WORDS = {"ssh", "scp", "sftp", "rsync", "mosh"};

    @Override
    public SecretKind kind() {
        return SecretKind.EMAIL;
    }

    @Override
    public void find(String s, Spans out) {
        int n = s.length();
        // Hop between '@' and '%' with the vectorised String.indexOf: most lines have neither.
        int nextAt = s.indexOf('@');
        int nextPercent = s.indexOf('%');
        while (nextAt >= 0 || nextPercent >= 0) {
            int i;
            int width;
            if (nextPercent < 0 || (nextAt >= 0 && nextAt < nextPercent)) {
                i = nextAt;
                width = 1;
            } else {
                i = nextPercent;
                width = i + 2 < n && s.charAt(i + 1) == '4' && s.charAt(i + 2) == '0' ? 3 : 0;
            }
            int next = i + 1;
            if (width > 0) {
                int end = match(s, i, width);
                if (end > 0) {
                    out.add(localStart(s, i), end, SecretKind.EMAIL);
                    next = end;
                }
            }
            if (nextAt >= 0 && nextAt < next) {
                nextAt = s.indexOf('@', next);
            }
            if (nextPercent >= 0 && nextPercent < next) {
                nextPercent = s.indexOf('%', next);
            }
        }
    }

    // Internationalised addresses (RFC 6531) put letters of any script on both sides of the @.
    private static boolean isLocalChar(char c) {
        return isDigit(c) || isAsciiLetter(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-' || (c >= 128 && Character.isLetterOrDigit(c));
    }

    private static boolean isLabelChar(char c) {
        return isDigit(c) || isAsciiLetter(c) || c == '-' || (c >= 128 && Character.isLetterOrDigit(c));
    }

    private static int localStart(String s, int at) {
        int j = at;
        while (j > 0 && at - j <= MAX_LOCAL && isLocalChar(s.charAt(j - 1))) {
            j--;
        }
        while (j < at && (s.charAt(j) == '.' || s.charAt(j) == '-')) {
            j++;
        }
        return j;
    }

    /** The end of the address whose {@code @} is at {@code at}, or -1. */
    private static int match(String s, int at, int width) {
        int n = s.length();
        int j = localStart(s, at);
        if (j == at || at - j > MAX_LOCAL || (j > 0 && isLocalChar(s.charAt(j - 1))) || s.charAt(at - 1) == '.') {
            return -1;
        }
        int d = at + width;
        int labels = 0;
        int labelStart = d;
        int lastLabelStart = d;
        int k = d;
        while (k < n && k - d <= MAX_DOMAIN) {
            char c = s.charAt(k);
            if (isLabelChar(c)) {
                k++;
                continue;
            }
            if (c == '.' && k > labelStart && k + 1 < n && isLabelChar(s.charAt(k + 1)) && s.charAt(k + 1) != '-') {
                labels++;
                k++;
                labelStart = k;
                continue;
            }
            break;
        }
        if (k == labelStart) {
            return -1;
        }
        lastLabelStart = labelStart;
        labels++;
        int end = k;
        if (labels < 2 || (end < n && (s.charAt(end) == '_' || s.charAt(end) == '@' || isAlnum(s.charAt(end))))) {
            return -1;
        }
        for (int t = lastLabelStart; t < end; t++) {
            if (!Character.isLetter(s.charAt(t))) {
                return -1;
            }
        }
        int tldLength = end - lastLabelStart;
        if (tldLength < 2 || tldLength > 24 || Scan.isOneOf(s, lastLabelStart, end, FILE_EXTENSIONS)
                || Scan.isOneOf(s, lastLabelStart, end, INTERNAL_SUFFIXES)) {
            return -1;
        }
        if (end + 1 < n && s.charAt(end) == ':' && isScpPath(s.charAt(end + 1))) {
            return -1;
        }
        if (urlUserInfo(s, j) || afterSshCommand(s, j)) {
            return -1;
        }
        return end;
    }

    private static boolean isScpPath(char c) {
        return isAlnum(c) || c == '/' || c == '~' || c == '.' || c == '_';
    }

    /** Whether the local part is the user of a URL's authority: {@code scheme://user@host} or {@code scheme://user:pw@host}. */
    private static boolean urlUserInfo(String s, int localStart) {
        int k = localStart;
        int limit = Math.max(0, localStart - 512);
        while (k > limit) {
            char c = s.charAt(k - 1);
            if (c == '/' || c == ' ' || c == '"' || c == '\'' || c == '<' || c == '(' || c == '\t' || c == '\n') {
                break;
            }
            k--;
        }
        return k >= 3 && s.charAt(k - 1) == '/' && s.charAt(k - 2) == '/' && s.charAt(k - 3) == ':';
    }

    /** Whether an ssh-family command word precedes the address closely: what follows it is a login, not a mailbox. */
    private static boolean afterSshCommand(String s, int localStart) {
        int from = Math.max(0, localStart - 100);
        for (int k = localStart - 2; k >= from; k--) {
            char c = s.charAt(k);
            if (c != 's' && c != 'r' && c != 'm') {
                continue;
            }
            if (k > 0 && isAlnum(s.charAt(k - 1))) {
                continue;
            }
            for (String word : SSH_WORDS) {
                int after = k + word.length();
                if (after < localStart && s.startsWith(word, k) && (s.charAt(after) == ' ' || s.charAt(after) == '\t')) {
                    return true;
                }
            }
        }
        return false;
    }
}
