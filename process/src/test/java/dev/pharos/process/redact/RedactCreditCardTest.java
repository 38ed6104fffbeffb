package dev.pharos.process.redact;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedactCreditCardTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "charge ok card=4111111111111111 amount=12.00 | 4111111111111111",
        "card 4111 1111 1111 1111 declined | 4111 1111 1111 1111",
        "pan: 5555-5555-5555-4444; | 5555-5555-5555-4444",
        "{\"card\":\"378282246310005\"} | 378282246310005",
        "amex 3782 822463 10005 exp 12/27 | 3782 822463 10005",
        "diners 30569309025904 ok | 30569309025904",
        "cc_number=5458+7064+9450+4580&cc_exp=6%2F25 | 5458+7064+9450+4580",
        "GET /pay?card=3589%204914%205052%201178&amount=11 | 3589%204914%205052%201178",
        "jcb 3530111333300000 | 3530111333300000",
        "discover 6011 1111 1111 1117 123 | 6011 1111 1111 1117",
        "10:00:01 4012888888881881 charged | 4012888888881881",
        "/v1/cards/5105105105105100/charge | 5105105105105100",
        "mir 2200 0000 0000 0004 | 2200 0000 0000 0004",
    })
    void findsCardNumbers(String line, String card) {
        assertThat(Found.by(SecretKind.CREDIT_CARD, line)).containsExactly(card);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "card=4111111111111112",                      // Luhn fails
        "msisdn=4917144962306 visa13=4222222222222",   // 13-digit Visa numbers are no longer issued
        "ts=1718900000123456789 took 12ms",           // epoch nanos: issuer prefix 1
        "id=4444444444444444",                        // all the same digit
        "sha=a4111111111111111f",                     // inside a hex id
        "trace 4111111111111111111111",               // longer digit run
        "req 550e8400-4111-1111-1111-111111111111",   // UUID-like groups
        "iban DE89 3704 0044 0532 0130 00 / XY12 4111 1111 1111 1111 00", // grouped number continuing
        "phone +4915112345678",                       // phone number (Luhn-valid, Visa length)
        "dd.trace_id=4539578763621486 dd.span_id=4716461583322103", // ids printed in decimal
        "\"orderId\": 5454545454545454",
        "version 4111111111111111.2",
        "imei=356938035643809",                       // Luhn-valid IMEI, but JCB needs 16+
        "isbn 978-3-16-148410-0 and 9783161484100",
        "masked 411111******1111",
    })
    void leavesNonCardsAlone(String line) {
        assertThat(Found.by(SecretKind.CREDIT_CARD, line)).isEmpty();
    }
}
