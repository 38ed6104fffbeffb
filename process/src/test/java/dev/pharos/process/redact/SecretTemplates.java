package dev.pharos.process.redact;

import static dev.pharos.process.redact.LabelledCorpus.named;
import static dev.pharos.process.redact.SecretKind.AWS_ACCESS_KEY;
import static dev.pharos.process.redact.SecretKind.AWS_SECRET_KEY;
import static dev.pharos.process.redact.SecretKind.BEARER_TOKEN;
import static dev.pharos.process.redact.SecretKind.CREDIT_CARD;
import static dev.pharos.process.redact.SecretKind.EMAIL;
import static dev.pharos.process.redact.SecretKind.IPV4;
import static dev.pharos.process.redact.SecretKind.IPV6;
import static dev.pharos.process.redact.SecretKind.JWT;
import static dev.pharos.process.redact.SecretKind.KEY_VALUE_SECRET;
import static dev.pharos.process.redact.SecretKind.PRIVATE_KEY;
import static dev.pharos.process.redact.SecretKind.URL_PASSWORD;

import dev.pharos.process.redact.LabelledCorpus.B;
import dev.pharos.process.redact.LabelledCorpus.Named;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Lines holding secrets, in the syntactic positions real systems put them. */
final class SecretTemplates {

    private SecretTemplates() {
    }

    static Map<SecretKind, List<Named>> byKind() {
        Map<SecretKind, List<Named>> m = new LinkedHashMap<>();
        m.put(CREDIT_CARD, cards());
        m.put(EMAIL, emails());
        m.put(BEARER_TOKEN, bearers());
        m.put(JWT, jwts());
        m.put(AWS_ACCESS_KEY, accessKeys());
        m.put(AWS_SECRET_KEY, secretKeys());
        m.put(PRIVATE_KEY, privateKeys());
        m.put(URL_PASSWORD, urlPasswords());
        m.put(KEY_VALUE_SECRET, pairs());
        m.put(IPV4, ipv4s());
        m.put(IPV6, ipv6s());
        // Lines with several kinds at once; filed under the first kind only for grouping the templates.
        m.put(SecretKind.SECRET_ATTRIBUTE, mixed());
        return m;
    }

