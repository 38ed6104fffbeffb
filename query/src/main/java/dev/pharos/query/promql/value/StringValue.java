package dev.pharos.query.promql.value;

import dev.pharos.query.promql.ast.ValueType;

public record StringValue(long timestampMs, String value) implements Value {

    @Override
    public ValueType type() {
        return ValueType.STRING;
    }
}
