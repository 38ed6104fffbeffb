package dev.pharos.process.redact;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedactBearerTokenTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "Authorization: Bearer 8f14e45fceea167a5a36dedd4bea2543 | 8f14e45fceea167a5a36dedd4bea2543",
        "{\"authorization\":\"bearer ya29.A0ARrdaM-k9Xq_Zt\"} | ya29.A0ARrdaM-k9Xq_Zt",
        "curl -H 'Authorization: Bearer sk_live_4eC39HqLyjWDarjtT1zdp7dc' | sk_live_4eC39HqLyjWDarjtT1zdp7dc",
        "GET /callback?auth=Bearer%20abcDEF123ghiJKL456 | abcDEF123ghiJKL456",
        "Authorization: Basic dXNlcjpwYXNzd29yZA== | dXNlcjpwYXNzd29yZA==",
        "proxy-authorization=Token 9a0364b9e99bb480dd25e1f0284c8555 | 9a0364b9e99bb480dd25e1f0284c8555",
        "authorization: ghp_16C7e42F292c6912E7710c838347Ae178B4a | ghp_16C7e42F292c6912E7710c838347Ae178B4a",
    })
    void findsCredentials(String line, String token) {
        assertThat(Found.by(SecretKind.BEARER_TOKEN, line)).containsExactly(token);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "WWW-Authenticate: Bearer realm=\"api\", error=\"invalid_token\"",
        "bearer authentication failed for client",
        "expected Authorization: Bearer <token>",
        "Authorization: Bearer ${API_TOKEN}",
        "authorization header missing",
        "authorization: denied",
        "{\"token_type\":\"Bearer\",\"expires_in\":3600}",
        "Authorization: Digest username=\"bob\", realm=\"x\"",
    })
    void leavesProseAndPlaceholdersAlone(String line) {
        assertThat(Found.by(SecretKind.BEARER_TOKEN, line)).isEmpty();
    }
}
