package dev.pharos.process.redact;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * Random but plausible pieces of log lines, from a seeded generator so the corpus is the same on
 * every run. Written for the corpus, not derived from the detectors: the shapes follow what real
 * systems print.
 */
final class Fake {

    static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    static final String DIGITS = "0123456789";
    static final String HEX = "0123456789abcdef";
    static final String ALNUM = UPPER + LOWER + DIGITS;
    static final String BASE64 = ALNUM + "+/";
    static final String BASE64URL = ALNUM + "-_";
    static final String BASE32 = UPPER + "234567";

    static final List<String> FIRST = List.of("james", "mary", "robert", "patricia", "john", "jennifer", "michael", "linda", "david",
            "elizabeth", "william", "barbara", "richard", "susan", "joseph", "jessica", "thomas", "sarah", "chris", "karen", "daniel",
            "lisa", "matthew", "nancy", "anthony", "betty", "mark", "sandra", "paul", "ashley", "steven", "emily", "andrew", "donna",
            "kenji", "yuki", "mehmet", "ayse", "lukas", "lea", "mateo", "sofia", "olivier", "chloe", "arjun", "priya", "wei", "li",
            "fatima", "omar", "ines", "joao", "anna", "piotr", "olga", "sven", "freya", "noah", "mia", "liam", "zoe", "o.connor");
    static final List<String> LAST = List.of("smith", "johnson", "williams", "brown", "jones", "garcia", "miller", "davis", "rodriguez",
            "martinez", "hernandez", "lopez", "gonzalez", "wilson", "anderson", "thomas", "taylor", "moore", "jackson", "martin", "lee",
            "perez", "thompson", "white", "harris", "sanchez", "clark", "ramirez", "lewis", "robinson", "mueller", "schmidt", "schneider",
            "fischer", "weber", "tanaka", "suzuki", "sato", "kim", "park", "nguyen", "tran", "singh", "patel", "kowalski", "novak",
            "dubois", "rossi", "silva", "santos", "yilmaz", "kaya", "ivanova", "andersen", "nielsen", "van-dijk", "de-vries");
    static final List<String> MAIL_DOMAINS = List.of("example.com", "example.org", "example.net", "mail.example.com", "gmail.com",
            "outlook.com", "yahoo.co.jp", "hotmail.fr", "acme-corp.com", "globex.io", "initech.co.uk", "uni-hamburg.de", "cs.stanford.edu",
            "posteo.de", "proton.me", "fastmail.fm", "t-online.de", "web.de", "corp.example.travel", "shop.example.com.br",
            "students.uni.ac.uk", "icloud.com", "company.dev", "startup.ai", "mail.co.za", "example.museum");
    static final List<String> SERVICES = List.of("checkout", "orders", "payments", "cart", "auth", "gateway", "inventory", "search",
            "billing", "notifications", "users", "catalog", "shipping", "recommendations", "ledger", "fraud-check");
    static final List<String> HOSTS = List.of("db.internal", "orders-db.prod.internal", "cache", "redis-master.default.svc.cluster.local",
            "rabbitmq.internal", "db-01.eu-west-1.rds.amazonaws.com", "mongo-0.mongo", "postgres", "kafka-1.kafka-headless",
            "mysql.example.com", "cluster0.ab1cd.mongodb.net", "smtp.example.com", "api.example.com", "localhost");
    static final List<String> WORDS = List.of("order", "created", "updated", "request", "completed", "failed", "retrying", "timeout",
            "connection", "closed", "user", "session", "started", "stopped", "cache", "miss", "hit", "queue", "message", "processed",
            "payment", "authorized", "captured", "refund", "shipment", "dispatched", "invoice", "generated", "job", "scheduled",
            "worker", "heartbeat", "received", "lease", "renewed", "snapshot", "written", "compaction", "finished", "batch", "flushed");
    static final List<String> METHODS = List.of("GET", "GET", "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");
    static final List<String> STATUS = List.of("200", "200", "200", "201", "204", "301", "302", "304", "400", "401", "403", "404",
            "409", "429", "500", "502", "503");
    static final List<String> USER_AGENTS = List.of(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15",
            "Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0",
            "curl/8.5.0", "python-requests/2.31.0", "Go-http-client/2.0", "okhttp/4.12.0", "kube-probe/1.29", "Prometheus/2.52.0",
            "ELB-HealthChecker/2.0", "Apache-HttpClient/5.2.1 (Java/17.0.9)", "grpc-java-netty/1.62.2", "Googlebot/2.1 (+http://www.google.com/bot.html)");
    static final List<String> PLAIN_PASSWORDS = List.of("letmein", "dragon", "sunshine", "iloveyou", "monkey", "football", "princess",
            "whatever", "trustno", "welcome", "changeme", "password", "qwertyuiop", "baseball", "shadow", "master", "superman",
            "correcthorse", "starwars", "hunter", "admin", "secret", "opensesame", "rosebud", "bigsecret");

