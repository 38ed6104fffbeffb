package dev.pharos.query.alerting;

import dev.pharos.query.Filter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The generatorURL of sent alerts: a page of the web UI showing the data behind the alert: the
 * PromQL view with the rule's expression, or the log or trace search of the rule's filters over
 * its window.
 */
final class GeneratorUrls {

    private GeneratorUrls() {}

    static String of(String externalURL, RuleExpr expr) {
        String base = externalURL.endsWith("/") ? externalURL.substring(0, externalURL.length() - 1) : externalURL;
        return switch (expr) {
            case PromqlRuleExpr p -> base + "/ui/#/promql?query=" + escape(p.query());
            case LogRuleQuery l -> base + "/ui/#/logs?" + search(l.filters(), l.overMs(), l.text());
            case TraceRuleQuery t -> base + "/ui/#/traces?" + search(t.filters(), t.overMs(), null);
        };
    }

    private static String search(List<Filter> filters, long overMs, String text) {
        List<String> params = new ArrayList<>();
        params.add("from=now-" + Math.max(1, overMs / 1000) + "s");
        for (Filter f : filters) {
            params.add("filter=" + escape(f.toString()));
        }
        if (text != null && !text.isBlank()) {
            params.add("q=" + escape(text));
        }
        return String.join("&", params);
    }

    /** Go's url.QueryEscape. */
    static String escape(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("*", "%2A").replace("%7E", "~");
    }
}
