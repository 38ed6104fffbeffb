package dev.pharos.query.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pharos.query.promql.ast.AggregateExpr;
import dev.pharos.query.promql.ast.AtModifier;
import dev.pharos.query.promql.ast.BinaryExpr;
import dev.pharos.query.promql.ast.BinaryOp;
import dev.pharos.query.promql.ast.Call;
import dev.pharos.query.promql.ast.Expr;
import dev.pharos.query.promql.ast.MatrixSelector;
import dev.pharos.query.promql.ast.NumberLiteral;
import dev.pharos.query.promql.ast.StringLiteral;
import dev.pharos.query.promql.ast.SubqueryExpr;
import dev.pharos.query.promql.ast.UnaryExpr;
import dev.pharos.query.promql.ast.ValueType;
import dev.pharos.query.promql.ast.VectorMatching;
import dev.pharos.query.promql.ast.VectorSelector;
import dev.pharos.query.promql.parse.ParseException;
import dev.pharos.query.promql.parse.Parser;
import dev.pharos.query.promql.storage.LabelMatcher;
import dev.pharos.query.promql.storage.Labels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PromqlParserTest {

    private static double number(String q) {
        return ((NumberLiteral) Parser.parse(q)).value();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1|1", "12.34e6|12340000", ".2|0.2", "2.|2", "0x1F|31", "-0.2e-6|-0.0000002", "+5|5",
        "1h30m|5400", "5m|300", "0755|493", "-0755|-493", "08|8", "1_000|1000", "0X_1F|31", "1s500ms|1.5", "1y|31536000", "1w|604800"
    })
    void numbersAndDurationsAsNumbers(String query, double expected) {
        assertThat(number(query)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Inf", "inF", "+Inf", "INF"})
    void infinityIsCaseInsensitive(String q) {
        assertThat(number(q)).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void nanAndNegativeInfinity() {
        assertThat(number("nan")).isNaN();
        assertThat(number("-inf")).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void stringLiteralsUnescapeLikeGo() {
        assertThat(((StringLiteral) Parser.parse("\"a\\tb\\\"c\\u00e9\"")).value()).isEqualTo("a\tb\"cé");
        assertThat(((StringLiteral) Parser.parse("'it\\'s'")).value()).isEqualTo("it's");
        assertThat(((StringLiteral) Parser.parse("`raw\\n`")).value()).isEqualTo("raw\\n");
        assertThat(((StringLiteral) Parser.parse("\"\\x41\\101\"")).value()).isEqualTo("AA");
    }

    @Test
    void selectorWithNameAndMatchers() {
        VectorSelector vs = (VectorSelector) Parser.parse("http_requests_total{job=~\"api.*\", code!=\"200\", x!~\"y\", env=\"prod\"}");
        assertThat(vs.name()).isEqualTo("http_requests_total");
        assertThat(vs.matchers()).extracting(LabelMatcher::type).containsExactly(LabelMatcher.Type.REGEX,
                LabelMatcher.Type.NOT_EQUAL, LabelMatcher.Type.NOT_REGEX, LabelMatcher.Type.EQUAL, LabelMatcher.Type.EQUAL);
        assertThat(vs.matchers().getLast()).isEqualTo(LabelMatcher.equal(Labels.METRIC_NAME, "http_requests_total"));
    }

    @Test
    void utf8QuotedNames() {
        VectorSelector vs = (VectorSelector) Parser.parse("{\"my.metric\", \"a.b\"=\"x\"}");
        assertThat(vs.name()).isEqualTo("my.metric");
        assertThat(vs.matchers()).contains(LabelMatcher.equal("a.b", "x"), LabelMatcher.equal("__name__", "my.metric"));
        assertThat(vs.toString()).isEqualTo("{\"my.metric\",\"a.b\"=\"x\"}");
        assertThat(Parser.parse(vs.toString())).isInstanceOf(VectorSelector.class);
    }

    @Test
    void keywordsAreLabelNamesInsideBraces() {
        VectorSelector vs = (VectorSelector) Parser.parse("up{on=\"1\", by=\"2\", sum=\"3\", offset=\"4\"}");
        assertThat(vs.matchers()).hasSize(5);
    }

    @Test
    void metricNamesMayContainColons() {
        assertThat(((VectorSelector) Parser.parse("job:rate5m:sum")).name()).isEqualTo("job:rate5m:sum");
    }

    @Test
    void rangeOffsetAndAt() {
        MatrixSelector ms = (MatrixSelector) Parser.parse("rate_me[5m] offset -1h @ 1609746000");
        assertThat(ms.rangeMs()).isEqualTo(300_000);
        assertThat(ms.selector().offsetMs()).isEqualTo(-3_600_000);
        assertThat(ms.selector().at()).isEqualTo(AtModifier.at(1_609_746_000_000L));
        assertThat(ms.toString()).isEqualTo("rate_me[5m] @ 1609746000.000 offset -1h");
        VectorSelector vs = (VectorSelector) Parser.parse("x @ start() offset 5m");
        assertThat(vs.at()).isEqualTo(AtModifier.START);
        assertThat(((VectorSelector) Parser.parse("x @ end()")).at()).isEqualTo(AtModifier.END);
    }

    @Test
    void subqueries() {
        SubqueryExpr sq = (SubqueryExpr) ((Call) Parser.parse("max_over_time(rate(x[1m])[1h:5m])")).args().getFirst();
        assertThat(sq.rangeMs()).isEqualTo(3_600_000);
        assertThat(sq.stepMs()).isEqualTo(300_000);
        SubqueryExpr noStep = (SubqueryExpr) Parser.parse("sum(x)[30m:] offset 1m");
        assertThat(noStep.stepMs()).isZero();
        assertThat(noStep.offsetMs()).isEqualTo(60_000);
        assertThat(noStep.toString()).isEqualTo("sum(x)[30m:] offset 1m");
    }

    @Test
    void precedenceAndAssociativity() {
        assertThat(Parser.parse("1 + 2 * 3").toString()).isEqualTo("1 + 2 * 3");
        BinaryExpr plus = (BinaryExpr) Parser.parse("a + b * c");
        assertThat(plus.op()).isEqualTo(BinaryOp.ADD);
        assertThat(((BinaryExpr) plus.rhs()).op()).isEqualTo(BinaryOp.MUL);
        BinaryExpr pow = (BinaryExpr) Parser.parse("a ^ b ^ c");
        assertThat(pow.rhs()).isInstanceOf(BinaryExpr.class);
        BinaryExpr minus = (BinaryExpr) Parser.parse("a - b - c");
        assertThat(minus.lhs()).isInstanceOf(BinaryExpr.class);
        BinaryExpr or = (BinaryExpr) Parser.parse("a or b and c unless d");
        assertThat(or.op()).isEqualTo(BinaryOp.OR);
        assertThat(((BinaryExpr) or.rhs()).op()).isEqualTo(BinaryOp.UNLESS);
        BinaryExpr cmp = (BinaryExpr) Parser.parse("a + 1 > b atan2 c");
        assertThat(cmp.op()).isEqualTo(BinaryOp.GTR);
    }

    @Test
    void unaryMinusBindsLooserThanPower() {
        Expr e = Parser.parse("-2 ^ 2");
        assertThat(e).isInstanceOf(UnaryExpr.class);
        assertThat(e.toString()).isEqualTo("-2 ^ 2");
    }

    @Test
    void unaryMinusOnPowerIsAUnaryExpression() {
        Expr e = Parser.parse("-x ^ 2");
        assertThat(e).isInstanceOf(UnaryExpr.class);
        assertThat(((UnaryExpr) e).expr()).isInstanceOf(BinaryExpr.class);
        assertThat(Parser.parse("- - - 1")).isEqualTo(new NumberLiteral(-1, false, Parser.parse("- - - 1").pos()));
    }

    @Test
    void vectorMatchingModifiers() {
        BinaryExpr b = (BinaryExpr) Parser.parse("a * on (instance, job) group_left (role) b");
        VectorMatching m = b.matching();
        assertThat(m.on()).isTrue();
        assertThat(m.matchingLabels()).containsExactly("instance", "job");
        assertThat(m.cardinality()).isEqualTo(VectorMatching.Cardinality.MANY_TO_ONE);
        assertThat(m.include()).containsExactly("role");
        assertThat(b.toString()).isEqualTo("a * on (instance, job) group_left (role) b");
        BinaryExpr set = (BinaryExpr) Parser.parse("a and ignoring(x) b");
        assertThat(set.matching().cardinality()).isEqualTo(VectorMatching.Cardinality.MANY_TO_MANY);
        BinaryExpr scalar = (BinaryExpr) Parser.parse("a > bool 1");
        assertThat(scalar.returnBool()).isTrue();
        assertThat(scalar.matching()).isNull();
    }

    @Test
    void fillModifiers() {
        BinaryExpr b = (BinaryExpr) Parser.parse("a + fill_left(5) fill_right(7) b");
        assertThat(b.matching().fillLeft()).isEqualTo(5);
        assertThat(b.matching().fillRight()).isEqualTo(7);
        BinaryExpr metricNamedFill = (BinaryExpr) Parser.parse("a + fill");
        assertThat(metricNamedFill.matching().hasFill()).isFalse();
    }

    @Test
    void aggregationsWithGroupingBeforeOrAfter() {
        AggregateExpr before = (AggregateExpr) Parser.parse("sum by (job) (x)");
        AggregateExpr after = (AggregateExpr) Parser.parse("SUM(x) BY (job)");
        assertThat(before.grouping()).containsExactly("job");
        assertThat(after.grouping()).containsExactly("job");
        assertThat(after.toString()).isEqualTo("sum by (job) (x)");
        AggregateExpr topk = (AggregateExpr) Parser.parse("topk without (instance) (3, x)");
        assertThat(topk.without()).isTrue();
        assertThat(topk.param()).isInstanceOf(NumberLiteral.class);
        AggregateExpr cv = (AggregateExpr) Parser.parse("count_values(\"v\", x)");
        assertThat(cv.param()).isInstanceOf(StringLiteral.class);
        assertThat(((AggregateExpr) Parser.parse("sum by (\"a.b\") (x)")).grouping()).containsExactly("a.b");
    }

    @Test
    void functionCallsAreTyped() {
        Call c = (Call) Parser.parse("histogram_quantile(0.9, sum by (le) (rate(x_bucket[5m])))");
        assertThat(c.type()).isEqualTo(ValueType.VECTOR);
        assertThat(Parser.parse("time()").type()).isEqualTo(ValueType.SCALAR);
        assertThat(Parser.parse("round(x)").type()).isEqualTo(ValueType.VECTOR);
        assertThat(Parser.parse("label_join(x, \"d\", \",\", \"a\", \"b\", \"c\")")).isInstanceOf(Call.class);
    }

    @Test
    void durationExpressions() {
        assertThat(((MatrixSelector) Parser.parse("x[2m*(10+5)]")).rangeMs()).isEqualTo(1_800_000);
        assertThat(((MatrixSelector) Parser.parse("x[step()*2]", 15_000, 0)).rangeMs()).isEqualTo(30_000);
        assertThat(((VectorSelector) Parser.parse("x offset (1m + 30s)")).offsetMs()).isEqualTo(90_000);
        BinaryExpr b = (BinaryExpr) Parser.parse("x offset 100 + 2");
        assertThat(((VectorSelector) b.lhs()).offsetMs()).isEqualTo(100_000);
    }

    @Test
    void extendedRangeModifiers() {
        MatrixSelector ms = (MatrixSelector) Parser.parse("x[5m] anchored");
        assertThat(ms.selector().extended()).isEqualTo(VectorSelector.ExtendedRange.ANCHORED);
        assertThat(ms.toString()).isEqualTo("x[5m] anchored");
        VectorSelector vs = (VectorSelector) Parser.parse("x smoothed");
        assertThat(vs.extended()).isEqualTo(VectorSelector.ExtendedRange.SMOOTHED);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "sum by (job) (rate(http_requests_total{job=~\"api|web\"}[5m] offset 1h))",
        "a * on (instance) group_right (role) b",
        "max_over_time(deriv(rate(x[1m])[5m:1m])[10m:])",
        "-x ^ 2 + 3 > bool 1",
        "topk(3, x) or bottomk by (a) (2, y)",
        "count_values without (instance) (\"version\", build_info)",
        "quantile(0.9, x) unless on () vector(1)",
        "label_replace(up, \"foo\", \"$1\", \"job\", \"(.*)\")",
        "x @ 100.500 offset 5m",
        "sum_over_time(x[1m:10s] @ end())",
        "{__name__=~\"a|b\", job!=\"\"}",
        "1 + 2 / (3 - 4) % 5 ^ 6 atan2 7",
        "absent_over_time(nonexistent{job=\"x\"}[1h])",
        "a + fill (0) b",
        "\"string\""
    })
    void printedExpressionsParseBackToTheSameTree(String query) {
        Expr first = Parser.parse(query);
        String printed = first.toString();
        Expr second = Parser.parse(printed);
        assertThat(second.toString()).isEqualTo(printed);
    }

    // ---- errors ----

    private static void assertError(String query, String message) {
        assertThatThrownBy(() -> Parser.parse(query)).isInstanceOf(ParseException.class).hasMessage(message);
    }

    @Test
    void syntaxErrorsCarryPositions() {
        assertError("foo * * bar", "1:7: parse error: unexpected <op:*>");
        assertError("sum(x", "1:6: parse error: unclosed left parenthesis");
        assertError("x)", "1:3: parse error: unexpected right parenthesis ')'");
        assertError("rate(x[5m]", "1:11: parse error: unclosed left parenthesis");
        assertError("x{a=\"b\"", "1:8: parse error: unexpected end of input inside braces");
        assertError("x{a=b}", "1:5: parse error: unexpected identifier \"b\" in label matching, expected string");
        assertError("\"abc", "1:1: parse error: unterminated quoted string");
        assertError("1 $ 2", "1:3: parse error: unexpected character: '$'");
        assertError("x[5x]", "1:3: parse error: bad number or duration syntax: \"5\"");
        assertError("2.5.", "1:1: parse error: bad number or duration syntax: \"2.5.\"");
        assertError("100..4", "1:1: parse error: bad number or duration syntax: \"100..\"");
        assertError("0deadbeef", "1:1: parse error: bad number or duration syntax: \"0de\"");
        assertError("x[1.5h]", "1:3: parse error: unknown unit \".\" in duration \"1.5h\"");
        assertError("x[5m1h]", "1:3: parse error: not a valid duration string: \"5m1h\"");
        assertError("# only a comment\n\n", "1:1: parse error: no expression found in input");
        assertError("", "1:1: parse error: no expression found in input");
        assertError("foo\n  + * 2", "2:5: parse error: unexpected <op:*>");
    }

    @Test
    void typeErrorsAsPrometheusWordsThem() {
        assertError("rate(x)", "1:6: parse error: expected type range vector in call to function \"rate\", got instant vector");
        assertError("abs(x[5m])", "1:5: parse error: expected type instant vector in call to function \"abs\", got range vector");
        assertError("1 > 2", "1:3: parse error: comparisons between scalars must use BOOL modifier");
        assertError("x + y[5m]", "1:5: parse error: binary expression must contain only scalar and instant vector types");
        assertError("1 and x", "1:1: parse error: set operator \"and\" not allowed in binary scalar expression");
        assertError("x + bool y", "1:3: parse error: bool modifier can only be used on comparison operators");
        assertError("x and on(a) group_left y", "1:1: parse error: no grouping allowed for \"and\" operation");
        assertError("nosuchfn(x)", "1:1: parse error: unknown function with name \"nosuchfn\"");
        assertError("abs(x, y)", "1:1: parse error: expected 1 argument(s) in call to \"abs\", got 2");
        assertError("round()", "1:1: parse error: expected at least 1 argument(s) in call to \"round\", got 0");
        assertError("sum(x, y)", "1:1: parse error: wrong number of arguments for aggregate expression provided, expected 1, got 2");
        assertError("topk(x)", "1:1: parse error: wrong number of arguments for aggregate expression provided, expected 2, got 1");
        assertError("sum()", "1:1: parse error: no arguments for aggregate expression provided");
        assertError("topk(\"a\", x)", "1:6: parse error: expected type scalar in aggregation parameter, got string");
        assertError("sum(x[5m])", "1:5: parse error: expected type instant vector in aggregation expression, got range vector");
        assertError("{}", "1:1: parse error: vector selector must contain at least one non-empty matcher");
        assertError("{a=~\".*\"}", "1:1: parse error: vector selector must contain at least one non-empty matcher");
        assertError("foo{__name__=\"bar\"}", "1:1: parse error: metric name must not be set twice: \"foo\" or \"bar\"");
        assertError("sum(x)[5m]", "1:7: parse error: ranges only allowed for vector selectors");
        assertError("x offset 5m[5m]", "1:12: parse error: no offset modifiers allowed before range");
        assertError("x offset 1m offset 2m", "1:1: parse error: offset may not be set multiple times");
        assertError("x @ 1 @ 2", "1:1: parse error: @ <timestamp> may not be set multiple times");
        assertError("sum(x) offset 5m", "1:1: parse error: offset modifier must be preceded by an instant vector selector or range vector selector or a subquery");
        assertError("x[5m][1h:]", "1:1: parse error: subquery is only allowed on instant vector, got range vector instead");
        assertError("-x[5m]", "1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got \"range vector\"");
        assertError("a * on(b) group_left(b) c", "1:3: parse error: label \"b\" must not occur in ON and GROUP clause at once");
        assertError("1 + on(a) 2", "1:1: parse error: vector matching only allowed between instant vectors");
        assertError("x{a=~\"(\"}", "1:3: parse error: invalid regular expression \"(\": Unclosed group");
    }
}
