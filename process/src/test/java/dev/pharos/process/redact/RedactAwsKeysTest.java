package dev.pharos.process.redact;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedactAwsKeysTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE | AKIAIOSFODNN7EXAMPLE",
        "{\"AccessKeyId\": \"ASIAY34FZKBOKMUTVV7A\"} | ASIAY34FZKBOKMUTVV7A",
        "X-Amz-Credential=AKIA2E0A8F3B244C9986/20240615/us-east-1/s3/aws4_request | AKIA2E0A8F3B244C9986",
    })
    void findsAccessKeyIds(String line, String key) {
        assertThat(Found.by(SecretKind.AWS_ACCESS_KEY, line)).containsExactly(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "role AROAJQABLZS4A3QDU576Q assumed",
        "region=ASIA_PACIFIC",
        "AKIAIOSFODNN7EXAMPLEX and xAKIAIOSFODNN7EXAMPLE",
        "akiaiosfodnn7example",
    })
    void leavesOtherIdsAlone(String line) {
        assertThat(Found.by(SecretKind.AWS_ACCESS_KEY, line)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY | wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "AWS_SECRET_ACCESS_KEY=je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY | je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
        "{\"SecretAccessKey\": \"9drTJvcXLB89EXAMPLELB8923FB892xMFI+Wz0Fx\"} | 9drTJvcXLB89EXAMPLELB8923FB892xMFI+Wz0Fx",
        "secretAccessKey: 'Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFy' | Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFy",
        "aws configure --aws-secret-access-key abcdEFGHijklMNOPqrstUVWXyz0123456789+/ab | abcdEFGHijklMNOPqrstUVWXyz0123456789+/ab",
    })
    void findsSecretKeysInKeyContext(String line, String key) {
        assertThat(Found.by(SecretKind.AWS_SECRET_KEY, line)).containsExactly(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "commit 9fceb02d0ae598e95dc970b74767f19372d61af8 merged",
        "aws_secret_access_key=****************************************",
        "aws_secret_access_key missing from profile default",
        "secret_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEYTOOLONG",
    })
    void leavesUncontextualisedOrMaskedAlone(String line) {
        assertThat(Found.by(SecretKind.AWS_SECRET_KEY, line)).isEmpty();
    }
}
