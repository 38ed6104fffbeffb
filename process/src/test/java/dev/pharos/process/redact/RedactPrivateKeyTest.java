package dev.pharos.process.redact;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactPrivateKeyTest {

    static final String BODY = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\n"
            + "MzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu\n";

    @Test
    void findsBlocksWithRealNewlines() {
        String key = "-----BEGIN PRIVATE KEY-----\n" + BODY + "-----END PRIVATE KEY-----";
        assertThat(Found.by(SecretKind.PRIVATE_KEY, "loaded\n" + key + "\nnext")).containsExactly(key);
    }

    @Test
    void findsBlocksWithEscapedNewlines() {
        String key = "-----BEGIN RSA PRIVATE KEY-----\\n" + BODY.replace("\n", "\\n") + "-----END RSA PRIVATE KEY-----";
        String line = "{\"msg\":\"config\",\"tls_key\":\"" + key + "\\n\",\"level\":\"info\"}";
        assertThat(Found.by(SecretKind.PRIVATE_KEY, line)).containsExactly(key);
    }

    @Test
    void findsOtherKeyTypes() {
        for (String label : new String[] {"EC PRIVATE KEY", "OPENSSH PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "PGP PRIVATE KEY BLOCK"}) {
            String key = "-----BEGIN " + label + "-----\n" + BODY + "-----END " + label + "-----";
            assertThat(Found.by(SecretKind.PRIVATE_KEY, key)).containsExactly(key);
        }
    }

    @Test
    void findsATruncatedBlockUpToTheEndOfItsBody() {
        String head = "-----BEGIN PRIVATE KEY-----\\n" + BODY.replace("\n", "\\n").substring(0, 70);
        assertThat(Found.by(SecretKind.PRIVATE_KEY, "{\"key\":\"" + head + "\",\"truncated\":true}")).containsExactly(head);
    }

    @Test
    void leavesPublicMaterialAndMentionsAlone() {
        assertThat(Found.by(SecretKind.PRIVATE_KEY, "-----BEGIN CERTIFICATE-----\n" + BODY + "-----END CERTIFICATE-----")).isEmpty();
        assertThat(Found.by(SecretKind.PRIVATE_KEY, "-----BEGIN PUBLIC KEY-----\n" + BODY + "-----END PUBLIC KEY-----")).isEmpty();
        assertThat(Found.by(SecretKind.PRIVATE_KEY, "failed to parse private key from /etc/tls/tls.key: no PEM data")).isEmpty();
        assertThat(Found.by(SecretKind.PRIVATE_KEY, "expected -----BEGIN PRIVATE KEY----- header")).isEmpty();
    }
}
