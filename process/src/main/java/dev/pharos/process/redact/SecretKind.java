package dev.pharos.process.redact;

/**
 * What a redaction found. The label names the detector on {@code /metrics} and inside masks, so it is
 * part of the stored data's vocabulary: renaming one is a breaking change.
 */
public enum SecretKind {
    CREDIT_CARD("credit_card", true),
    EMAIL("email", true),
    BEARER_TOKEN("bearer_token", true),
    JWT("jwt", true),
    AWS_ACCESS_KEY("aws_access_key", true),
    AWS_SECRET_KEY("aws_secret_key", true),
    PRIVATE_KEY("private_key", true),
    URL_PASSWORD("url_password", true),
    KEY_VALUE_SECRET("key_value_secret", true),
    // Addresses are often what an operator needs to debug a request, and rarely a secret: opt in.
    IPV4("ipv4", false),
    IPV6("ipv6", false),
    /** Not found in text: an attribute whose key names a secret ({@code password}, {@code http.request.header.authorization}). */
    SECRET_ATTRIBUTE("secret_attribute", true);

    private final String label;
    private final boolean onByDefault;

    SecretKind(String label, boolean onByDefault) {
        this.label = label;
        this.onByDefault = onByDefault;
    }

    public String label() {
        return label;
    }

    public boolean onByDefault() {
        return onByDefault;
    }

    /** False only for the attribute-key rule, which looks at keys and has no {@link Detector}. */
    public boolean scansText() {
        return this != SECRET_ATTRIBUTE;
    }
}
