package dev.pharos.query.alerting.template;

import dev.pharos.query.alerting.template.TemplateNode.Arg;
import dev.pharos.query.alerting.template.TemplateNode.Command;
import dev.pharos.query.alerting.template.TemplateNode.Pipe;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs a parse tree over {@link TemplateData}, with Go's rules for truth, map lookups and printing. */
final class TemplateExecutor {

    private static final Object NONE = new Object();

    private final String name;
    private final TemplateData data;
    private final List<Map.Entry<String, Object>> vars = new ArrayList<>();
    private final StringBuilder out = new StringBuilder();
    private int line;

    TemplateExecutor(String name, TemplateData data) {
        this.name = name;
        this.data = data;
        Map<String, Object> root = data.root();
        vars.add(Map.entry("$", root));
        vars.add(Map.entry("$labels", root.get("Labels")));
        vars.add(Map.entry("$externalLabels", root.get("ExternalLabels")));
        vars.add(Map.entry("$externalURL", root.get("ExternalURL")));
        vars.add(Map.entry("$value", root.get("Value")));
    }

    String run(List<TemplateNode> nodes) {
        walk(nodes, vars.getFirst().getValue());
        return out.toString();
    }

    private TemplateException error(String msg, Throwable cause) {
        return new TemplateException("template: " + name + ":" + line + ": executing \"" + name + "\" " + msg, cause);
    }

    private void walk(List<TemplateNode> nodes, Object dot) {
        for (TemplateNode n : nodes) {
            switch (n) {
                case TemplateNode.Text t -> out.append(t.text());
                case TemplateNode.Action a -> {
                    line = a.line();
                    Object v = pipe(a.pipe(), dot);
                    if (a.pipe().vars().isEmpty()) {
                        out.append(printable(v));
                    }
                }
                case TemplateNode.If i -> {
                    line = i.line();
                    int scope = vars.size();
                    boolean yes = TemplateFunctions.truth(pipe(i.pipe(), dot));
                    walk(yes ? i.then() : i.otherwise(), dot);
                    truncate(scope);
                }
                case TemplateNode.With w -> {
                    line = w.line();
                    int scope = vars.size();
                    Object v = pipe(w.pipe(), dot);
                    if (TemplateFunctions.truth(v)) {
                        walk(w.body(), v);
                    } else {
                        walk(w.otherwise(), dot);
                    }
                    truncate(scope);
                }
                case TemplateNode.Range r -> range(r, dot);
            }
        }
    }

    private void range(TemplateNode.Range r, Object dot) {
        line = r.line();
        int scope = vars.size();
        Pipe p = r.pipe();
        // The range variables are set per element, not to the pipeline's value.
        Object v = pipe(new Pipe(p.line(), List.of(), false, p.commands()), dot);
        List<Map.Entry<Object, Object>> elements = new ArrayList<>();
        switch (v) {
            case Map<?, ?> m -> GoFormat.sorted(m).forEach((k, e) -> elements.add(Map.entry(k, e == null ? TemplateFunctions.NO_VALUE : e)));
            case List<?> l -> {
                for (int i = 0; i < l.size(); i++) {
                    elements.add(Map.entry((long) i, l.get(i)));
                }
            }
            case null -> { }
            default -> {
                if (v != TemplateFunctions.NO_VALUE) {
                    throw error("at <range>: range can't iterate over " + GoFormat.print(v), null);
                }
            }
        }
        if (elements.isEmpty()) {
            walk(r.otherwise(), dot);
            truncate(scope);
            return;
        }
        for (Map.Entry<Object, Object> e : elements) {
            int inner = vars.size();
            if (p.vars().size() == 1) {
                set(p.vars().getFirst(), e.getValue(), p.assign());
            } else if (p.vars().size() == 2) {
                set(p.vars().get(0), e.getKey(), p.assign());
                set(p.vars().get(1), e.getValue(), p.assign());
            }
            walk(r.body(), e.getValue());
            truncate(inner);
        }
        truncate(scope);
    }

    private void truncate(int size) {
        while (vars.size() > size) {
            vars.removeLast();
        }
    }

    private void set(String var, Object value, boolean assign) {
        if (assign) {
            for (int i = vars.size() - 1; i >= 0; i--) {
                if (vars.get(i).getKey().equals(var)) {
                    vars.set(i, Map.entry(var, value));
                    return;
                }
            }
        }
        vars.add(Map.entry(var, value));
    }

    private Object variable(String var) {
        for (int i = vars.size() - 1; i >= 0; i--) {
            if (vars.get(i).getKey().equals(var)) {
                return vars.get(i).getValue();
            }
        }
        throw error("at <" + var + ">: undefined variable: " + var, null);
    }

    private Object pipe(Pipe p, Object dot) {
        Object value = NONE;
        for (Command c : p.commands()) {
            value = command(c, dot, value);
        }
        for (String v : p.vars()) {
            set(v, value, p.assign());
        }
        return value;
    }

    private Object command(Command c, Object dot, Object fin) {
        Arg first = c.args().getFirst();
        if (first instanceof TemplateNode.Function f) {
            List<Object> args = new ArrayList<>();
            for (Arg a : c.args().subList(1, c.args().size())) {
                args.add(arg(a, dot));
            }
            if (fin != NONE) {
                args.add(fin);
            }
            return call(f.name(), args);
        }
        if (c.args().size() > 1 || fin != NONE) {
            throw error("at <" + describe(first) + ">: can't give argument to non-function " + describe(first), null);
        }
        return arg(first, dot);
    }

    private Object call(String fn, List<Object> args) {
        try {
            return TemplateFunctions.call(fn, args, data);
        } catch (TemplateException e) {
            throw error("at <" + fn + ">: error calling " + fn + ": " + e.getMessage(), e);
        }
    }

    private Object arg(Arg a, Object dot) {
        return switch (a) {
            case TemplateNode.Literal l -> l.value();
            case TemplateNode.Field f -> fields(dot, f.chain());
            case TemplateNode.Variable v -> fields(variable(v.name()), v.chain());
            case TemplateNode.Function f -> call(f.name(), List.of());
            case TemplateNode.Nested n -> fields(pipe(n.pipe(), dot), n.chain());
        };
    }

    private Object fields(Object receiver, List<String> chain) {
        Object v = receiver;
        for (String field : chain) {
            if (v instanceof Map<?, ?> m) {
                Object got = m.get(field);
                v = got == null ? TemplateFunctions.NO_VALUE : got;
            } else if (v == null || v == TemplateFunctions.NO_VALUE) {
                v = TemplateFunctions.NO_VALUE;
            } else {
                throw error("at <." + field + ">: can't evaluate field " + field + " in type " + GoFormat.typeName(v), null);
            }
        }
        return v;
    }

    private static String describe(Arg a) {
        return switch (a) {
            case TemplateNode.Literal l -> l.value() instanceof String s ? GoFormat.print(s) : GoFormat.print(l.value());
            case TemplateNode.Field f -> f.chain().isEmpty() ? "." : "." + String.join(".", f.chain());
            case TemplateNode.Variable v -> v.name() + (v.chain().isEmpty() ? "" : "." + String.join(".", v.chain()));
            case TemplateNode.Function f -> f.name();
            case TemplateNode.Nested n -> "(...)";
        };
    }

    private static String printable(Object v) {
        if (v == null || v == TemplateFunctions.NO_VALUE || v == NONE) {
            return "<no value>";
        }
        return GoFormat.print(v);
    }
}
