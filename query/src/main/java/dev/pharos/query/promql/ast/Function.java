package dev.pharos.query.promql.ast;

import java.util.List;

/**
 * A PromQL function signature.
 *
 * @param argTypes   argument types; with variadic arguments the last type repeats
 * @param variadic   0 for a fixed argument count, n for up to n optional trailing arguments, -1 for unlimited
 * @param returnType type of the result
 */
public record Function(String name, List<ValueType> argTypes, int variadic, ValueType returnType) {

    public Function {
        argTypes = List.copyOf(argTypes);
    }

    public int minArgs() {
        return variadic == 0 ? argTypes.size() : argTypes.size() - 1;
    }

    /** Maximum argument count, or Integer.MAX_VALUE when unlimited. */
    public int maxArgs() {
        if (variadic < 0) {
            return Integer.MAX_VALUE;
        }
        return variadic == 0 ? argTypes.size() : argTypes.size() - 1 + variadic;
    }

    /** The expected type of argument i. */
    public ValueType argType(int i) {
        return i < argTypes.size() ? argTypes.get(i) : argTypes.get(argTypes.size() - 1);
    }
}
