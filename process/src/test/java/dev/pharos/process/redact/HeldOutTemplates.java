package dev.pharos.process.redact;

import static dev.pharos.process.redact.LabelledCorpus.named;
import static dev.pharos.process.redact.SecretKind.AWS_ACCESS_KEY;
import static dev.pharos.process.redact.SecretKind.AWS_SECRET_KEY;
import static dev.pharos.process.redact.SecretKind.BEARER_TOKEN;
import static dev.pharos.process.redact.SecretKind.CREDIT_CARD;
import static dev.pharos.process.redact.SecretKind.EMAIL;
import static dev.pharos.process.redact.SecretKind.JWT;
import static dev.pharos.process.redact.SecretKind.KEY_VALUE_SECRET;
import static dev.pharos.process.redact.SecretKind.PRIVATE_KEY;
import static dev.pharos.process.redact.SecretKind.URL_PASSWORD;

import dev.pharos.process.redact.LabelledCorpus.Named;
import java.util.List;

/**
 * Formats written after the detectors, committed before they were first run against them: a check
 * on how much the main corpus flatters detectors written by the same hand. Reported, not asserted,
 * and not used to tune anything.
 */
final class HeldOutTemplates {

    private HeldOutTemplates() {
    }

    static List<Named> secrets() {
        return List.of(
                named("csv-semicolon-card", (f, b) -> b.t(SecretTemplates.cap(f.first()), ";", SecretTemplates.cap(f.last()), ";")
                        .s(CREDIT_CARD, f.card()).t(";", f.between(1, 12), "/", f.between(25, 31), ";", f.pick("DE", "FR", "US"))),
                named("json-spaced-key-card", (f, b) -> b.t("{\"Card Number\": \"").s(CREDIT_CARD, f.card()).t("\", \"Holder\": \"",
                        SecretTemplates.cap(f.first()), "\"}")),
                named("cjk-quoted-email", (f, b) -> b.t("ユーザー「").s(EMAIL, f.email()).t("」のパスワードをリセットしました")),
                named("path-encoded-email", (f, b) -> b.t("GET /users/").s(EMAIL, f.email().replace("@", "%40")).t("/avatar 200 ", f.duration())),
                named("kafka-headers-email", (f, b) -> b.t("consumed offset=", f.number(6), " headers=[user=").s(EMAIL, f.email())
                        .t(", tenant=", f.word(), "]")),
                named("nginx-auth-suffix", (f, b) -> b.ip4().t(" - - [", f.nginxTime(), "] \"GET /api/me HTTP/1.1\" 200 87 \"-\" \"", f.userAgent(),
                        "\" \"Bearer ").s(BEARER_TOKEN, f.apiToken()).t("\"")),
                named("node-inspect-jwt", (f, b) -> b.t("{ host: 'api.example.com', authorization: 'Bearer ").s(BEARER_TOKEN, f.jwt())
                        .t("', 'user-agent': 'node-fetch' }")),
                named("alb-oidc-header", (f, b) -> b.t("x-amzn-oidc-data: ").s(JWT, f.jwt())),
                named("python-id-token", (f, b) -> b.t("{'id_token': '").s(JWT, f.jwt()).t("', 'expires_in': 3599}")),
                named("terraform-access-key", (f, b) -> b.t("      + access_key = \"").s(AWS_ACCESS_KEY, f.awsAccessKey()).t("\"")),
                named("boto-debug-secret", (f, b) -> b.t("DEBUG botocore.credentials {'aws_access_key_id': '").s(AWS_ACCESS_KEY, f.awsAccessKey())
                        .t("', 'aws_secret_access_key': '").s(AWS_SECRET_KEY, f.awsSecretKey()).t("'}")),
                named("docker-inspect-key", (f, b) -> b.t("\"Env\": [\"SSH_KEY=").s(PRIVATE_KEY, f.privateKey(true, false)).t("\", \"HOME=/root\"]")),
                named("sqlalchemy-url", (f, b) -> b.t("sqlalchemy.url = postgresql+psycopg2://", f.user(), ":").s(URL_PASSWORD, Fake.urlEncodeUserInfo(f.password(false)))
                        .t("@", f.host(), "/", f.service())),
                named("pip-index-token", (f, b) -> b.t("pip install --index-url https://__token__:").s(URL_PASSWORD, "pypi-" + f.chars(Fake.BASE64URL, 60))
                        .t("@pypi.example.com/simple/ ", f.service())),
                named("properties-colon", (f, b) -> b.t("db.password: ").s(KEY_VALUE_SECRET, f.password(true))),
                named("json-spaced-colon", (f, b) -> b.t("{ \"password\" : \"").s(KEY_VALUE_SECRET, f.password(false)).t("\" }")),
                named("pgpassword-env", (f, b) -> b.t("+ PGPASSWORD=").s(KEY_VALUE_SECRET, f.password(true)).t(" psql -h ", f.host(), " -U ", f.user())),
                named("mysql-glued-p", (f, b) -> b.t("+ mysql -u root -p").s(KEY_VALUE_SECRET, f.chars(Fake.ALNUM, 12)).t(" -h ", f.host())),
                named("netrc", (f, b) -> b.t("machine api.example.com login ", f.user(), " password ").s(KEY_VALUE_SECRET, f.password(true))),
                named("redis-cli-a", (f, b) -> b.t("+ redis-cli -h ", f.host(), " -a ").s(KEY_VALUE_SECRET, f.chars(Fake.ALNUM, 20)).t(" PING")),
                named("cookie-csrftoken", (f, b) -> b.t("Cookie: sessionid=", f.hex(32), "; csrftoken=").s(KEY_VALUE_SECRET, f.chars(Fake.ALNUM, 32))),
                named("azure-subscription-key", (f, b) -> b.t("Ocp-Apim-Subscription-Key: ").s(KEY_VALUE_SECRET, f.hex(32))),
                named("logfmt-secret-token", (f, b) -> b.t("level=debug component=webhook secret_token=").s(KEY_VALUE_SECRET, f.apiToken())
                        .t(" delivery=", f.uuid())));
    }

