package dev.pharos.process.redact;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedactUrlPasswordTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "connecting to postgres://app:s3cr3t-P4ss@db.internal:5432/orders | s3cr3t-P4ss",
        "REDIS_URL=redis://:hunter2@cache:6379/0 | hunter2",
        "amqp://guest:gu%40st!@rabbit/vhost | gu%40st!",
        "mongodb+srv://admin:p@ss@cluster0.abcde.mongodb.net/?retryWrites=true | p@ss",
        "\"url\":\"https://deploy:ghp_abc123DEF456@github.com/org/repo.git\" | ghp_abc123DEF456",
    })
    void findsThePasswordOnly(String line, String password) {
        assertThat(Found.by(SecretKind.URL_PASSWORD, line)).containsExactly(password);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "GET http://api.example.com:8080/v1/users?email=a@b.com",
        "postgres://app@db.internal/orders",
        "postgres://app:****@db.internal/orders",
        "mysql://root:${MYSQL_PASSWORD}@db/app",
        "listening on http://[::1]:8080/",
        "jdbc:postgresql://db:5432/app?sslmode=require",
        "https://example.com/a:b@c",
    })
    void leavesOtherUrlsAlone(String line) {
        assertThat(Found.by(SecretKind.URL_PASSWORD, line)).isEmpty();
    }
}
