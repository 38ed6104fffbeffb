package dev.pharos.query.promql.value;

import dev.pharos.query.promql.ast.ValueType;

public record ScalarValue(long timestampMs, double value) implements Value {

    @Override
    public ValueType type() {
        return ValueType.SCALAR;
    }
}
