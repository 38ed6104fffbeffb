package dev.pharos.query.promql.value;

import dev.pharos.query.promql.ast.ValueType;
import java.util.List;

/** A range vector (range query result, or an instant query of a range selector), series sorted by labels. */
public record MatrixValue(List<SeriesValue> series) implements Value {

    public MatrixValue {
        series = List.copyOf(series);
    }

    @Override
    public ValueType type() {
        return ValueType.MATRIX;
    }
}