    static List<Named> clean() {
        return List.of(
                named("celery-banner", (f, b) -> b.t(".> transport:   redis://:**@localhost:6379/0\n.> results:     redis://:**@localhost:6379/1")),
                named("rate-limiter", (f, b) -> b.t("rate limiter: token bucket depleted tokens=0 refill_rate=", f.between(1, 100), "/s key=", f.service())),
                named("openapi-bearer", (f, b) -> b.t("securitySchemes: bearerAuth: type: http scheme: bearer bearerFormat: JWT")),
                named("terraform-sensitive", (f, b) -> b.t("      + password = (sensitive value)\n      + token    = (sensitive value)")),
                named("github-actions-masked", (f, b) -> b.t("env:\n  GITHUB_TOKEN: ***\n  NPM_TOKEN: ***")),
                named("jvm-ttl-flag", (f, b) -> b.t("java -Dtoken.ttl=3600 -Dsecret.rotation.days=30 -jar ", f.service(), ".jar")),
                named("jenkins-masking", (f, b) -> b.t("[Pipeline] withCredentials\nMasking supported pattern matches of $PASSWORD or $TOKEN")),
                named("nginx-body-too-large", (f, b) -> b.t("client intended to send too large body: ", f.number(8), " bytes, client: ").ip4()
                        .t(", server: api.example.com, request: \"POST /upload HTTP/1.1\", host: \"api.example.com\"")),
                named("bank-reference", (f, b) -> b.t("statement line ref=2024", f.digits(12), " amount=-", f.between(1, 999), ",", f.digits(2), " EUR")),
                named("ulid-stripe-ids", (f, b) -> b.t("event ", f.chars("0123456789ABCDEFGHJKMNPQRSTVWXYZ", 26), " payment_intent=pi_", f.chars(Fake.ALNUM, 24),
                        " customer=cus_", f.chars(Fake.ALNUM, 14), " publishable_key=pk_live_", f.chars(Fake.ALNUM, 24))),
                named("php-undefined-key", (f, b) -> b.t("PHP Warning:  Undefined array key \"password\" in /var/www/html/login.php on line ", f.between(1, 300))),
                named("mysql-grant", (f, b) -> b.t("GRANT SELECT ON app.* TO '", f.user(), "'@'%'; SET PASSWORD FOR '", f.user(), "'@'%' = PASSWORD(?)")),
                named("slack-mention", (f, b) -> b.t("message from <@U0", f.chars(Fake.UPPER + Fake.DIGITS, 8), "> in <#C0", f.chars(Fake.UPPER + Fake.DIGITS, 8),
                        "|deploys>: rollout done")),
                named("thousands", (f, b) -> b.t("processed ", f.between(1, 999), ",", f.digits(3), ",", f.digits(3), ",", f.digits(3), " rows in ", f.duration())),
                named("bin-lookup", (f, b) -> b.t("bin lookup 4", f.digits(5), " -> VISA ", f.pick("CLASSIC", "GOLD", "PLATINUM"), " issuer=", f.word())),
                named("nanosecond-iso", (f, b) -> b.t("2024-06-15T10:", f.between(10, 59), ":", f.between(10, 59), ".", f.digits(9), "+02:00 span ",
                        f.spanId(), " closed")));
    }
}
