package dev.pharos.query.promql.eval;

/** What evaluating a node yields: a matrix of step-aligned points (vectors and scalars alike), or a string. */
sealed interface EvalValue permits Matrix, StringResult {
}
