package dev.pharos.query.promql.eval;

record StringResult(String value) implements EvalValue {
}
