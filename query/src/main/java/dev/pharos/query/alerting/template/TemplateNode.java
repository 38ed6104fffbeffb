package dev.pharos.query.alerting.template;

import java.util.List;

/** The parse tree of a template: text, actions, and the if / range / with blocks. */
sealed interface TemplateNode {

    record Text(String text) implements TemplateNode {}

    /** {@code {{ pipeline }}}: prints the pipeline's value unless the pipeline declares or assigns a variable. */
    record Action(int line, Pipe pipe) implements TemplateNode {}

    record If(int line, Pipe pipe, List<TemplateNode> then, List<TemplateNode> otherwise) implements TemplateNode {}

    record Range(int line, Pipe pipe, List<TemplateNode> body, List<TemplateNode> otherwise) implements TemplateNode {}

    record With(int line, Pipe pipe, List<TemplateNode> body, List<TemplateNode> otherwise) implements TemplateNode {}

    /**
     * Commands joined by '|'; the value of each is the last argument of the next.
     *
     * @param vars   variables declared ({@code $x := ...}) or assigned ({@code $x = ...}), may be empty
     * @param assign true for '=', false for ':='
     */
    record Pipe(int line, List<String> vars, boolean assign, List<Command> commands) {}

    /** A function call with its arguments, or a single operand. */
    record Command(List<Arg> args) {}

    sealed interface Arg {}

    /** {@code .A.b}: fields of the current value; an empty chain is the dot itself. */
    record Field(List<String> chain) implements Arg {}

    /** {@code $name.a.b}. */
    record Variable(String name, List<String> chain) implements Arg {}

    record Literal(Object value) implements Arg {}

    record Function(String name) implements Arg {}

    /** {@code (pipeline).a.b}. */
    record Nested(Pipe pipe, List<String> chain) implements Arg {}
}
