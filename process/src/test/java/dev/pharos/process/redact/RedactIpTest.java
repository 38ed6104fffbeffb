package dev.pharos.process.redact;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedactIpTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "10.0.0.1 - - [15/Jun/2024:10:00:00 +0000] \"GET / HTTP/1.1\" | 10.0.0.1",
        "upstream 192.168.1.254:8080 timed out | 192.168.1.254",
        "allow 172.16.0.0/12; | 172.16.0.0",
        "client=203.0.113.7. | 203.0.113.7",
        "localhost/127.0.0.1:5432 | 127.0.0.1",
    })
    void findsIpv4(String line, String ip) {
        assertThat(Found.by(SecretKind.IPV4, line)).containsExactly(ip);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "upgraded to 1.2.3 from 1.2.3.4.5",
        "oid 1.3.6.1.4.1.311",
        "build v1.2.3.4",
        "System.Runtime, Version=8.0.0.0, Culture=neutral",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0.0.0 Safari/537.36",
        "256.1.1.1 and 1.2.3.04",
        "2024.06.15 at 10.30",
    })
    void leavesVersionsAlone(String line) {
        assertThat(Found.by(SecretKind.IPV4, line)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "connect to 2001:db8:85a3::8a2e:370:7334 port 443 | 2001:db8:85a3::8a2e:370:7334",
        "listening on [::1]:8080 | ::1",
        "peer fe80::1ff:fe23:4567:890a%eth0 up | fe80::1ff:fe23:4567:890a%eth0",
        "mapped ::ffff:192.0.2.128 | ::ffff:192.0.2.128",
        "full 2001:0db8:0000:0000:0000:ff00:0042:8329 | 2001:0db8:0000:0000:0000:ff00:0042:8329",
    })
    void findsIpv6(String line, String ip) {
        assertThat(Found.by(SecretKind.IPV6, line)).containsExactly(ip);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "std::vector<int>::size_type Data::Map",
        "at 10:30:00.123 and 2024-06-15T10:30:00Z",
        "mac 00:1a:2b:3c:4d:5e",
        "wwn 50:06:01:60:3e:a0:13:a8",
        "a::b dead::beef",
        "arn:aws:iam::123456789012:role/admin",
    })
    void leavesLookalikesAlone(String line) {
        assertThat(Found.by(SecretKind.IPV6, line)).isEmpty();
    }
}
