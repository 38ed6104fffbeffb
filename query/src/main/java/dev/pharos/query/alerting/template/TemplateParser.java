package dev.pharos.query.alerting.template;

import dev.pharos.query.alerting.template.TemplateLexer.Item;
import dev.pharos.query.alerting.template.TemplateLexer.Type;
import dev.pharos.query.alerting.template.TemplateNode.Arg;
import dev.pharos.query.alerting.template.TemplateNode.Command;
import dev.pharos.query.alerting.template.TemplateNode.Pipe;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Builds the parse tree and does the checks Go does at parse time: every function must exist and every
 * variable must be declared in scope, so a typo such as {@code humanise} fails when the rule file loads.
 */
final class TemplateParser {

    /** The variables Prometheus declares in front of every alert template. */
    static final List<String> PREDECLARED = List.of("$", "$labels", "$externalLabels", "$externalURL", "$value");

    private final String name;
    private final List<Item> items;
    private final Set<String> functions;
    private final List<String> vars = new ArrayList<>(PREDECLARED);
    private int pos;

    private TemplateParser(String name, List<Item> items, Set<String> functions) {
        this.name = name;
        this.items = items;
        this.functions = functions;
    }

    static List<TemplateNode> parse(String name, String text, Set<String> functions) {
        TemplateParser p = new TemplateParser(name, TemplateLexer.lex(name, text), functions);
        List<TemplateNode> nodes = new ArrayList<>();
        String end = p.list(nodes);
        if (end != null) {
            throw p.error(p.items.get(p.pos - 1).line(), "unexpected {{" + end + "}}");
        }
        return nodes;
    }

    private TemplateException error(int line, String msg) {
        return new TemplateException("template: " + name + ":" + line + ": " + msg);
    }

    private Item peek() {
        return items.get(pos);
    }

    private Item next() {
        return items.get(pos++);
    }

    private Item expect(Type type, String context) {
        Item it = next();
        if (it.type() != type) {
            throw unexpected(it, context);
        }
        return it;
    }

    private TemplateException unexpected(Item it, String context) {
        String what = switch (it.type()) {
            case EOF -> "EOF";
            case RIGHT -> "\"}}\"";
            default -> "\"" + it.text() + "\"";
        };
        return error(it.line(), "unexpected " + what + " in " + context);
    }

    /** Parses nodes into {@code out} until {{end}}, {{else}} or the end; returns "end", "else" or null. */
    private String list(List<TemplateNode> out) {
        while (true) {
            Item it = next();
            switch (it.type()) {
                case EOF -> {
                    pos--;
                    return null;
                }
                case TEXT -> out.add(new TemplateNode.Text((String) it.value()));
                case LEFT -> {
                    Item k = peek();
                    if (k.type() == Type.KEYWORD) {
                        next();
                        switch (k.text()) {
                            case "end" -> {
                                expect(Type.RIGHT, "end");
                                return "end";
                            }
                            case "else" -> {
                                return "else";
                            }
                            case "if", "range", "with" -> out.add(control(k));
                            default -> throw error(k.line(), "{{" + k.text() + "}} is not supported in alert templates");
                        }
                    } else {
                        Pipe pipe = pipeline("command", Type.RIGHT, false);
                        out.add(new TemplateNode.Action(it.line(), pipe));
                    }
                }
                default -> throw unexpected(it, "input");
            }
        }
    }

    private TemplateNode control(Item keyword) {
        int scope = vars.size();
        Pipe pipe = pipeline(keyword.text(), Type.RIGHT, keyword.text().equals("range"));
        List<TemplateNode> body = new ArrayList<>();
        List<TemplateNode> otherwise = new ArrayList<>();
        String end = list(body);
        if (end == null) {
            throw error(peek().line(), "unexpected EOF");
        }
        if (end.equals("else")) {
            Item k = peek();
            if (k.type() == Type.KEYWORD && (k.text().equals("if") || k.text().equals("with")) && keyword.text().equals(k.text())) {
                // {{else if x}} is {{else}}{{if x}}...{{end}}{{end}} with one shared {{end}}.
                next();
                otherwise.add(control(k));
                vars.subList(scope, vars.size()).clear();
                return build(keyword, pipe, body, otherwise);
            }
            expect(Type.RIGHT, "else");
            String end2 = list(otherwise);
            if (!"end".equals(end2)) {
                throw error(peek().line(), end2 == null ? "unexpected EOF" : "expected end; found {{else}}");
            }
        }
        vars.subList(scope, vars.size()).clear();
        return build(keyword, pipe, body, otherwise);
    }

