package dev.pharos.query.promql.value;

import dev.pharos.query.promql.ast.ValueType;

/** A query result value, in the four shapes of Prometheus's HTTP API. */
public sealed interface Value permits ScalarValue, StringValue, VectorValue, MatrixValue {

    ValueType type();
}