    final Random r;

    Fake(long seed) {
        r = new Random(seed);
    }

    int between(int lo, int hi) {
        return lo + r.nextInt(hi - lo + 1);
    }

    boolean chance(double p) {
        return r.nextDouble() < p;
    }

    <T> T pick(List<T> list) {
        return list.get(r.nextInt(list.size()));
    }

    String pick(String... options) {
        return options[r.nextInt(options.length)];
    }

    String chars(String alphabet, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int k = 0; k < n; k++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    String hex(int n) {
        return chars(HEX, n);
    }

    String digits(int n) {
        return chars(DIGITS, n);
    }

    /** A number of {@code n} digits without a leading zero. */
    String number(int n) {
        return between(1, 9) + digits(n - 1);
    }

    String word() {
        return pick(WORDS);
    }

    String first() {
        return pick(FIRST);
    }

    String last() {
        return pick(LAST);
    }

    String user() {
        return switch (r.nextInt(4)) {
            case 0 -> first();
            case 1 -> first().charAt(0) + last();
            case 2 -> first() + "_" + last();
            default -> first() + between(1, 99);
        };
    }

    String service() {
        return pick(SERVICES);
    }

    String uuid() {
        return hex(8) + "-" + hex(4) + "-4" + hex(3) + "-" + pick("8", "9", "a", "b") + hex(3) + "-" + hex(12);
    }

    String traceId() {
        return hex(32);
    }

    String spanId() {
        return hex(16);
    }

    String gitSha() {
        return hex(40);
    }

    String isoTime() {
        return String.format("2024-%02d-%02dT%02d:%02d:%02d.%03dZ", between(1, 12), between(1, 28), between(0, 23), between(0, 59),
                between(0, 59), between(0, 999));
    }

    String logTime() {
        return String.format("2024-%02d-%02d %02d:%02d:%02d,%03d", between(1, 12), between(1, 28), between(0, 23), between(0, 59),
                between(0, 59), between(0, 999));
    }

    String nginxTime() {
        return String.format("%02d/%s/2024:%02d:%02d:%02d +0000", between(1, 28), pick("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul"),
                between(0, 23), between(0, 59), between(0, 59));
    }

    String syslogTime() {
        return String.format("%s %2d %02d:%02d:%02d", pick("Jan", "Feb", "Mar", "Jun", "Jul", "Nov"), between(1, 28), between(0, 23),
                between(0, 59), between(0, 59));
    }

    String epochMillis() {
        return "17" + digits(11);
    }

    String epochNanos() {
        return "17" + digits(17);
    }

    String level() {
        return pick("INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR");
    }

    String ipv4() {
        return switch (r.nextInt(4)) {
            case 0 -> "10." + between(0, 255) + "." + between(0, 255) + "." + between(1, 254);
            case 1 -> "192.168." + between(0, 255) + "." + between(1, 254);
            case 2 -> "172." + between(16, 31) + "." + between(0, 255) + "." + between(1, 254);
            default -> between(1, 223) + "." + between(0, 255) + "." + between(0, 255) + "." + between(1, 254);
        };
    }

    String ipv6() {
        return switch (r.nextInt(5)) {
            case 0 -> "2001:db8:" + shortHex() + "::" + shortHex();
            case 1 -> "fe80::" + shortHex() + ":" + shortHex() + ":" + shortHex() + ":" + shortHex();
            case 2 -> "2a01:4f8:" + shortHex() + ":" + shortHex() + "::" + between(1, 9);
            case 3 -> "2600:1f18:" + shortHex() + ":" + shortHex() + ":" + shortHex() + ":" + shortHex() + ":" + shortHex() + ":"
                    + shortHex();
            default -> "::ffff:" + ipv4();
        };
    }

    private String shortHex() {
        String h = Integer.toHexString(between(1, 0xffff));
        return h;
    }

    String path() {
        return switch (r.nextInt(8)) {
            case 0 -> "/api/v1/orders/" + number(between(5, 8));
            case 1 -> "/api/v2/users/" + uuid() + "/profile";
            case 2 -> "/static/js/app." + hex(8) + ".js";
            case 3 -> "/products?page=" + between(1, 40) + "&sort=" + pick("price", "name", "rating") + "&limit=" + pick("20", "50");
            case 4 -> "/health";
            case 5 -> "/search?q=" + word() + "+" + word() + "&lang=" + pick("en", "de", "fr");
            case 6 -> "/cart/items/" + between(1, 99999);
            default -> "/assets/img/" + word() + pick("@2x.png", "@3x.png", ".webp", ".svg");
        };
    }

    String status() {
        return pick(STATUS);
    }

    String userAgent() {
        return pick(USER_AGENTS);
    }

    String version() {
        return between(0, 9) + "." + between(0, 30) + "." + between(0, 40);
    }

    String orderNumber() {
        return switch (r.nextInt(6)) {
            case 0 -> "ORD-2024-" + digits(6);
            case 1 -> "#" + number(between(4, 6));
            case 2 -> number(3) + "-" + digits(7) + "-" + digits(7);
            case 3 -> "PO-" + number(5);
            case 4 -> "INV-" + between(2019, 2024) + "-" + digits(4);
            default -> number(between(6, 10));
        };
    }

    /** A decimal rendering of a random 63/64-bit id, as Datadog and Snowflake-style systems print them. */
    String decimalId64() {
        long v = r.nextLong() >>> (r.nextBoolean() ? 1 : 0);
        return Long.toUnsignedString(v);
    }

    /** Luhn-valid digits with the given prefix and total length. */
    String luhn(String prefix, int length) {
        StringBuilder sb = new StringBuilder(prefix);
        while (sb.length() < length - 1) {
            sb.append(r.nextInt(10));
        }
        for (int check = 0; check < 10; check++) {
            String candidate = sb.toString() + check;
            if (luhnValid(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException();
    }

    static boolean luhnValid(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int k = digits.length() - 1; k >= 0; k--) {
            int d = digits.charAt(k) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    /** A card number of a real brand's prefix and length, printed as one run or in the brand's groups. */
    String card() {
        String digits;
        boolean amexLike = false;
        switch (r.nextInt(10)) {
            case 0, 1, 2 -> digits = luhn("4" + digits(r.nextInt(3)), chance(0.05) ? 19 : 16);
            case 3, 4 -> digits = luhn(String.valueOf(between(51, 55)), 16);
            case 5 -> digits = luhn(String.valueOf(between(2221, 2720)), 16);
            case 6 -> {
                digits = luhn(pick("34", "37"), 15);
                amexLike = true;
            }
            case 7 -> digits = luhn(pick("6011", "65", "644", "62"), chance(0.2) ? 19 : 16);
            case 8 -> digits = luhn(pick("3528", "3589", "35"), 16);
            default -> {
                digits = luhn(pick("36", "38", "300", "305"), 14);
                amexLike = true;
            }
        }
        int style = r.nextInt(10);
        if (style < 6) {
            return digits;
        }
        String sep = style < 9 ? " " : "-";
        if (amexLike) {
            return digits.substring(0, 4) + sep + digits.substring(4, 10) + sep + digits.substring(10);
        }
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < digits.length(); k += 4) {
            if (k > 0) {
                sb.append(sep);
            }
            sb.append(digits, k, Math.min(k + 4, digits.length()));
        }
        return sb.toString();
    }

    static final List<String> INTERNATIONAL_FIRST = List.of("josé", "zoë", "łukasz", "søren", "françois", "jürgen", "renée", "björn",
            "ñandú", "đorđe", "ayşe", "şükrü", "ioana-ştefania");
    static final List<String> INTERNATIONAL_DOMAINS = List.of("bücher.example.de", "correo.españa.es", "münchen.example", "posta.çağrı.com.tr");

    String email() {
        if (chance(0.05)) {
            // Internationalised addresses (RFC 6531): rare, but users with them exist.
            return pick(INTERNATIONAL_FIRST) + (chance(0.5) ? "." + last() : "") + "@" + (chance(0.5) ? pick(INTERNATIONAL_DOMAINS) : pick(MAIL_DOMAINS));
        }
        String local = switch (r.nextInt(7)) {
            case 0 -> first() + "." + last();
            case 1 -> first().charAt(0) + last();
            case 2 -> first() + "_" + last() + between(1, 99);
            case 3 -> first() + "+" + pick("news", "shop", "github", "test", "billing");
            case 4 -> first();
            case 5 -> (first() + "." + last()).toUpperCase().substring(0, 1) + first().substring(1) + "." + last();
            default -> last() + "." + first().charAt(0) + between(1970, 2005);
        };
        return local.replace("o.connor", "oconnor") + "@" + pick(MAIL_DOMAINS);
    }

    /** A password as people and generators make them; {@code unquoted} keeps out what ends an unquoted value. */
    String password(boolean unquoted) {
        return switch (r.nextInt(8)) {
            case 0 -> pick(PLAIN_PASSWORDS);
            case 1 -> pick(PLAIN_PASSWORDS) + between(1, 2024);
            case 2 -> Character.toUpperCase(word().charAt(0)) + word().substring(1) + pick("!", "#", "2024", "$", "99", "@1");
            case 3 -> chars(ALNUM, between(12, 24));
            case 4 -> chars(ALNUM + (unquoted ? "!#$%*+-.=@^_~" : "!#$%*+-.=@^_~&,;()[]{} \"'|<>"), between(10, 20))
                    .replace("\"", unquoted ? "" : "\\\"");
            case 5 -> unquoted ? word() + "-" + word() + "-" + word() : word() + " " + word() + " " + word() + " " + word();
            case 6 -> hex(between(16, 32));
            default -> chars(ALNUM, 4) + "-" + chars(ALNUM, 4) + "-" + chars(ALNUM, 4);
        };
    }

    /** An opaque API token of one of the shapes providers issue. */
    String apiToken() {
        return switch (r.nextInt(9)) {
            case 0 -> hex(32);
            case 1 -> hex(40);
            case 2 -> chars(ALNUM, between(20, 48));
            case 3 -> "ghp_" + chars(ALNUM, 36);
            case 4 -> "xoxb-" + digits(12) + "-" + digits(13) + "-" + chars(ALNUM, 24);
            case 5 -> "sk_live_" + chars(ALNUM, 24);
            case 6 -> "glpat-" + chars(ALNUM + "-_", 20);
            case 7 -> "ya29." + chars(BASE64URL, between(60, 120));
            default -> chars(BASE64, between(30, 60)) + pick("", "=", "==");
        };
    }

    String jwt() {
        String alg = pick("HS256", "RS256", "ES256", "PS256");
        String header = chance(0.5) ? "{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}" : "{\"alg\":\"" + alg + "\",\"kid\":\"" + hex(16) + "\"}";
        long iat = 1_700_000_000L + r.nextInt(20_000_000);
        String payload = switch (r.nextInt(3)) {
            case 0 -> "{\"sub\":\"" + uuid() + "\",\"iat\":" + iat + ",\"exp\":" + (iat + 3600) + "}";
            case 1 -> "{\"iss\":\"https://auth.example.com/\",\"sub\":\"auth0|" + hex(24) + "\",\"aud\":[\"api\"],\"scope\":\"openid profile\","
                    + "\"iat\":" + iat + ",\"exp\":" + (iat + 86400) + "}";
            default -> "{\"user_id\":" + between(1, 999999) + ",\"role\":\"" + pick("admin", "user", "viewer") + "\",\"exp\":" + iat + "}";
        };
        int sigBytes = alg.startsWith("HS") ? 32 : alg.startsWith("ES") ? 64 : 256;
        byte[] sig = new byte[sigBytes];
        r.nextBytes(sig);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "." + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                + "." + b64.encodeToString(sig);
    }

    String awsAccessKey() {
        return pick("AKIA", "AKIA", "ASIA") + chars(BASE32, 16);
    }

    String awsSecretKey() {
        return chars(BASE64, 40);
    }

    String base64Blob(int bytes) {
        byte[] b = new byte[bytes];
        r.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    /** A PEM private key; {@code escaped} writes its newlines as the two characters backslash and n. */
    String privateKey(boolean escaped, boolean truncated) {
        String label = pick("PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY", "ENCRYPTED PRIVATE KEY");
        String nl = escaped ? "\\n" : "\n";
        StringBuilder sb = new StringBuilder("-----BEGIN ").append(label).append("-----").append(nl);
        String body = base64Blob(between(90, 900));
        int lines = truncated ? between(1, 3) : Integer.MAX_VALUE;
        for (int k = 0, line = 0; k < body.length() && line < lines; k += 64, line++) {
            sb.append(body, k, Math.min(k + 64, body.length()));
            if (!truncated || line + 1 < lines) {
                sb.append(nl);
            }
        }
        if (!truncated) {
            sb.append("-----END ").append(label).append("-----");
        }
        return sb.toString();
    }

    String pemCertificate(boolean escaped) {
        String nl = escaped ? "\\n" : "\n";
        String body = base64Blob(between(300, 600));
        StringBuilder sb = new StringBuilder("-----BEGIN ").append(pick("CERTIFICATE", "PUBLIC KEY")).append("-----").append(nl);
        for (int k = 0; k < body.length(); k += 64) {
            sb.append(body, k, Math.min(k + 64, body.length())).append(nl);
        }
        return sb.append("-----END CERTIFICATE-----").toString();
    }

    /** Percent-encodes what may not stand raw in a URL's user info. */
    static String urlEncodeUserInfo(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (Character.isLetterOrDigit(c) || "-._~!$*+=".indexOf(c) >= 0) {
                sb.append(c);
            } else {
                sb.append('%').append(String.format("%02X", (int) c));
            }
        }
        return sb.toString();
    }

    String host() {
        return pick(HOSTS);
    }

    String mac() {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < 6; k++) {
            sb.append(k > 0 ? ":" : "").append(hex(2));
        }
        return sb.toString();
    }

    String sha256() {
        return hex(64);
    }

    String k8sPod() {
        return service() + "-" + chars("bcdfghjklmnpqrstvwxz2456789", 9) + "-" + chars("bcdfghjklmnpqrstvwxz2456789", 5);
    }

    String duration() {
        return switch (r.nextInt(3)) {
            case 0 -> between(1, 999) + "ms";
            case 1 -> between(0, 59) + "." + digits(3) + "s";
            default -> between(1, 99) + "." + digits(2) + "ms";
        };
    }
}