    static String form(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static List<Named> cards() {
        return List.of(
                named("json-string", (f, b) -> b.t("{\"ts\":\"", f.isoTime(), "\",\"level\":\"INFO\",\"msg\":\"charge attempt\",\"card\":\"")
                        .s(CREDIT_CARD, f.card()).t("\",\"amount\":", f.between(1, 999), ".", f.digits(2), ",\"currency\":\"EUR\",\"order_id\":\"",
                                f.orderNumber(), "\"}")),
                named("json-number", (f, b) -> b.t("{\"event\":\"tokenize\",\"card_number\":")
                        .s(CREDIT_CARD, f.card().replace(" ", "").replace("-", "")).t(",\"exp\":\"", f.between(1, 12), "/", f.between(25, 31), "\"}")),
                named("logfmt", (f, b) -> b.t("time=", f.isoTime(), " level=warn msg=\"payment declined\" card_number=")
                        .s(CREDIT_CARD, f.card().replace(' ', '-')).t(" reason=", f.pick("insufficient_funds", "do_not_honor", "expired_card"),
                                " user_id=", f.number(6))),
                named("prose", (f, b) -> b.t("Payment failed for card ").s(CREDIT_CARD, f.card()).t(" (exp ", f.between(1, 12), "/",
                        f.between(25, 31), "): ", f.pick("do_not_honor", "card_declined", "processing_error"))),
                named("form-body", (f, b) -> {
                    String card = f.card();
                    String encoded = f.chance(0.7) ? card.replace(' ', '+') : card;
                    b.t("POST /checkout/pay body: cc_name=", f.first(), "+", f.last(), "&cc_number=").s(CREDIT_CARD, encoded)
                            .t("&cc_exp=", f.between(1, 12), "%2F", f.between(25, 31), "&cc_cvv=", f.digits(3));
                }),
                named("exception", (f, b) -> b.t("com.acme.payments.GatewayException: card ").s(CREDIT_CARD, f.card())
                        .t(" rejected by issuer (code 05)\n\tat com.acme.payments.StripeGateway.charge(StripeGateway.java:", f.between(40, 400), ")")),
                named("sql", (f, b) -> b.t("INSERT INTO payments (user_id, pan, amount_cents) VALUES (", f.number(5), ", '")
                        .s(CREDIT_CARD, f.card()).t("', ", f.number(4), ")")),
                named("nested-json", (f, b) -> b.t("DEBUG stripe request body={\"source\":{\"number\":\"").s(CREDIT_CARD, f.card())
                        .t("\",\"exp_month\":", f.between(1, 12), ",\"exp_year\":20", f.between(25, 31), ",\"cvc\":\"", f.digits(3), "\"}}")),
                named("query", (f, b) -> {
                    String card = f.card();
                    b.ip4().t(" - - [", f.nginxTime(), "] \"GET /pay?card=").s(CREDIT_CARD, f.chance(0.8) ? card.replace(" ", "") : card.replace(" ", "%20"))
                            .t("&amount=", f.between(1, 500), " HTTP/1.1\" 302 0 \"-\" \"", f.userAgent(), "\"");
                }),
                named("note", (f, b) -> b.t("support ticket #", f.number(5), " note=\"customer read card number ").s(CREDIT_CARD, f.card())
                        .t(" over the phone\"")),
                named("xml", (f, b) -> b.t("<PaymentRequest><CardNumber>").s(CREDIT_CARD, f.card().replace(" ", "")).t("</CardNumber><Expiry>",
                        f.between(1, 12), "/", f.between(25, 31), "</Expiry></PaymentRequest>")),
                named("multiline", (f, b) -> b.t("Card: ").s(CREDIT_CARD, f.card()).t("\nExpiry: ", f.between(1, 12), "/", f.between(25, 31),
                        "\nName: ", f.first(), " ", f.last())),
                named("go-struct", (f, b) -> b.t("charge request: &{Number:").s(CREDIT_CARD, f.card().replace(" ", "").replace("-", ""))
                        .t(" ExpMonth:", f.between(1, 12), " ExpYear:20", f.between(25, 31), " Amount:", f.number(4), "}")),
                named("after-time", (f, b) -> b.t(f.logTime(), " ").s(CREDIT_CARD, f.card()).t(" charged ", f.between(1, 99), ".",
                        f.digits(2), " USD")));
    }

    private static List<Named> emails() {
        return List.of(
                named("login", (f, b) -> b.t("user ").s(EMAIL, f.email()).t(" logged in from ").ip()),
                named("json", (f, b) -> b.t("{\"event\":\"signup\",\"email\":\"").s(EMAIL, f.email()).t("\",\"plan\":\"",
                        f.pick("free", "pro", "team"), "\",\"trace_id\":\"", f.traceId(), "\"}")),
                named("from-header", (f, b) -> b.t("From: \"", cap(f.first()), " ", cap(f.last()), "\" <").s(EMAIL, f.email()).t(">")),
                named("postfix", (f, b) -> b.t(f.syslogTime(), " mail postfix/smtp[", f.number(4), "]: ", f.chars(Fake.HEX.toUpperCase(), 10),
                        ": to=<").s(EMAIL, f.email()).t(">, relay=mx.example.com[").ip4().t("]:25, delay=0.", f.digits(2),
                        ", status=sent (250 2.0.0 OK)")),
                named("urlencoded", (f, b) -> {
                    String e = f.email();
                    b.ip4().t(" - - [", f.nginxTime(), "] \"GET /unsubscribe?email=").s(EMAIL, e.replace("@", "%40").replace("+", "%2B"))
                            .t("&list=news HTTP/1.1\" 200 512");
                }),
                named("exception", (f, b) -> b.t("com.acme.users.UserNotFoundException: no user with email ").s(EMAIL, f.email())),
                named("sql", (f, b) -> b.t("LOG:  duration: ", f.between(0, 90), ".", f.digits(3), " ms  statement: SELECT id FROM users WHERE email = '")
                        .s(EMAIL, f.email()).t("'")),
                named("git-author", (f, b) -> b.t("Author: ", cap(f.first()), " ", cap(f.last()), " <").s(EMAIL, f.email()).t(">")),
                named("csv", (f, b) -> b.t(f.number(5), ",").s(EMAIL, f.email()).t(",2024-0", f.between(1, 9), "-1", f.between(0, 9), ",active")),
                named("mailto", (f, b) -> b.t("<a href=\"mailto:").s(EMAIL, f.email()).t("\">contact</a>")),
                named("sentence-end", (f, b) -> b.t("password reset link sent to ").s(EMAIL, f.email()).t(".")),
                named("path", (f, b) -> b.t("PUT /api/v1/users/").s(EMAIL, f.email()).t("/roles 204 ", f.duration())),
                named("bracketed", (f, b) -> b.t("[").s(EMAIL, f.email()).t("] session expired after ", f.between(5, 60), "m")),
                named("upper", (f, b) -> b.t("NOTIFY TO=").s(EMAIL, f.email().toUpperCase()).t(" TEMPLATE=WELCOME")));
    }

    private static List<Named> bearers() {
        return List.of(
                named("header", (f, b) -> b.t("> Authorization: Bearer ").s(BEARER_TOKEN, f.apiToken())),
                named("curl", (f, b) -> b.t("exec curl -sS -H \"Authorization: Bearer ").s(BEARER_TOKEN, f.apiToken())
                        .t("\" https://api.example.com/v1/", f.word(), "s")),
                named("json-headers", (f, b) -> b.t("{\"headers\":{\"authorization\":\"Bearer ").s(BEARER_TOKEN, f.apiToken())
                        .t("\",\"content-type\":\"application/json\",\"x-request-id\":\"", f.uuid(), "\"}}")),
                named("go-map", (f, b) -> b.t("request headers map[Accept:[*/*] Authorization:[Bearer ").s(BEARER_TOKEN, f.apiToken())
                        .t("] User-Agent:[Go-http-client/2.0]]")),
                named("python-send", (f, b) -> b.t("send: b'GET /v1/me HTTP/1.1\\r\\nHost: api.example.com\\r\\nAuthorization: Bearer ")
                        .s(BEARER_TOKEN, f.apiToken()).t("\\r\\nAccept: */*\\r\\n\\r\\n'")),
                named("lowercase", (f, b) -> b.t("authorization: bearer ").s(BEARER_TOKEN, f.apiToken())),
                named("basic", (f, b) -> b.t("Authorization: Basic ").s(BEARER_TOKEN, Base64.getEncoder()
                        .encodeToString((f.user() + ":" + f.password(false)).getBytes(StandardCharsets.UTF_8)))),
                named("drf-token", (f, b) -> b.t("HTTP_AUTHORIZATION='Token ").s(BEARER_TOKEN, f.hex(40)).t("'")),
                named("envoy", (f, b) -> b.t("[", f.isoTime(), "] \"GET /v1/orders HTTP/2\" 200 - 0 ", f.between(100, 9000), " ", f.between(1, 90),
                        " \"").ip4().t("\" \"", f.userAgent(), "\" \"Bearer ").s(BEARER_TOKEN, f.apiToken()).t("\" \"", f.uuid(), "\"")),
                named("query", (f, b) -> b.t("GET /ws/connect?authorization=Bearer%20").s(BEARER_TOKEN, f.apiToken().replace("+", "%2B")
                        .replace("/", "%2F").replace("=", "%3D")).t("&v=2 101")),
                named("github-token", (f, b) -> b.t("Authorization: token ").s(BEARER_TOKEN, "ghp_" + f.chars(Fake.ALNUM, 36))),
                named("grpc-metadata", (f, b) -> b.t("grpc call /orders.v1.Orders/Get metadata={authorization: Bearer ")
                        .s(BEARER_TOKEN, f.apiToken()).t(", x-tenant: ", f.word(), "}")),
                named("raw-header", (f, b) -> b.t("proxy-authorization: ").s(BEARER_TOKEN, f.chars(Fake.ALNUM, 32))),
                named("bearer-jwt", (f, b) -> b.t("Authorization: Bearer ").s(BEARER_TOKEN, f.jwt())));
    }

    private static List<Named> jwts() {
        return List.of(
                named("cookie", (f, b) -> b.t("Cookie: session=").s(JWT, f.jwt()).t("; theme=dark; lang=en-US")),
                named("verified", (f, b) -> b.t("verified id token ").s(JWT, f.jwt()).t(" for sub=", f.uuid())),
                named("token-response", (f, b) -> b.t("{\"access_token\":\"").s(JWT, f.jwt()).t("\",\"token_type\":\"Bearer\",\"expires_in\":3600}")),
                named("fragment", (f, b) -> b.t("GET /callback#id_token=").s(JWT, f.jwt()).t("&state=", f.hex(16), " 200")),
                named("expired", (f, b) -> b.t("io.jsonwebtoken.ExpiredJwtException: JWT expired at ", f.isoTime(), ". Current time: ",
                        f.isoTime(), ", token=").s(JWT, f.jwt())),
                named("set-cookie", (f, b) -> b.t("Set-Cookie: auth=").s(JWT, f.jwt()).t("; Path=/; HttpOnly; Secure; SameSite=Lax")),
                named("kubeconfig", (f, b) -> b.t("    token: ").s(JWT, f.jwt())),
                named("decoded", (f, b) -> b.t("decoded ").s(JWT, f.jwt()).t(" -> role=", f.pick("admin", "viewer"))),
                named("json-log", (f, b) -> b.t("{\"level\":\"debug\",\"msg\":\"upstream call\",\"jwt\":\"").s(JWT, f.jwt()).t("\",\"upstream\":\"",
                        f.service(), "\"}")),
                named("unsigned", (f, b) -> {
                    String full = f.jwt();
                    b.t("rejected unsigned token ").s(JWT, full.substring(0, full.lastIndexOf('.') + 1)).t(" alg=none");
                }));
    }

    private static List<Named> accessKeys() {
        return List.of(
                named("env", (f, b) -> b.t("AWS_ACCESS_KEY_ID=").s(AWS_ACCESS_KEY, f.awsAccessKey())),
                named("sts-json", (f, b) -> b.t("{\"Credentials\":{\"AccessKeyId\":\"").s(AWS_ACCESS_KEY, f.awsAccessKey())
                        .t("\",\"Expiration\":\"", f.isoTime(), "\"}}")),
                named("presigned", (f, b) -> b.t("GET https://bucket.s3.amazonaws.com/exports/", f.uuid(),
                        ".csv?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=").s(AWS_ACCESS_KEY, f.awsAccessKey())
                        .t("%2F20240615%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20240615T100000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Signature=",
                                f.sha256())),
                named("boto", (f, b) -> b.t("botocore.credentials Found credentials in environment variables. access_key=")
                        .s(AWS_ACCESS_KEY, f.awsAccessKey())),
                named("sigv4", (f, b) -> b.t("Authorization: AWS4-HMAC-SHA256 Credential=").s(AWS_ACCESS_KEY, f.awsAccessKey())
                        .t("/20240615/eu-west-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=", f.sha256())),
                named("ini", (f, b) -> b.t("aws_access_key_id = ").s(AWS_ACCESS_KEY, f.awsAccessKey())),
                named("error", (f, b) -> b.t("InvalidAccessKeyId: The AWS Access Key Id you provided does not exist in our records. (AccessKeyId: ")
                        .s(AWS_ACCESS_KEY, f.awsAccessKey()).t(", RequestId: ", f.hex(16).toUpperCase(), ")")),
                named("prose", (f, b) -> b.t("rotating key ").s(AWS_ACCESS_KEY, f.awsAccessKey()).t(" for user ", f.user())));
    }

    private static List<Named> secretKeys() {
        return List.of(
                named("credentials-file", (f, b) -> b.t("aws_secret_access_key = ").s(AWS_SECRET_KEY, f.awsSecretKey())),
                named("env", (f, b) -> b.t("AWS_SECRET_ACCESS_KEY=").s(AWS_SECRET_KEY, f.awsSecretKey())),
                named("sts-json", (f, b) -> b.t("{\"AccessKeyId\":\"").s(AWS_ACCESS_KEY, f.awsAccessKey()).t("\",\"SecretAccessKey\":\"")
                        .s(AWS_SECRET_KEY, f.awsSecretKey()).t("\",\"SessionToken\":\"").s(KEY_VALUE_SECRET, f.base64Blob(f.between(200, 300)))
                        .t("\"}")),
                named("js", (f, b) -> b.t("new S3Client({ region: 'us-east-1', credentials: { accessKeyId: '").s(AWS_ACCESS_KEY, f.awsAccessKey())
                        .t("', secretAccessKey: '").s(AWS_SECRET_KEY, f.awsSecretKey()).t("' } })")),
                named("cli", (f, b) -> b.t("+ aws configure set aws_secret_access_key ").s(AWS_SECRET_KEY, f.awsSecretKey())),
                named("yaml", (f, b) -> b.t("  secret_access_key: ").s(AWS_SECRET_KEY, f.awsSecretKey())),
                named("terraform", (f, b) -> b.t("  secret_key = \"").s(AWS_SECRET_KEY, f.awsSecretKey()).t("\"")),
                named("java", (f, b) -> b.t("BasicAWSCredentials(accessKey=").s(AWS_ACCESS_KEY, f.awsAccessKey()).t(", secretKey=")
                        .s(AWS_SECRET_KEY, f.awsSecretKey()).t(")")));
    }

    private static List<Named> privateKeys() {
        return List.of(
                named("multiline", (f, b) -> b.t("loaded TLS key:\n").s(PRIVATE_KEY, f.privateKey(false, false)).t("\n")),
                named("json-escaped", (f, b) -> b.t("{\"level\":\"debug\",\"msg\":\"config\",\"tls.key\":\"").s(PRIVATE_KEY, f.privateKey(true, false))
                        .t("\\n\",\"tls.crt\":\"", f.pemCertificate(true), "\"}")),
                named("yaml-indented", (f, b) -> b.t("stringData:\n  id_rsa: |\n    ")
                        .s(PRIVATE_KEY, f.privateKey(false, false).replace("\n", "\n    ")).t("\n")),
                named("truncated", (f, b) -> b.t("{\"msg\":\"secret synced\",\"data\":\"").s(PRIVATE_KEY, f.privateKey(true, true))
                        .t("...\"} [truncated ", f.between(1000, 9000), " bytes]")),
                named("env", (f, b) -> b.t("SSH_PRIVATE_KEY=\"").s(PRIVATE_KEY, f.privateKey(true, false)).t("\"")),
                named("python-bytes", (f, b) -> b.t("key material: b'").s(PRIVATE_KEY, f.privateKey(true, false)).t("\\n'")));
    }

    private static String urlPassword(Fake f) {
        String pw = f.password(false);
        String encoded = Fake.urlEncodeUserInfo(pw);
        return f.chance(0.1) && !pw.contains("/") && !pw.contains("?") && !pw.contains("#") && !pw.contains(" ")
                && !pw.contains("\"") && !pw.contains("'") && !pw.contains("\\") && !pw.contains("<") && !pw.contains(">")
                ? pw : encoded;
    }

    private static List<Named> urlPasswords() {
        return List.of(
                named("postgres", (f, b) -> b.t("connecting to postgres://", f.user(), ":").s(URL_PASSWORD, urlPassword(f)).t("@", f.host(),
                        ":5432/", f.service())),
                named("database-url", (f, b) -> b.t("DATABASE_URL=postgresql://", f.user(), ":").s(URL_PASSWORD, urlPassword(f)).t("@",
                        f.host(), "/", f.service(), "?sslmode=require")),
                named("redis", (f, b) -> b.t("redis client url=redis://:").s(URL_PASSWORD, urlPassword(f)).t("@", f.host(), ":6379/0")),
                named("amqp", (f, b) -> b.t("Connecting to amqp://", f.user(), ":").s(URL_PASSWORD, urlPassword(f)).t("@")
                        .ip4().t(":5672/%2F")),
                named("mongo", (f, b) -> b.t("MongoClient(\"mongodb+srv://", f.user(), ":").s(URL_PASSWORD, urlPassword(f))
                        .t("@cluster0.ab1cd.mongodb.net/", f.service(), "?retryWrites=true&w=majority\")")),
                named("proxy", (f, b) -> b.t("HTTPS_PROXY=http://", f.user(), ":").s(URL_PASSWORD, urlPassword(f)).t("@proxy.corp.example.com:3128")),
                named("git-remote", (f, b) -> b.t("fatal: unable to access 'https://", f.user(), ":").s(URL_PASSWORD, "ghp_" + f.chars(Fake.ALNUM, 36))
                        .t("@github.com/acme/", f.service(), ".git/': The requested URL returned error: 403")),
                named("json-config", (f, b) -> b.t("{\"broker_url\":\"amqps://", f.user(), ":").s(URL_PASSWORD, urlPassword(f)).t("@", f.host(),
                        "/vhost\",\"prefetch\":", f.between(1, 50), "}")),
                named("jdbc", (f, b) -> b.t("HikariPool-1 - jdbcUrl=jdbc:mysql://", f.user(), ":").s(URL_PASSWORD, urlPassword(f)).t("@", f.host(),
                        ":3306/", f.service())),
                named("smtp", (f, b) -> b.t("mailer: dsn=smtp://alerts%40example.com:").s(URL_PASSWORD, urlPassword(f))
                        .t("@smtp.example.com:587")),
                named("ftp-ipv6", (f, b) -> b.t("fetch ftp://", f.user(), ":").s(URL_PASSWORD, urlPassword(f)).t("@[").ip6()
                        .t("]:21/pub/file.tgz")));
    }

    private static final List<String> PASSWORD_KEYS = List.of("password", "Password", "PASSWORD", "passwd", "pwd", "db_password",
            "DB_PASSWORD", "spring.datasource.password", "userPassword", "admin_password", "MYSQL_ROOT_PASSWORD", "passphrase",
            "POSTGRES_PASSWORD", "redis.password", "keystore-password");
    private static final List<String> TOKEN_KEYS = List.of("secret", "client_secret", "clientSecret", "CLIENT_SECRET", "webhook_secret",
            "jwt_secret", "api_key", "apiKey", "API_KEY", "apikey", "token", "access_token", "accessToken", "refresh_token", "auth_token",
            "session_token", "github_token", "GITHUB_TOKEN", "SLACK_BOT_TOKEN", "secret_key", "SECRET_KEY", "private_token",
            "csrf_token", "stripe_api_key");
    private static final List<String> HEADER_KEYS = List.of("X-Api-Key", "X-API-Key", "x-api-key", "X-Auth-Token", "x-auth-token",
            "X-Vault-Token", "X-Gitlab-Token", "Private-Token");

    private static String key(Fake f) {
        return f.chance(0.5) ? f.pick(PASSWORD_KEYS) : f.pick(TOKEN_KEYS);
    }

    /** A value for {@code key}: passwords for password keys, tokens for the rest. */
    private static String value(Fake f, String key, boolean unquoted) {
        return PASSWORD_KEYS.contains(key) || f.chance(0.3) ? f.password(unquoted) : f.apiToken();
    }

    private static String singleQuoted(String v) {
        return v.replace("'", "").replace("\\\"", "\"").replace("\\", "");
    }

    private static List<Named> pairs() {
        return List.of(
                named("logfmt", (f, b) -> {
                    String k = key(f);
                    b.t("time=", f.isoTime(), " level=info msg=\"", f.word(), " ", f.word(), "\" user=", f.user(), " ", k, "=")
                            .s(KEY_VALUE_SECRET, value(f, k, true)).t(" duration=", f.duration());
                }),
                named("query", (f, b) -> {
                    String k = f.pick("password", "token", "access_token", "api_key", "apikey", "secret", "client_secret", "pwd");
                    b.ip4().t(" - - [", f.nginxTime(), "] \"GET /login?user=", f.user(), "&", k, "=").s(KEY_VALUE_SECRET, form(value(f, k, true)))
                            .t("&next=%2Fhome HTTP/1.1\" 302 0");
                }),
                named("json", (f, b) -> {
                    String k = key(f);
                    b.t("{\"ts\":\"", f.isoTime(), "\",\"", k, "\":", f.chance(0.5) ? " " : "", "\"").s(KEY_VALUE_SECRET, value(f, k, false))
                            .t("\",\"user\":\"", f.user(), "\"}");
                }),
                named("json-escaped", (f, b) -> {
                    String k = key(f);
                    b.t("{\"level\":\"debug\",\"msg\":\"request body\",\"body\":\"{\\\"username\\\":\\\"", f.user(), "\\\",\\\"", k,
                            "\\\":\\\"").s(KEY_VALUE_SECRET, value(f, k, true)).t("\\\"}\"}");
                }),
                named("yaml", (f, b) -> {
                    String k = key(f);
                    b.t("  ", k, ": ").s(KEY_VALUE_SECRET, value(f, k, true));
                }),
                named("header", (f, b) -> b.t(f.pick(HEADER_KEYS), ": ").s(KEY_VALUE_SECRET, f.apiToken())),
                named("go-struct", (f, b) -> {
                    String k = f.pick("Password", "Token", "APIKey", "Secret", "ClientSecret", "AccessToken");
                    b.t("config: &{Host:", f.host(), " User:", f.user(), " ", k, ":").s(KEY_VALUE_SECRET, value(f, k, true)).t(" Port:5432}");
                }),
                named("java-tostring", (f, b) -> b.t("DataSourceConfig{url=jdbc:postgresql://", f.host(), "/", f.service(), ", username=", f.user(),
                        ", password=").s(KEY_VALUE_SECRET, f.password(true)).t("}")),
                named("python-dict", (f, b) -> {
                    String k = key(f);
                    b.t("connect kwargs: {'host': '", f.host(), "', 'user': '", f.user(), "', '", k, "': '")
                            .s(KEY_VALUE_SECRET, singleQuoted(value(f, k, false))).t("'}");
                }),
                named("ruby-params", (f, b) -> b.t("Parameters: {\"utf8\"=>\"✓\", \"user\"=>{\"login\"=>\"", f.user(), "\", \"password\"=>\"")
                        .s(KEY_VALUE_SECRET, f.password(false)).t("\"}, \"commit\"=>\"Log in\"}")),
                named("cli", (f, b) -> b.t("exec: mysql -h ", f.host(), " -u ", f.user(), " --password=").s(KEY_VALUE_SECRET, f.password(true))
                        .t(" ", f.service())),
                named("jvm-flag", (f, b) -> b.t("java -Xmx2g -Djavax.net.ssl.keyStorePassword=").s(KEY_VALUE_SECRET, f.password(true))
                        .t(" -jar /app/", f.service(), ".jar")),
                named("env", (f, b) -> {
                    String k = f.pick("DB_PASSWORD", "POSTGRES_PASSWORD", "GITHUB_TOKEN", "SLACK_BOT_TOKEN", "API_KEY", "SECRET_KEY", "CLIENT_SECRET");
                    b.t(k, "=").s(KEY_VALUE_SECRET, value(f, k, true));
                }),
                named("sql-literal", (f, b) -> b.t("UPDATE users SET password = '").s(KEY_VALUE_SECRET, singleQuoted(f.password(false)))
                        .t("' WHERE id = ", f.number(5))),
                named("xml", (f, b) -> b.t("<soap:Body><Login><Username>", f.user(), "</Username><Password>")
                        .s(KEY_VALUE_SECRET, f.password(true).replace("&", "")).t("</Password></Login></soap:Body>")),
                named("form-body", (f, b) -> b.t("POST /session body: username=", f.user(), "&password=").s(KEY_VALUE_SECRET, form(f.password(false)))
                        .t("&remember_me=1")),
                named("rails-form", (f, b) -> b.t("POST /users/sign_in user%5Bemail_or_login%5D=", f.user(), "&user%5Bpassword%5D=")
                        .s(KEY_VALUE_SECRET, form(f.password(false))).t("&commit=Log+in")),
                named("colon-prose", (f, b) -> b.t("Password: ").s(KEY_VALUE_SECRET, f.password(true)).t(" was rejected by policy ",
                        f.pick("min_length", "history", "complexity"))),
                named("ini", (f, b) -> {
                    String k = key(f);
                    b.t(k, " = ").s(KEY_VALUE_SECRET, value(f, k, true));
                }),
                named("ado-net", (f, b) -> b.t("Server=tcp:", f.host(), ",1433;Database=", f.service(), ";User Id=", f.user(), ";Password=")
                        .s(KEY_VALUE_SECRET, f.password(true).replace(";", "")).t(";Encrypt=true;")),
                named("docker-env", (f, b) -> {
                    String k = f.pick("DB_PASSWORD", "POSTGRES_PASSWORD", "API_KEY", "SECRET_KEY", "REDIS_PASSWORD");
                    b.t("\"Env\":[\"", k, "=").s(KEY_VALUE_SECRET, value(f, k, true)).t("\",\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin\"]");
                }),
                named("python-kwargs", (f, b) -> b.t("psycopg2.connect(host='", f.host(), "', user='", f.user(), "', password='")
                        .s(KEY_VALUE_SECRET, singleQuoted(f.password(false))).t("')")),
                named("docker-login", (f, b) -> {
                    String pw = f.password(true);
                    b.t("+ docker login --username ", f.user(), " --password ");
                    if (pw.startsWith("-")) {
                        b.t("'").s(KEY_VALUE_SECRET, pw).t("'");
                    } else {
                        b.s(KEY_VALUE_SECRET, pw);
                    }
                    b.t(" registry.example.com");
                }),
                named("spring-generated", (f, b) -> b.t(f.logTime(), "  WARN 1 --- [main] .s.s.UserDetailsServiceAutoConfiguration : \n\n",
                        "Using generated security password: ").s(KEY_VALUE_SECRET, f.uuid()).t("\n\nThis generated password is for development use only.")),
                named("json-app-log", (f, b) -> {
                    String k = key(f);
                    b.t("{\"level\":\"warn\",\"service\":\"", f.service(), "\",\"msg\":\"login failed\",\"attempt\":{\"user\":\"", f.user(),
                            "\",\"", k, "\":\"").s(KEY_VALUE_SECRET, value(f, k, false)).t("\"},\"span_id\":\"", f.spanId(), "\"}");
                }));
    }

    private static List<Named> ipv4s() {
        return List.of(
                named("nginx", (f, b) -> b.ip4().t(" - - [", f.nginxTime(), "] \"", f.pick(Fake.METHODS), " ", f.path(), " HTTP/1.1\" ",
                        f.status(), " ", f.between(0, 90000), " \"-\" \"", f.userAgent(), "\"")),
                named("upstream", (f, b) -> b.t("upstream timed out (110: Connection timed out) while connecting to upstream, upstream: \"http://")
                        .ip4().t(":", f.between(3000, 9000), "/\"")),
                named("cidr", (f, b) -> b.t("allow ").ip4().t("/", f.between(8, 32), ";")),
                named("xff", (f, b) -> b.t("X-Forwarded-For: ").ip4().t(", ").ip4()),
                named("java-inet", (f, b) -> b.t("Connection refused: ", f.host(), "/").ip4().t(":", f.between(1000, 9999))));
    }

    private static List<Named> ipv6s() {
        return List.of(
                named("nginx", (f, b) -> b.ip6().t(" - - [", f.nginxTime(), "] \"GET ", f.path(), " HTTP/2.0\" ", f.status(), " ",
                        f.between(0, 9000))),
                named("bracketed", (f, b) -> b.t("listening on [").ip6().t("]:", f.between(1000, 9999))),
                named("sshd", (f, b) -> b.t("Accepted publickey for deploy from ").ip6().t(" port ", f.between(30000, 65000), " ssh2")),
                named("json", (f, b) -> b.t("{\"client_ip\":\"").ip6().t("\",\"path\":\"", f.path(), "\"}")));
    }

    private static List<Named> mixed() {
        return List.of(
                named("signup-json", (f, b) -> b.t("{\"user\":\"").s(EMAIL, f.email()).t("\",\"card\":\"").s(CREDIT_CARD, f.card())
                        .t("\",\"ip\":\"").ip4().t("\"}")),
                named("request-dump", (f, b) -> b.t("POST /v1/orders HTTP/1.1\nHost: api.example.com\nAuthorization: Bearer ")
                        .s(BEARER_TOKEN, f.apiToken()).t("\nCookie: sid=").s(JWT, f.jwt()).t("\nX-Forwarded-For: ").ip4()
                        .t("\nContent-Type: application/json\n\n{\"email\":\"").s(EMAIL, f.email()).t("\"}")),
                named("worker-config", (f, b) -> b.t("worker config: broker=redis://:").s(URL_PASSWORD, urlPassword(f)).t("@", f.host(),
                        ":6379/1 api_key=").s(KEY_VALUE_SECRET, f.apiToken()).t(" concurrency=", f.between(1, 16))),
                named("aws-env-dump", (f, b) -> b.t("environment: AWS_ACCESS_KEY_ID=").s(AWS_ACCESS_KEY, f.awsAccessKey())
                        .t(" AWS_SECRET_ACCESS_KEY=").s(AWS_SECRET_KEY, f.awsSecretKey()).t(" AWS_REGION=eu-central-1")));
    }

    static String cap(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
