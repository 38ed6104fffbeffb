package dev.pharos.query.alerting.template;

import java.util.List;

/**
 * A label or annotation template of an alerting rule: the Go text/template language as Prometheus
 * alert templates use it, e.g. {@code {{ $labels.pod }} at {{ $value | humanize }}}. Parsing fails on
 * unknown functions and undeclared variables, so a rule file with a typo does not load.
 *
 * <p>Supported: text, {@code {{- -}}} trimming, comments, pipelines with {@code |}, fields
 * ({@code .Labels.x}), variables ({@code $labels}, {@code $value}, {@code $externalLabels},
 * {@code $externalURL}, and {@code $x := ...}), string/number/bool literals, parenthesised
 * pipelines, {@code if / else if / else}, {@code range} (with {@code $k, $v :=}) and {@code with}.
 * Not supported: {@code define}, {@code template}, {@code block}, {@code break}, {@code continue}.
 */
public final class Template {

    private final String name;
    private final List<TemplateNode> nodes;

    private Template(String name, List<TemplateNode> nodes) {
        this.name = name;
        this.nodes = nodes;
    }

    /**
     * @param name the template's name in messages; Prometheus uses {@code __alert_<alertname>}
     * @throws TemplateException with Go's message, e.g. {@code template: __alert_X:1: function "humanise" not defined}
     */
    public static Template parse(String name, String text) {
        return new Template(name, TemplateParser.parse(name, text, TemplateFunctions.NAMES));
    }

    /** True when the text has no action, so expanding it returns it unchanged. */
    public boolean isPlainText() {
        return nodes.stream().allMatch(n -> n instanceof TemplateNode.Text);
    }

    /** @throws TemplateException when a function fails, e.g. humanize of a string that is not a number */
    public String execute(TemplateData data) {
        return new TemplateExecutor(name, data).run(nodes);
    }

    public String name() {
        return name;
    }
}
