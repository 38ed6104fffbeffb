package dev.pharos.query.alerting.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Alert templates against outputs of Prometheus's own template tests and Go's fmt. */
class AlertTemplateTest {

    static String run(String text, Map<String, String> labels, double value) {
        return Template.parse("__alert_Test", text)
                .execute(new TemplateData(labels, Map.of("cluster", "eu1"), "https://pharos.example/", value, null));
    }

    static String run(String text) {
        return run(text, Map.of(), 0);
    }

    @Test
    void humanizeMatchesPrometheus() {
        assertThat(Humanize.humanize(0)).isEqualTo("0");
        assertThat(Humanize.humanize(1)).isEqualTo("1");
        assertThat(Humanize.humanize(1234567)).isEqualTo("1.235M");
        assertThat(Humanize.humanize(.12)).isEqualTo("120m");
        assertThat(Humanize.humanize(1e-27)).isEqualTo("0.001y");
        assertThat(Humanize.humanize(-1234)).isEqualTo("-1.234k");
        assertThat(Humanize.humanize(1e30)).isEqualTo("1e+06Y");
        assertThat(Humanize.humanize(Double.NaN)).isEqualTo("NaN");
        assertThat(Humanize.humanize(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
        assertThat(Humanize.humanize(999.95)).isEqualTo("1000");
        assertThat(Humanize.humanize(1234.5)).isEqualTo("1.234k");
    }

    @Test
    void humanize1024MatchesPrometheus() {
        assertThat(Humanize.humanize1024(0)).isEqualTo("0");
        assertThat(Humanize.humanize1024(1)).isEqualTo("1");
        assertThat(Humanize.humanize1024(1048576)).isEqualTo("1Mi");
        assertThat(Humanize.humanize1024(.12)).isEqualTo("0.12");
        assertThat(Humanize.humanize1024(1536)).isEqualTo("1.5ki");
    }

    @Test
    void humanizeDurationMatchesPrometheus() {
        double[] in = {0, 1, 60, 3600, 86400, 86400 + 3600, -(86400 * 2 + 3600 * 3 + 60 * 4 + 5), 899.99, 90};
        String[] want = {"0s", "1s", "1m 0s", "1h 0m 0s", "1d 0h 0m 0s", "1d 1h 0m 0s", "-2d 3h 4m 5s", "14m 59s", "1m 30s"};
        for (int i = 0; i < in.length; i++) {
            assertThat(Humanize.humanizeDuration(in[i])).as("%s", in[i]).isEqualTo(want[i]);
        }
        double[] small = {.1, .0001, .12345, 60.1, 60.5, 1.2345, 12.345};
        String[] smallWant = {"100ms", "100us", "123.5ms", "1m 0s", "1m 0s", "1.234s", "12.35s"};
        for (int i = 0; i < small.length; i++) {
            assertThat(Humanize.humanizeDuration(small[i])).as("%s", small[i]).isEqualTo(smallWant[i]);
        }
    }

    @Test
    void humanizePercentageAndTimestamp() {
        assertThat(Humanize.humanizePercentage(0)).isEqualTo("0%");
        assertThat(Humanize.humanizePercentage(0.1234567)).isEqualTo("12.35%");
        assertThat(Humanize.humanizePercentage(0.5)).isEqualTo("50%");
        assertThat(Humanize.humanizePercentage(1.5)).isEqualTo("150%");
        assertThat(Humanize.humanizeTimestamp(1435065584.128)).isEqualTo("2015-06-23 13:19:44.128 +0000 UTC");
        assertThat(Humanize.humanizeTimestamp(1435065584)).isEqualTo("2015-06-23 13:19:44 +0000 UTC");
    }

    @Test
    void goFloatFormatting() {
        assertThat(GoFormat.formatFloat(1234567, 'g', -1)).isEqualTo("1.234567e+06");
        assertThat(GoFormat.formatFloat(100000, 'g', -1)).isEqualTo("100000");
        assertThat(GoFormat.formatFloat(0.00001, 'g', -1)).isEqualTo("1e-05");
        assertThat(GoFormat.formatFloat(12345, 'g', 4)).isEqualTo("1.234e+04");
        assertThat(GoFormat.formatFloat(1234.5, 'g', 4)).isEqualTo("1234");
        assertThat(GoFormat.formatFloat(100, 'g', 4)).isEqualTo("100");
        assertThat(GoFormat.formatFloat(0.0001234, 'g', 4)).isEqualTo("0.0001234");
        assertThat(GoFormat.formatFloat(0.125, 'f', 2)).isEqualTo("0.12");
        assertThat(GoFormat.formatFloat(1.005, 'f', 2)).isEqualTo("1.00");
        assertThat(GoFormat.formatFloat(2.5, 'f', 0)).isEqualTo("2");
        assertThat(GoFormat.formatFloat(-0.004, 'f', 2)).isEqualTo("-0.00");
        assertThat(GoFormat.formatFloat(1, 'e', -1)).isEqualTo("1e+00");
        assertThat(GoFormat.formatFloat(1234.5, 'e', -1)).isEqualTo("1.2345e+03");
        assertThat(GoFormat.formatFloat(0, 'e', 2)).isEqualTo("0.00e+00");
        assertThat(GoFormat.sprintf("%.2f%%", List.of(99.555))).isEqualTo("99.56%");
        assertThat(GoFormat.sprintf("%5.1f|%-4d|%04d|%s|%q|%v", List.of(3.14159, 7L, 42L, "x", "a\"b", 0.5)))
                .isEqualTo("  3.1|7   |0042|x|\"a\\\"b\"|0.5");
        assertThat(GoFormat.sprintf("%d %s", List.of(1.5))).isEqualTo("%!d(float64=1.5) %!s(MISSING)");
        assertThat(GoFormat.sprintf("%d", List.of(1L, 2L))).isEqualTo("1%!(EXTRA int=2)");
    }

    @Test
    void labelsValueAndExternalLabels() {
        Map<String, String> labels = Map.of("pod", "api-7", "namespace", "shop");
        assertThat(run("{{ $labels.pod }} in {{ .Labels.namespace }} is at {{ $value }}", labels, 1234567))
                .isEqualTo("api-7 in shop is at 1.234567e+06");
        assertThat(run("{{ $value | humanize }} / {{ .Value | printf \"%.2f\" }}", labels, 0.125)).isEqualTo("125m / 0.12");
        assertThat(run("{{ $externalLabels.cluster }} {{ .ExternalURL }}{{ $externalURL }}", labels, 0))
                .isEqualTo("eu1 https://pharos.example/https://pharos.example/");
        assertThat(run("[{{ $labels.missing }}]", labels, 0)).isEqualTo("[<no value>]");
        assertThat(run("{{ $value }}", labels, 100)).isEqualTo("100");
        assertThat(run("{{ $value }}", labels, 0.5)).isEqualTo("0.5");
        assertThat(run("{{ $value }}", labels, Double.NaN)).isEqualTo("NaN");
    }

    @Test
    void stringFunctions() {
        assertThat(run("{{ \"aa bb CC\" | title }}|{{ \"aa bb CC\" | toUpper }}|{{ \"aa bb CC\" | toLower }}"))
                .isEqualTo("Aa Bb CC|AA BB CC|aa bb cc");
        assertThat(run("{{ match \"a+\" \"aa\" }} {{ match \"a+\" \"b\" }}")).isEqualTo("true false");
        assertThat(run("{{ reReplaceAll \"(a)b\" \"x$1\" \"ab\" }}")).isEqualTo("xa");
        assertThat(run("{{ reReplaceAll \"(?P<host>[a-z]+):[0-9]+\" \"${host}\" \"web:80 db:5432\" }}")).isEqualTo("web db");
        assertThat(run("{{ \"foo.com:12345\" | stripPort }} {{ \"[2001:0DB8::1]:12345\" | stripPort }} {{ \"foo.com\" | stripPort }}"))
                .isEqualTo("foo.com 2001:0DB8::1 foo.com");
        assertThat(run("{{ \"foo.example.com\" | stripDomain }} {{ \"foo.example.com:12345\" | stripDomain }} "
                + "{{ \"192.0.2.1:12345\" | stripDomain }}")).isEqualTo("foo foo:12345 192.0.2.1:12345");
        assertThat(run("{{ \"1h30m\" | parseDuration }}")).isEqualTo("5400");
        assertThat(run("{{ tableLink \"up == 0\" }}")).isEqualTo("/graph?g0.expr=up+%3D%3D+0&g0.tab=1");
        assertThat(run("{{ len \"héllo\" }} {{ index $labels \"a\" }}", Map.of("a", "b"), 0)).isEqualTo("6 b");
    }

    @Test
    void conditionalsAndRange() {
        String t = "{{ if gt $value 100.0 }}high{{ else if gt $value 10 }}medium{{ else }}low{{ end }}";
        assertThat(run(t, Map.of(), 500)).isEqualTo("high");
        assertThat(run(t, Map.of(), 50)).isEqualTo("medium");
        assertThat(run(t, Map.of(), 5)).isEqualTo("low");
        assertThat(run("{{ if eq $labels.env \"prod\" }}page{{ end }}", Map.of("env", "prod"), 0)).isEqualTo("page");
        assertThat(run("{{ if and (lt $value 1.0) (ne $labels.env \"dev\") }}yes{{ end }}", Map.of("env", "prod"), 0.5)).isEqualTo("yes");
        assertThat(run("{{ range $k, $v := $labels }}{{ $k }}={{ $v }};{{ end }}", Map.of("b", "2", "a", "1"), 0)).isEqualTo("a=1;b=2;");
        assertThat(run("{{ range .Labels }}{{ . }},{{ else }}none{{ end }}", Map.of(), 0)).isEqualTo("none");
        assertThat(run("{{ with $labels.pod }}pod {{ . }}{{ else }}no pod{{ end }}", Map.of("pod", "p1"), 0)).isEqualTo("pod p1");
        assertThat(run("{{ $x := humanize $value }}v={{ $x }}", Map.of(), 2000)).isEqualTo("v=2k");
        assertThat(run("a  {{- \" b \" -}}  c\n{{/* a comment */}}d")).isEqualTo("a b c\nd");
    }

    @Test
    void queryFunction() {
        TemplateData data = new TemplateData(Map.of(), Map.of(), "", 0,
                expr -> List.of(new TemplateData.QuerySample(Map.of("job", "api"), 42)));
        assertThat(Template.parse("t", "{{ query \"up\" | first | value }} {{ with query \"up\" }}{{ . | first | label \"job\" }}{{ end }}")
                .execute(data)).isEqualTo("42 api");
    }

    @Test
    void parseErrorsLikeGo() {
        assertThatThrownBy(() -> Template.parse("__alert_X", "{{ $value | humanise }}"))
                .hasMessage("template: __alert_X:1: function \"humanise\" not defined");
        assertThatThrownBy(() -> Template.parse("__alert_X", "line1\n{{ $nope }}"))
                .hasMessage("template: __alert_X:2: undefined variable \"$nope\"");
        assertThatThrownBy(() -> Template.parse("__alert_X", "{{ if $value }}x")).hasMessageContaining("unexpected EOF");
        assertThatThrownBy(() -> Template.parse("__alert_X", "x{{ end }}")).hasMessageContaining("unexpected {{end}}");
        assertThatThrownBy(() -> Template.parse("__alert_X", "{{ $labels.pod ")).hasMessageContaining("unclosed action");
        assertThatThrownBy(() -> Template.parse("__alert_X", "{{ }}")).hasMessageContaining("missing value for command");
        assertThatThrownBy(() -> Template.parse("__alert_X", "{{ template \"x\" }}")).hasMessageContaining("not supported");
    }

    @Test
    void executionErrors() {
        assertThatThrownBy(() -> run("{{ humanize $labels.pod }}", Map.of("pod", "abc"), 0))
                .hasMessageContaining("error calling humanize: strconv.ParseFloat: parsing \"abc\": invalid syntax");
        assertThatThrownBy(() -> run("{{ humanize 1 2 }}")).hasMessageContaining("wrong number of args for humanize: want 1 got 2");
        assertThat(run("{{ humanize \"1234\" }}")).isEqualTo("1.234k");
    }
}
