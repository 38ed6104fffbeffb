package dev.pharos.process.redact;

import static dev.pharos.process.redact.LabelledCorpus.named;
import static dev.pharos.process.redact.SecretTemplates.cap;

import dev.pharos.process.redact.LabelledCorpus.Named;
import java.util.List;

/**
 * Lines without secrets that look dangerous: long numbers, ids, hashes, base64, {@code @} signs,
 * colons, words like "password" and "token", masked and templated credentials. IP addresses in
 * them are labelled (they are secrets only when the IP detectors are on).
 */
final class CleanTemplates {

    private CleanTemplates() {
    }

    static List<Named> all() {
        return List.of(
                named("nginx", (f, b) -> b.ip().t(" - - [", f.nginxTime(), "] \"", f.pick(Fake.METHODS), " ", f.path(), " HTTP/1.1\" ", f.status(), " ",
                        f.between(0, 90000), " \"", f.pick("-", "https://www.example.com/", "https://shop.example.com/cart?step=2"), "\" \"",
                        f.userAgent(), "\" rt=0.", f.digits(3), " uct=\"0.", f.digits(3), "\"")),
                named("envoy", (f, b) -> b.t("[", f.isoTime(), "] \"", f.pick(Fake.METHODS), " ", f.path(), " HTTP/2\" ", f.status(), " - ",
                        f.pick("-", "UF", "URX", "UT"), " 0 ", f.between(0, 90000), " ", f.between(1, 3000), " ", f.between(1, 3000), " \"").ip4()
                        .t("\" \"", f.userAgent(), "\" \"", f.uuid(), "\" \"", f.service(), ".example.com\" \"").ip4().t(":", f.between(3000, 9000), "\"")),
                named("json-app", (f, b) -> b.t("{\"ts\":\"", f.isoTime(), "\",\"level\":\"", f.level().toLowerCase(), "\",\"logger\":\"com.acme.",
                        f.service(), ".", cap(f.word()), "Service\",\"msg\":\"", f.word(), " ", f.word(), "\",\"order_id\":\"", f.orderNumber(),
                        "\",\"amount_cents\":", f.between(1, 99999), ",\"currency\":\"", f.pick("EUR", "USD", "GBP", "JPY"), "\",\"trace_id\":\"",
                        f.traceId(), "\",\"span_id\":\"", f.spanId(), "\",\"user_id\":", f.number(f.between(3, 9)), "}")),
                named("java-stack", (f, b) -> b.t(f.logTime(), " ERROR [", f.pick("main", "http-nio-8080-exec-" + f.between(1, 200),
                        "pool-2-thread-" + f.between(1, 16)), "] c.a.", f.service(), ".Handler : request failed\njava.lang.IllegalStateException: Order ",
                        f.number(6), " already ", f.pick("paid", "shipped", "cancelled"), "\n\tat com.acme.", f.service(), ".OrderService.place(OrderService.java:",
                        f.between(20, 900), ")\n\tat com.acme.", f.service(), ".OrderController$$Lambda$", f.between(100, 999), "/0x0000", f.hex(12),
                        ".apply(Unknown Source)\n\tat java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1144)\n",
                        "Caused by: java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after ",
                        f.between(1000, 30000), "ms (total=10, active=10, idle=0, waiting=", f.between(0, 40), ")")),
                named("java-object", (f, b) -> b.t("WARN  o.h.e.j.i.LogicalConnectionManagedImpl - closing leaked connection com.zaxxer.hikari.pool.HikariProxyConnection@",
                        Integer.toHexString(f.r.nextInt()), " wrapping org.postgresql.jdbc.PgConnection@", Integer.toHexString(f.r.nextInt()),
                        " held by java.lang.Thread@", f.hex(8))),
                named("go-panic", (f, b) -> b.t("panic: runtime error: invalid memory address or nil pointer dereference\n[signal SIGSEGV: segmentation violation code=0x1 addr=0x",
                        f.hex(2), " pc=0x", f.hex(6), "]\n\ngoroutine ", f.between(1, 9000), " [running]:\ngithub.com/acme/", f.service(),
                        "/internal/server.(*Server).handle(0xc000", f.hex(6), ", {0x", f.hex(6), ", 0xc000", f.hex(6), "})\n\t/app/internal/server/server.go:",
                        f.between(20, 600), " +0x", f.hex(3), "\ncreated by net/http.(*Server).Serve in goroutine 1\n\t/usr/local/go/src/net/http/server.go:3285 +0x4b4")),
                named("python-trace", (f, b) -> b.t("Traceback (most recent call last):\n  File \"/app/", f.service(), "/handlers.py\", line ",
                        f.between(10, 500), ", in handle\n    user = payload['", f.pick("password", "token", "api_key", "email"), "']\nKeyError: '",
                        f.pick("password", "token", "api_key", "secret"), "'")),
                named("k8s-event", (f, b) -> b.t(f.pick(
                        "Warning  FailedMount  pod/" + f.k8sPod() + "  MountVolume.SetUp failed for volume \"db-creds\" : secret \"" + f.service()
                                + "-credentials\" not found",
                        "Normal   Scheduled    pod/" + f.k8sPod() + "  Successfully assigned default/" + f.k8sPod() + " to ip-10-0-"
                                + f.between(0, 255) + "-" + f.between(1, 254) + ".ec2.internal",
                        "Normal   Pulling      pod/" + f.k8sPod() + "  Pulling image \"registry.example.com/" + f.service() + "@sha256:" + f.sha256()
                                + "\"",
                        "Warning  BackOff      pod/" + f.k8sPod() + "  Back-off restarting failed container " + f.service() + " in pod "
                                + f.k8sPod() + "_default(" + f.uuid() + ")",
                        "Normal   Created      secret/" + f.service() + "-tls  Secret created by cert-manager, secretName: " + f.service()
                                + "-tls, issuer: letsencrypt-prod"))),
                named("sql", (f, b) -> b.t("LOG:  duration: ", f.between(0, 900), ".", f.digits(3), " ms  ", f.pick("execute <unnamed>: ", "statement: "), f.pick(
                        "SELECT id, email, password_hash FROM users WHERE id = $1",
                        "INSERT INTO orders (id, user_id, total_cents, created_at) VALUES ($1, $2, $3, now())",
                        "UPDATE users SET last_login_at = now(), failed_logins = 0 WHERE id = $1",
                        "SELECT token_id, expires_at FROM api_tokens WHERE token_hash = $1 AND revoked = false",
                        "DELETE FROM sessions WHERE expires_at < now() - interval '30 days'",
                        "UPDATE users SET password_hash = $2, password_changed_at = now() WHERE id = $1"))),
                named("sql-jdbc", (f, b) -> b.t("Hibernate: select u1_0.id,u1_0.email,u1_0.password_hash from users u1_0 where u1_0.reset_token=? and u1_0.id=",
                        f.number(5))),
                named("trace-ids", (f, b) -> b.t("request_id=", f.uuid(), " traceparent=00-", f.traceId(), "-", f.spanId(), "-01 tracestate=rojo=",
                        f.spanId(), " x-b3-traceid=", f.traceId())),
                named("hashes", (f, b) -> b.t(f.pick("sha256sum ", "checksum ok: "), f.sha256(), "  ", f.service(), "-", f.version(),
                        ".tar.gz md5=", f.hex(32), " etag=\"", f.hex(32), "-", f.between(1, 20), "\"")),
                named("git", (f, b) -> b.t(f.pick("commit " + f.gitSha() + "\nMerge pull request #" + f.between(100, 9999) + " from acme/feature/"
                        + f.word(), "HEAD is now at " + f.hex(7) + " " + f.word() + ": " + f.word(),
                        "Cloning into '" + f.service() + "'... git@github.com:acme/" + f.service() + ".git",
                        "fatal: could not read Username for 'https://github.com': terminal prompts disabled",
                        "remote: Resolving deltas: 100% (" + f.between(1, 999) + "/" + f.between(1, 999) + "), done. " + f.hex(7) + ".." + f.hex(7)
                                + "  main -> main"))),
                named("versions", (f, b) -> b.t(f.pick(
                        "upgraded " + f.service() + " from " + f.version() + " to " + f.version() + " (build " + f.number(4) + ")",
                        "Java(TM) SE Runtime Environment (build 21.0." + f.between(1, 5) + "+" + f.between(1, 13) + "-LTS-" + f.between(1, 300) + ")",
                        "Linux version 5.15.0-" + f.between(1000, 1100) + "-aws (buildd@lcy02-amd64-" + f.number(3) + ") #" + f.between(1, 60)
                                + "~20.04.1-Ubuntu SMP",
                        "Loaded assembly System.Private.CoreLib, Version=8.0.0.0, Culture=neutral, PublicKeyToken=" + f.hex(16),
                        "protobuf 4.25." + f.between(0, 9) + ", grpcio 1.62." + f.between(0, 9) + ", urllib3 2.2." + f.between(0, 9)
                                + ", oid 1.3.6.1.4.1." + f.number(5) + ".1",
                        "client version v" + f.version() + "." + f.between(1, 9) + " server version " + f.version()))),
                named("orders", (f, b) -> b.t("order ", f.orderNumber(), " ", f.pick("created", "paid", "shipped", "refunded"), " total=",
                        f.between(1, 9999), ".", f.digits(2), " items=", f.between(1, 20), " invoice=", f.orderNumber(), " tracking=",
                        f.pick("1Z" + f.chars(Fake.UPPER + Fake.DIGITS, 16), "9400 1" + f.digits(3) + " " + f.digits(4) + " " + f.digits(4) + " "
                                + f.digits(4) + " " + f.digits(4) + " " + f.digits(2), f.number(12)))),
                named("phones", (f, b) -> b.t("sms queued to=", f.pick("+1 415-555-0" + f.digits(3), "+44 20 7946 0" + f.digits(3),
                        "+49" + f.pick("151", "160", "170", "176") + f.digits(8), "(415) 555-0" + f.digits(3), "+33 6 " + f.digits(2) + " " + f.digits(2)
                                + " " + f.digits(2) + " " + f.digits(2)), " msisdn=", f.pick("4917", "4915", "4478", "1415", "3361") + f.digits(9),
                        " template=otp")),
                named("isbn-iban", (f, b) -> b.t(f.pick(
                        "catalog import isbn=978-" + f.between(0, 1) + "-" + f.digits(3) + "-" + f.digits(5) + "-" + f.digits(1) + " isbn13=978"
                                + f.digits(10) + " isbn10=" + f.digits(9) + f.pick("X", f.digits(1)),
                        "sepa transfer iban=DE" + f.digits(2) + " " + f.digits(4) + " " + f.digits(4) + " " + f.digits(4) + " " + f.digits(4) + " "
                                + f.digits(2) + " bic=COBADEFFXXX amount=" + f.between(1, 9999) + ".00",
                        "sepa transfer iban=GB" + f.digits(2) + "NWBK" + f.digits(14) + " ref=" + f.orderNumber(),
                        "sepa transfer iban=FR" + f.digits(2) + " " + f.digits(4) + " " + f.digits(4) + " " + f.digits(4) + " " + f.digits(4) + " "
                                + f.digits(4) + " " + f.digits(3) + " status=booked"))),
                named("decimal-ids", (f, b) -> b.t("{\"msg\":\"", f.word(), " ", f.word(), "\",\"dd.trace_id\":\"", f.decimalId64(),
                        "\",\"dd.span_id\":\"", f.decimalId64(), "\",\"dd.service\":\"", f.service(), "\"} tweet_id=", "1" + f.digits(18),
                        " parentId=", f.decimalId64())),
                named("epochs", (f, b) -> b.t("ts=", f.epochMillis(), " recv_ns=", f.epochNanos(), " rx_bytes=", f.number(f.between(8, 15)),
                        " tx_bytes=", f.number(f.between(8, 15)), " offset=", f.number(f.between(4, 12)), " seq=", f.number(f.between(4, 12)))),
                named("sshd", (f, b) -> {
                    switch (f.r.nextInt(4)) {
                        case 0 -> b.t(f.syslogTime(), " bastion sshd[", f.number(5), "]: Accepted publickey for deploy from ").ip().t(" port ",
                                f.between(30000, 65000), " ssh2: ED25519 SHA256:", f.chars(Fake.BASE64, 43));
                        case 1 -> b.t(f.syslogTime(), " bastion sshd[", f.number(5), "]: Failed password for invalid user ", f.user(), " from ").ip()
                                .t(" port ", f.between(30000, 65000), " ssh2");
                        case 2 -> b.t("+ ssh -o StrictHostKeyChecking=no ", f.pick("deploy", "ubuntu", "ec2-user"), "@",
                                f.pick("bastion.example.com", "ec2-3-" + f.between(1, 250) + "-" + f.between(1, 250) + "-" + f.between(1, 250)
                                        + ".compute-1.amazonaws.com"), " 'sudo systemctl restart ", f.service(), "'");
                        default -> b.t(f.syslogTime(), " web-01 sshd[", f.number(5),
                                "]: pam_unix(sshd:session): session opened for user root(uid=0) by (uid=0)");
                    }
                }),
                named("user-at-host", (f, b) -> b.t(f.pick("root@db01:~# systemctl status " + f.service(),
                        "postgres@" + f.service() + "-db-0:/var/lib/postgresql$ pg_dump",
                        "cron job for jenkins@ci-runner-" + f.between(1, 9) + ".internal finished",
                        "alert routed to receiver oncall@alertmanager.monitoring.svc",
                        "[" + f.pick("deploy", "admin") + "@ip-10-0-" + f.between(0, 255) + "-" + f.between(1, 254) + " ~]$ tail -f /var/log/app.log",
                        "connection from user@workstation.local accepted",
                        "scp build.tgz ci@artifacts.example.com:/srv/builds/"))),
                named("packages", (f, b) -> b.t(f.pick("added lodash@4.17." + f.between(0, 21) + ", @babel/core@7.2" + f.between(0, 4) + "." + f.between(0, 9),
                        "npm WARN deprecated request@2.88.2: request has been deprecated",
                        "Pulling nginx@sha256:" + f.sha256(),
                        "resolved react-dom@18.2.0 from https://registry.npmjs.org/react-dom/-/react-dom-18.2.0.tgz"))),
                named("auth-prose", (f, b) -> b.t(f.pick(
                        "invalid token: signature has expired",
                        "authentication failed: invalid token: token is malformed",
                        "password must be at least 12 characters",
                        "user " + f.user() + " changed password",
                        "password reset requested for user_id=" + f.number(6),
                        "bearer authentication failed for client " + f.service(),
                        "WWW-Authenticate: Bearer realm=\"api\", error=\"invalid_token\", error_description=\"The access token expired\"",
                        "token refresh succeeded expires_in=3600 token_type=Bearer scope=\"openid profile\"",
                        "oauth2: token expired and refresh token is not set",
                        "refresh failed: token: expired",
                        "Authorization header missing",
                        "authorization: denied for role viewer",
                        "password: too short",
                        "Password: must contain a digit",
                        "password_reset_required=true has_password=true password_length=14",
                        "llm call model=gpt-4o max_tokens=4096 prompt_tokens=" + f.between(10, 9000) + " completion_tokens=" + f.between(10, 900),
                        "exchanging authorization code for token (grant_type=authorization_code, client_id=" + f.service() + "-web)",
                        "2FA token sent via sms to user " + f.number(6),
                        "secret " + f.service() + "-credentials rotated by external-secrets",
                        "Failed password for " + f.user() + " from localhost port 22 ssh2"))),
                named("masked", (f, b) -> b.t(f.pick(
                        "config loaded: db.user=app db.password=******** api.token=[FILTERED] stripe.secret=<redacted>",
                        "datasource.url=jdbc:postgresql://db:5432/app datasource.username=app datasource.password=${DB_PASSWORD}",
                        "password: \"{{ .Values.db.password }}\"",
                        "connecting to postgres://app:****@db.internal:5432/orders",
                        "Authorization: Bearer <token>",
                        "aws_secret_access_key=****************************************",
                        "{\"password\": null, \"token\": \"\", \"api_key\": \"***\"}",
                        "Parameters: {\"user\"=>{\"login\"=>\"" + f.user() + "\", \"password\"=>\"[FILTERED]\"}}",
                        "env: API_KEY=${API_KEY} SECRET_KEY=$SECRET_KEY_FROM_VAULT",
                        "password=xxxxxxxx token=XXXXXXXXXXXX"))),
                named("placeholders", (f, b) -> b.t(f.pick(
                        "SELECT id FROM users WHERE token = ? AND password_hash = $1",
                        "UPDATE accounts SET password = :password WHERE id = :id",
                        "EXEC sp_login @user = @u, @password = @pwd",
                        "secret=arn:aws:secretsmanager:eu-west-1:" + f.digits(12) + ":secret:" + f.service() + "-AbCdEf",
                        "token_file=/var/run/secrets/kubernetes.io/serviceaccount/token",
                        "client_secret=/etc/" + f.service() + "/client-secret",
                        "PWD=/srv/" + f.service() + " OLDPWD=/home/deploy SHLVL=1",
                        "I0615 10:00:00.000000       1 controller.go:" + f.between(10, 900) + "] \"Updating secret\" secret=\"kube-system/bootstrap-token-"
                                + f.chars("abcdefghijklmnopqrstuvwxyz0123456789", 6) + "\"",
                        "nextPageToken=" + f.chars(Fake.BASE64URL, 32) + " pageToken=" + f.chars(Fake.ALNUM, 16)))),
                named("urls", (f, b) -> b.t(f.pick(
                        "postgres://app@db.internal:5432/orders?sslmode=verify-full",
                        "redis://cache:6379/0 connected",
                        "GET https://api.example.com:8443/v1/orders?id=" + f.number(6) + "&expand=items 200",
                        "s3://acme-exports/" + f.uuid() + ".parquet uploaded",
                        "jdbc:postgresql://db:5432/app?user=app&ssl=true",
                        "https://example.com/docs/a:b@c redirect",
                        "file:///var/lib/" + f.service() + "/data.db opened"))),
                named("url-ipv6", (f, b) -> b.t("scraping http://[").ip6().t("]:9100/metrics")),
                named("aws-ids", (f, b) -> b.t(f.pick(
                        "AccessDenied: User: arn:aws:sts::" + f.digits(12) + ":assumed-role/" + f.service() + "-role/i-0" + f.hex(16)
                                + " is not authorized to perform: s3:GetObject",
                        "assumed role AROA" + f.chars(Fake.BASE32, 17) + " session " + f.service() + "-" + f.number(10),
                        "x-amz-request-id: " + f.hex(16).toUpperCase() + " x-amz-id-2: " + f.base64Blob(48),
                        "region=ap-southeast-1 bucket=acme-" + f.service() + " key=exports/2024/06/" + f.uuid() + ".json",
                        "IAM user AIDA" + f.chars(Fake.BASE32, 17) + " created"))),
                named("base64", (f, b) -> b.t(f.pick(
                        "image upload data:image/png;base64," + f.base64Blob(f.between(60, 300)),
                        "annotations: kubectl.kubernetes.io/last-applied-configuration=eyJhcGlWZXJzaW9uIjoidjEiLCJraW5kIjoiU2VydmljZSIsIm1ldGFkYXRhIjp7Im5hbWUiOiI"
                                + f.chars(Fake.BASE64, 40) + "In19",
                        "next cursor eyJvZmZzZXQiOj" + f.chars(Fake.ALNUM, 12) + "fQ==",
                        "kafka message key=" + f.uuid() + " value=" + f.base64Blob(f.between(20, 120)),
                        "grpc payload=" + f.base64Blob(f.between(10, 80)) + " size=" + f.between(10, 9000)))),
                named("certificate", (f, b) -> b.t("loaded CA bundle:\n", f.pemCertificate(false), "\nauthorized_keys: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI",
                        f.chars(Fake.BASE64, 43), " deploy@build-0", f.between(1, 9))),
                named("key-mentions", (f, b) -> b.t(f.pick("loading private key from /etc/tls/tls.key",
                        "failed to parse private key: x509: no PEM data found",
                        "ssh: handshake failed: ssh: unable to authenticate, attempted methods [none publickey], no supported methods remain",
                        "generated new RSA private key (2048 bits) fingerprint SHA256:" + f.chars(Fake.BASE64, 43)))),
                named("structs", (f, b) -> b.t(f.pick(
                        "&{ID:" + f.number(5) + " Name:" + f.user() + " Role:admin TokenTTL:3600 PasswordSet:true}",
                        "User{id=" + f.number(5) + ", name=" + f.user() + ", passwordHash=$2a$10$" + f.chars(Fake.ALNUM + "./", 53) + ", enabled=true}",
                        "{\"token_count\": " + f.between(1, 9999) + ", \"tokenizer\": \"cl100k_base\", \"has_token\": true, \"tokenExpiresAt\": \""
                                + f.isoTime() + "\"}",
                        "Session{id=" + f.uuid() + ", userId=" + f.number(6) + ", createdAt=" + f.isoTime() + "}"))),
                named("headers", (f, b) -> b.t("< HTTP/1.1 ", f.status(), "\n< Content-Type: application/json\n< X-Request-Id: ", f.uuid(),
                        "\n< Set-Cookie: lang=en-US; Path=/; Max-Age=31536000\n< Cache-Control: no-store\n< ETag: W/\"", f.hex(8), "-", f.hex(16), "\"")),
                named("systemd", (f, b) -> b.t(f.syslogTime(), " web-0", f.between(1, 9), " systemd[1]: ", f.pick("Started ", "Stopped ", "Reloading "),
                        f.service(), ".service - ", cap(f.service()), " API. (pid ", f.number(5), ")")),
                named("db-ops", (f, b) -> b.t(f.logTime(), " [", f.level(), "] ", f.pick("Connection to ", "Accepted connection from ",
                        "Replica connected: "), "").ip4().t(":", f.between(1024, 65535), " ", f.pick("refused", "established", "lag=0." + f.digits(3) + "s"))),
                named("macs-times", (f, b) -> b.t("link eth0 hwaddr ", f.mac(), " up at ", String.format("%02d:%02d:%02d", f.between(0, 23),
                        f.between(0, 59), f.between(0, 59)), " wwn 50:06:01:", f.hex(2), ":", f.hex(2), ":", f.hex(2), ":", f.hex(2), ":", f.hex(2),
                        " uptime ", f.between(1, 99), ":", String.format("%02d", f.between(0, 59)), ":", String.format("%02d", f.between(0, 59)))),
                named("code-paths", (f, b) -> b.t(f.pick("thread 'tokio-runtime-worker' panicked at src/main.rs:" + f.between(1, 400)
                        + ":" + f.between(1, 80) + ": called `Result::unwrap()` on an `Err` value: Os { code: 111, kind: ConnectionRefused }",
                        "terminate called after throwing an instance of 'std::out_of_range' what(): vector::_M_range_check",
                        "Can't locate object method \"new\" via package \"Data::Dumper\" at script.pl line " + f.between(1, 99),
                        "@Transactional method OrderService.place() rolled back; @Retryable exhausted after 3 attempts"))),
                named("metrics-line", (f, b) -> b.t("http_requests_total{method=\"", f.pick(Fake.METHODS), "\",code=\"", f.status(),
                        "\",handler=\"/api/v1/orders\"} ", f.between(1, 999999), " ", f.epochMillis())),
                named("card-like", (f, b) -> b.t(f.pick(
                        "payment ok card ending in " + f.digits(4) + " brand=visa last4=" + f.digits(4),
                        "card=************" + f.digits(4) + " bin=411111 exp=12/27",
                        "pan_masked=" + f.digits(6) + "******" + f.digits(4),
                        "device imei=" + f.luhn(f.pick("35", "86", "01", "99"), 15) + " registered",
                        "gift card code " + f.chars(Fake.UPPER + Fake.DIGITS, 4) + "-" + f.chars(Fake.UPPER + Fake.DIGITS, 4) + "-"
                                + f.chars(Fake.UPPER + Fake.DIGITS, 4)))),
                named("spaced-numbers", (f, b) -> b.t(f.pick(
                        "listening on ports " + f.between(1024, 9999) + " " + f.between(1024, 9999) + " " + f.between(1024, 9999) + " "
                                + f.between(1024, 9999),
                        "killed pids " + f.between(1000, 9999) + " " + f.between(1000, 9999) + " " + f.between(1000, 9999) + " "
                                + f.between(1000, 9999) + " " + f.between(1000, 99999),
                        "latency buckets ms: 5 10 25 50 100 250 500 1000 2500 5000 10000",
                        "years 2021 2022 2023 2024 revenue " + f.between(1000, 9999) + " " + f.between(1000, 9999)))),
                named("mentions", (f, b) -> b.t(f.pick("@here deploy of " + f.service() + " v" + f.version() + " finished",
                        "cc @" + f.first() + " @" + f.first() + " please review",
                        "GET /assets/img/logo@2x.png 200 " + f.between(100, 90000),
                        "font " + f.word() + "@3x.woff2 cached"))),
                named("k8s-yaml", (f, b) -> b.t("  env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef:\n        name: ", f.service(),
                        "-db\n        key: password\n  - name: API_TOKEN_FILE\n    value: /var/run/secrets/", f.service(), "/token")),
                named("windows-event", (f, b) -> b.t("EventID=4624 An account was successfully logged on. Security ID: S-1-5-21-", f.number(10), "-",
                        f.number(10), "-", f.number(9), "-", f.number(4), " Logon ID: 0x", f.hex(7).toUpperCase(), " Source Network Address: ").ip4()),
                named("db-auth-errors", (f, b) -> b.t(f.pick(
                        "ERROR 1045 (28000): Access denied for user '" + f.user() + "'@'localhost' (using password: " + f.pick("YES", "NO") + ")",
                        "FATAL:  password authentication failed for user \"" + f.user() + "\"",
                        f.syslogTime() + " web-01 sudo[" + f.number(5) + "]:  " + f.user() + " : TTY=pts/" + f.between(0, 9) + " ; PWD=/home/"
                                + f.user() + " ; USER=root ; COMMAND=/usr/bin/systemctl restart " + f.service(),
                        "go: downloading golang.org/x/net@v0.2" + f.between(0, 9) + ".0 github.com/acme/" + f.service() + "@v1." + f.between(0, 9)
                                + "." + f.between(0, 9)))),
                named("ip-noise", (f, b) -> b.t("health check from ").ip().t(" ok in ", f.duration(), " (", f.service(), " v", f.version(), ")")));
    }
}
