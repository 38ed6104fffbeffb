package dev.pharos.process.redact;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedactEmailTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "user bob.smith@example.com logged in | bob.smith@example.com",
        "From: \"Alice\" <alice+news@mail.example.co.uk> | alice+news@mail.example.co.uk",
        "{\"email\":\"J.Doe_99@Example.ORG\"} | J.Doe_99@Example.ORG",
        "GET /invite?email=carol%40example.net&next=/ | carol%40example.net",
        "mailto:dave@example.io. | dave@example.io",
        "https://api.example.com/users/erin@example.com/roles | erin@example.com",
        "notify frank@sub.example.travel: sent | frank@sub.example.travel",
    })
    void findsAddresses(String line, String email) {
        assertThat(Found.by(SecretKind.EMAIL, line)).containsExactly(email);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "git clone git@github.com:pharos/pharos.git",
        "ssh deploy@bastion.example.com -p 2222",
        "scp -i key.pem ec2-user@ec2-3-91-12-4.compute-1.amazonaws.com:/tmp/x .",
        "Accepted publickey for deploy from 10.0.0.5 port 52311: root@db01",
        "connecting admin@ip-10-0-1-23.ec2.internal",
        "postgres@10.0.4.17 accepted",
        "GET /static/logo@2x.png 200",
        "npm install lodash@4.17.21 @babel/core@7.22.5",
        "java.lang.Object@6d06d69c was not closed",
        "image nginx@sha256:3c4ab8a1c7a3c6e0f0c1c9b0f8b1a2d3",
        "redis://:p4ss@cache.example.com:6379/0",
        "https://bob@example.com/repo",
        "@Override public void run() @alice",
        "service orders@orders.default.svc",
    })
    void leavesLookalikesAlone(String line) {
        assertThat(Found.by(SecretKind.EMAIL, line)).isEmpty();
    }
}
