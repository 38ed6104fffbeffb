package dev.pharos.query.promql.ast;

import dev.pharos.query.promql.storage.GoStrings;

public record StringLiteral(String value, PositionRange pos) implements Expr {

    @Override
    public ValueType type() {
        return ValueType.STRING;
    }

    @Override
    public String toString() {
        return GoStrings.quote(value);
    }
}
