package dev.pharos.query.promql.value;

import dev.pharos.query.promql.ast.ValueType;
import java.util.List;

/** An instant vector, in the order the query produced it (which matters after sort(), topk() and the like). */
public record VectorValue(List<Sample> samples) implements Value {

    public VectorValue {
        samples = List.copyOf(samples);
    }

    @Override
    public ValueType type() {
        return ValueType.VECTOR;
    }
}