    private static TemplateNode build(Item keyword, Pipe pipe, List<TemplateNode> body, List<TemplateNode> otherwise) {
        return switch (keyword.text()) {
            case "if" -> new TemplateNode.If(keyword.line(), pipe, body, otherwise);
            case "range" -> new TemplateNode.Range(keyword.line(), pipe, body, otherwise);
            default -> new TemplateNode.With(keyword.line(), pipe, body, otherwise);
        };
    }

    private Pipe pipeline(String context, Type end, boolean allowTwoVars) {
        int line = peek().line();
        List<String> declared = new ArrayList<>();
        boolean assign = false;
        if (peek().type() == Type.VARIABLE) {
            Item v = peek();
            Item after = items.get(pos + 1);
            if (after.type() == Type.DECLARE || after.type() == Type.ASSIGN) {
                pos += 2;
                assign = after.type() == Type.ASSIGN;
                declared.add(v.text());
            } else if (after.type() == Type.COMMA && allowTwoVars) {
                pos += 2;
                Item v2 = expect(Type.VARIABLE, "range");
                Item op = next();
                if (op.type() != Type.DECLARE && op.type() != Type.ASSIGN) {
                    throw unexpected(op, "range");
                }
                assign = op.type() == Type.ASSIGN;
                declared.add(v.text());
                declared.add(v2.text());
            }
        }
        if (assign) {
            for (String v : declared) {
                if (!vars.contains(v)) {
                    throw error(line, "undefined variable \"" + v + "\"");
                }
            }
        }
        List<Command> commands = new ArrayList<>();
        while (true) {
            List<Arg> args = new ArrayList<>();
            while (peek().type() != Type.PIPE && peek().type() != end) {
                if (peek().type() == Type.EOF || peek().type() == Type.RIGHT || peek().type() == Type.RPAREN) {
                    throw unexpected(peek(), context);
                }
                args.add(operand(context));
            }
            if (args.isEmpty()) {
                throw error(peek().line(), "missing value for " + context);
            }
            if (!commands.isEmpty() && !(args.getFirst() instanceof TemplateNode.Function)
                    && !(args.getFirst() instanceof TemplateNode.Field) && !(args.getFirst() instanceof TemplateNode.Variable)
                    && !(args.getFirst() instanceof TemplateNode.Nested)) {
                throw error(line, "non executable command in pipeline stage " + (commands.size() + 1));
            }
            commands.add(new Command(List.copyOf(args)));
            if (peek().type() == Type.PIPE) {
                next();
                continue;
            }
            next();
            break;
        }
        // Declared after the pipeline: a variable is not visible in its own initialiser.
        if (!assign) {
            vars.addAll(declared);
        }
        return new Pipe(line, List.copyOf(declared), assign, List.copyOf(commands));
    }

    private Arg operand(String context) {
        Item it = next();
        Arg term = switch (it.type()) {
            case FIELD -> {
                List<String> chain = new ArrayList<>();
                chain.add((String) it.value());
                chain.addAll(chain());
                yield new TemplateNode.Field(List.copyOf(chain));
            }
            case DOT -> new TemplateNode.Field(List.of());
            case VARIABLE -> {
                if (!vars.contains(it.text())) {
                    throw error(it.line(), "undefined variable \"" + it.text() + "\"");
                }
                yield new TemplateNode.Variable(it.text(), chain());
            }
            case STRING, NUMBER, BOOL -> new TemplateNode.Literal(it.value());
            case NIL -> throw error(it.line(), "nil is not a command");
            case IDENT -> {
                if (!functions.contains(it.text())) {
                    throw error(it.line(), "function \"" + it.text() + "\" not defined");
                }
                yield new TemplateNode.Function(it.text());
            }
            case LPAREN -> {
                Pipe inner = pipeline("parenthesized pipeline", Type.RPAREN, false);
                yield new TemplateNode.Nested(inner, chain());
            }
            default -> throw unexpected(it, context);
        };
        return term;
    }

    /** Field names written right after a term, without space: {@code $labels.pod}. */
    private List<String> chain() {
        List<String> chain = new ArrayList<>();
        while (peek().type() == Type.FIELD && !peek().spaced()) {
            chain.add((String) next().value());
        }
        return List.copyOf(chain);
    }
}
