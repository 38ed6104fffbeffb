package dev.pharos.process.redact;

/** The built-in detector for each kind of secret found in text. */
public final class Detectors {

    private Detectors() {
    }

    /** A new detector for {@code kind}; {@link SecretKind#SECRET_ATTRIBUTE} has none. */
    public static Detector of(SecretKind kind) {
        return switch (kind) {
            case CREDIT_CARD -> new CreditCardDetector();
            case EMAIL -> new EmailDetector();
            case BEARER_TOKEN -> new BearerTokenDetector();
            case JWT -> new JwtDetector();
            case AWS_ACCESS_KEY -> new AwsAccessKeyDetector();
            case AWS_SECRET_KEY -> new AwsSecretKeyDetector();
            case PRIVATE_KEY -> new PrivateKeyBlockDetector();
            case URL_PASSWORD -> new UrlPasswordDetector();
            case KEY_VALUE_SECRET -> new KeyValueSecretDetector();
            case IPV4 -> new Ipv4Detector();
            case IPV6 -> new Ipv6Detector();
            case SECRET_ATTRIBUTE -> throw new IllegalArgumentException("secret_attribute is a rule on attribute keys, not a text detector");
        };
    }
}
