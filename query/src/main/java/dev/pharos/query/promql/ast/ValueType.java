package dev.pharos.query.promql.ast;

/** Type of a PromQL expression. */
public enum ValueType {
    NONE("none"), SCALAR("scalar"), VECTOR("instant vector"), MATRIX("range vector"), STRING("string");

    private final String documentedName;

    ValueType(String documentedName) {
        this.documentedName = documentedName;
    }

    /** The name Prometheus uses in messages: "instant vector", "range vector", "scalar", "string". */
    public String documentedName() {
        return documentedName;
    }

    /** The name used in the HTTP API's resultType: "vector", "matrix", "scalar", "string". */
    public String apiName() {
        return switch (this) {
            case VECTOR -> "vector";
            case MATRIX -> "matrix";
            default -> name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
