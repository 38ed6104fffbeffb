package dev.pharos.process.redact;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedactKeyValueSecretTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "login user=bob password=hunter2 ok | hunter2",
        "DB_PASSWORD = Tr0ub4dor&3 | Tr0ub4dor&3",
        "spring.datasource.password=changeit | changeit",
        "{\"client_secret\": \"9f8e7d6c5b4a\", \"x\": 1} | 9f8e7d6c5b4a",
        "{\\\"password\\\":\\\"s3cret pass\\\"} | s3cret pass",
        "{'api_key': 'AbC123xyz'} | AbC123xyz",
        "Parameters: {\"user\"=>{\"password\"=>\"letmein!\"}} | letmein!",
        "&{ID:42 Password:hunter2 Role:admin} | hunter2",
        "X-Api-Key: 0a1b2c3d4e5f | 0a1b2c3d4e5f",
        "POST /login user%5Bpassword%5D=Secret123&commit=Log+in | Secret123",
        "GET /cb?code=abc&access_token=ya29.a0Af_x-Y&state=1 | ya29.a0Af_x-Y",
        "<soap:Password>p4ssw0rd</soap:Password> | p4ssw0rd",
        "password: letmein | letmein",
        "  passwd: correcthorse | correcthorse",
        "UPDATE users SET password = 'n3wPass!' WHERE id = 7 | n3wPass!",
        "PASSPHRASE='open sesame' | open sesame",
        "SECRET_KEY=django-insecure-8x#k2 | django-insecure-8x#k2",
        "github_token=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 | 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",
        "pwd=abc123 | abc123",
    })
    void findsTheValueOnly(String line, String value) {
        assertThat(Found.by(SecretKind.KEY_VALUE_SECRET, line)).containsExactly(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "password_reset_required=true token_type=Bearer max_tokens=512 tokens=1200",
        "invalid token: signature has expired",
        "password: must be at least 8 characters",
        "refresh failed: token: expired",
        "password=",
        "{\"password\": null, \"token\": \"\"}",
        "password=******** token=[FILTERED] secret=<redacted>",
        "password=${DB_PASSWORD} api_key={{ .Values.apiKey }}",
        "SELECT id FROM users WHERE token = ? AND password_hash = $1",
        "UPDATE users SET password = :password WHERE id = @id",
        "nextPageToken=CiAKGjBpNDd2Nmp2Zml2cXRwYjBpOXA4 pageToken=abc123",
        "System.Private.CoreLib, Version=8.0.0.0, Culture=neutral, PublicKeyToken=7cec85d7bea7798e",
        "PWD=/srv/app OLDPWD=/home/deploy",
        "\"Updating secret\" secret=\"kube-system/bootstrap-token-abcdef\"",
        "token_file=/var/run/secrets/kubernetes.io/serviceaccount/token",
        "secret=arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf",
        "if password == confirm { retry }",
        "secretName: db-credentials kind: Secret",
    })
    void leavesNonSecretsAlone(String line) {
        assertThat(Found.by(SecretKind.KEY_VALUE_SECRET, line)).isEmpty();
    }
}
