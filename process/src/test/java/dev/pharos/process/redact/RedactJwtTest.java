package dev.pharos.process.redact;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedactJwtTest {

    static final String JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
            + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

    @Test
    void findsTokensInAnyPosition() {
        assertThat(Found.by(SecretKind.JWT, "token " + JWT + " expired")).containsExactly(JWT);
        assertThat(Found.by(SecretKind.JWT, "Cookie: session=" + JWT + "; theme=dark")).containsExactly(JWT);
        assertThat(Found.by(SecretKind.JWT, "{\"id_token\":\"" + JWT + "\"}")).containsExactly(JWT);
        assertThat(Found.by(SecretKind.JWT, "/cb#access_token=" + JWT + "&state=x")).containsExactly(JWT);
    }

    @Test
    void findsUnsignedAndEncryptedTokens() {
        String unsigned = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.";
        assertThat(Found.by(SecretKind.JWT, "t=" + unsigned + " x")).containsExactly(unsigned);
        String jwe = "eyJhbGciOiJSU0EtT0FFUCJ9.OKOawDo13gRp2ojaHV7LFpZcgV7T6DVZKTyKOMTYUmKoTCVJRgckCL9kiMT03JGe.48V1_ALb6US04U3b"
                + ".5eym8TW_c8SuK0ltJ3rpYIzOeDQz7TALvtu6UG9oMo4vpzs9tX_EFShS8iB7j6ji.XFBoMYUZodetZdvTiFvSkQ";
        assertThat(Found.by(SecretKind.JWT, jwe)).containsExactly(jwe);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "annotation kubectl.kubernetes.io/last-applied=eyJhcGlWZXJzaW9uIjoidjEiLCJraW5kIjoiU2VydmljZSJ9",
        "next cursor eyJvZmZzZXQiOjEwMCwibGltaXQiOjUwfQ==",
        "file eyJfoo.bar.baz",
        "heyJohn.smith.example",
    })
    void leavesBase64JsonAndLookalikesAlone(String line) {
        assertThat(Found.by(SecretKind.JWT, line)).isEmpty();
    }
}
