package dev.pharos.query.promql.parse;

import dev.pharos.query.promql.ast.AggregateExpr;
import dev.pharos.query.promql.ast.AggregationOp;
import dev.pharos.query.promql.ast.AtModifier;
import dev.pharos.query.promql.ast.BinaryExpr;
import dev.pharos.query.promql.ast.BinaryOp;
import dev.pharos.query.promql.ast.Call;
import dev.pharos.query.promql.ast.Expr;
import dev.pharos.query.promql.ast.Function;
import dev.pharos.query.promql.ast.Functions;
import dev.pharos.query.promql.ast.MatrixSelector;
import dev.pharos.query.promql.ast.NumberLiteral;
import dev.pharos.query.promql.ast.ParenExpr;
import dev.pharos.query.promql.ast.PositionRange;
import dev.pharos.query.promql.ast.StringLiteral;
import dev.pharos.query.promql.ast.SubqueryExpr;
import dev.pharos.query.promql.ast.UnaryExpr;
import dev.pharos.query.promql.ast.ValueType;
import dev.pharos.query.promql.ast.VectorMatching;
import dev.pharos.query.promql.ast.VectorMatching.Cardinality;
import dev.pharos.query.promql.ast.VectorSelector;
import dev.pharos.query.promql.storage.GoStrings;
import dev.pharos.query.promql.storage.LabelMatcher;
import dev.pharos.query.promql.storage.Labels;
import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser for PromQL with precedence climbing for binary operators. It type-checks while it builds
 * the tree, so a returned expression is valid. Errors are {@link ParseException}s in Prometheus's wording.
 */
public final class Parser {

    private static final int UNARY_OPERAND_PRECEDENCE = BinaryOp.POW.precedence();

    private final Lexer lexer;
    private final String input;
    private final DurationExpressions durations;

    private Parser(String input, long queryStepMs, long queryRangeMs) {
        this.input = input;
        this.lexer = new Lexer(input);
        this.durations = new DurationExpressions(this, lexer, queryStepMs, queryRangeMs);
    }

    /** Parses and type-checks a PromQL expression; step() and range() in durations count as 0. */
    public static Expr parse(String input) {
        return parse(input, 0, 0);
    }

    /**
     * Parses and type-checks a PromQL expression of a query with this step and range (end - start), which is what
     * {@code step()} and {@code range()} stand for inside duration expressions such as {@code rate(x[2*step()])}.
     */
    public static Expr parse(String input, long queryStepMs, long queryRangeMs) {
        Parser p = new Parser(input, queryStepMs, queryRangeMs);
        Token first = p.lexer.peek();
        if (first.type() == TokenType.EOF) {
            throw p.error(new PositionRange(0, 0), "no expression found in input");
        }
        Expr e = p.parseExpr(0);
        Token t = p.lexer.next();
        if (t.type() != TokenType.EOF) {
            throw p.unexpected(t, "", "");
        }
        return e;
    }

    /**
     * Parses a metric written as a selector with equality matchers only ({@code up{job="api"}} or
     * {@code {__name__="up"}}) into its labels.
     */
    public static Labels parseMetric(String input) {
        Parser p = new Parser(input, 0, 0);
        Token t = p.lexer.peek();
        List<LabelMatcher> matchers;
        if (t.type() == TokenType.LEFT_BRACE) {
            p.lexer.next();
            Matchers m = p.parseMatchers(t.start());
            matchers = new ArrayList<>(m.matchers);
            if (m.nameFromString != null) {
                matchers.add(LabelMatcher.equal(Labels.METRIC_NAME, m.nameFromString));
            }
        } else {
            Token name = p.lexer.next();
            if (!isMetricNameToken(name)) {
                throw p.unexpected(name, "series description", "metric name or \"{\"");
            }
            matchers = new ArrayList<>();
            if (p.lexer.peek().type() == TokenType.LEFT_BRACE) {
                Token brace = p.lexer.next();
                matchers.addAll(p.parseMatchers(brace.start()).matchers);
            }
            matchers.add(LabelMatcher.equal(Labels.METRIC_NAME, name.text()));
        }
        Token end = p.lexer.next();
        if (end.type() != TokenType.EOF) {
            throw p.unexpected(end, "series description", "");
        }
        Labels.Builder b = Labels.builder();
        for (LabelMatcher m : matchers) {
            if (m.type() != LabelMatcher.Type.EQUAL) {
                throw p.error(new PositionRange(0, input.length()), "only equality matchers are allowed in a series description");
            }
            b.set(m.name(), m.value());
        }
        return b.build();
    }

    private static boolean isMetricNameToken(Token t) {
        return t.type() == TokenType.IDENTIFIER || t.type() == TokenType.METRIC_IDENTIFIER || t.type().isKeyword()
                || t.type() == TokenType.AGGREGATOR || t.type() == TokenType.AND || t.type() == TokenType.OR
                || t.type() == TokenType.UNLESS || t.type() == TokenType.ATAN2 || t.type() == TokenType.BITAND
                || t.type() == TokenType.BITOR || t.type() == TokenType.BITXOR;
    }

    ParseException error(PositionRange pos, String msg) {
        return new ParseException(pos, msg, input);
    }

    ParseException unexpected(Token t, String context, String expected) {
        StringBuilder sb = new StringBuilder("unexpected ").append(t.describe());
        if (!context.isEmpty()) {
            sb.append(" in ").append(context);
        }
        if (!expected.isEmpty()) {
            sb.append(", expected ").append(expected);
        }
        return error(t.range(), sb.toString());
    }

    Token expect(TokenType type, String context, String expected) {
        Token t = lexer.next();
        if (t.type() != type) {
            throw unexpected(t, context, expected);
        }
        return t;
    }

    private boolean accept(TokenType type) {
        if (lexer.peek().type() == type) {
            lexer.next();
            return true;
        }
        return false;
    }

    // ---- expressions ----

    private Expr parseExpr(int minPrecedence) {
        Expr lhs = parseUnary();
        while (true) {
            BinaryOp op = binaryOp(lexer.peek().type());
            if (op == null || op.precedence() < minPrecedence) {
                return lhs;
            }
            Token opToken = lexer.next();
            boolean returnBool = accept(TokenType.BOOL);
            VectorMatching matching = parseMatching(op);
            int next = op.rightAssociative() ? op.precedence() : op.precedence() + 1;
            Expr rhs = parseExpr(next);
            lhs = binary(op, opToken, lhs, rhs, matching, returnBool);
        }
    }

    static BinaryOp binaryOp(TokenType t) {
        return switch (t) {
            case ADD -> BinaryOp.ADD;
            case SUB -> BinaryOp.SUB;
            case MUL -> BinaryOp.MUL;
            case DIV -> BinaryOp.DIV;
            case MOD -> BinaryOp.MOD;
            case POW -> BinaryOp.POW;
            case ATAN2 -> BinaryOp.ATAN2;
            case BITAND -> BinaryOp.BITAND;
            case BITOR -> BinaryOp.BITOR;
            case BITXOR -> BinaryOp.BITXOR;
            case EQLC -> BinaryOp.EQL;
            case NEQ -> BinaryOp.NEQ;
            case LTE -> BinaryOp.LTE;
            case LSS -> BinaryOp.LSS;
            case GTE -> BinaryOp.GTE;
            case GTR -> BinaryOp.GTR;
            case AND -> BinaryOp.AND;
            case OR -> BinaryOp.OR;
            case UNLESS -> BinaryOp.UNLESS;
            default -> null;
        };
    }

    private VectorMatching parseMatching(BinaryOp op) {
        return parseFill(parseOnIgnoring(op));
    }

    /** fill(v), fill_left(v), fill_right(v): recognized as modifiers only when followed by '('. */
    private VectorMatching parseFill(VectorMatching m) {
        Double left = null;
        Double right = null;
        while (true) {
            Token t = lexer.peek();
            if (t.type() != TokenType.IDENTIFIER || !(t.text().equals("fill") || t.text().equals("fill_left")
                    || t.text().equals("fill_right"))) {
                break;
            }
            if (!lexer.peekIsLeftParenAfterIdentifier()) {
                break;
            }
            lexer.next();
            expect(TokenType.LEFT_PAREN, "fill modifier", "\"(\"");
            double v = signedNumber("fill modifier");
            expect(TokenType.RIGHT_PAREN, "fill modifier", "\")\"");
            switch (t.text()) {
                case "fill" -> {
                    left = v;
                    right = v;
                }
                case "fill_left" -> left = v;
                default -> right = v;
            }
        }
        if (left == null && right == null) {
            return m;
        }
        if (m.cardinality() == Cardinality.MANY_TO_MANY) {
            throw error(lexer.peek().range(), "fill modifiers are not allowed with set operators");
        }
        return m.withFill(left, right);
    }

    private double signedNumber(String context) {
        Token t = lexer.next();
        int sign = 1;
        if (t.type() == TokenType.SUB || t.type() == TokenType.ADD) {
            sign = t.type() == TokenType.SUB ? -1 : 1;
            t = lexer.next();
        }
        if (t.type() == TokenType.NUMBER) {
            return sign * t.number();
        }
        if (t.type() == TokenType.DURATION) {
            return sign * t.millis() / 1000.0;
        }
        throw unexpected(t, context, "number");
    }

    private VectorMatching parseOnIgnoring(BinaryOp op) {
        Token t = lexer.peek();
        if (t.type() != TokenType.ON && t.type() != TokenType.IGNORING) {
            if (t.type() == TokenType.GROUP_LEFT || t.type() == TokenType.GROUP_RIGHT) {
                throw unexpected(t, "", "");
            }
            return VectorMatching.defaultFor(op);
        }
        lexer.next();
        boolean on = t.type() == TokenType.ON;
        List<String> labels = parseGroupingLabels(on ? "on" : "ignoring");
        Cardinality card = op.isSetOperator() ? Cardinality.MANY_TO_MANY : Cardinality.ONE_TO_ONE;
        List<String> include = List.of();
        Token g = lexer.peek();
        if (g.type() == TokenType.GROUP_LEFT || g.type() == TokenType.GROUP_RIGHT) {
            lexer.next();
            card = g.type() == TokenType.GROUP_LEFT ? Cardinality.MANY_TO_ONE : Cardinality.ONE_TO_MANY;
            if (lexer.peek().type() == TokenType.LEFT_PAREN) {
                include = parseGroupingLabels(g.type() == TokenType.GROUP_LEFT ? "group_left" : "group_right");
            }
        }
        return new VectorMatching(card, labels, on, include);
    }

    /** {@code ( label, ... )} as used by by/without/on/ignoring/group_x. */
    private List<String> parseGroupingLabels(String context) {
        expect(TokenType.LEFT_PAREN, "grouping opts", "\"(\"");
        List<String> labels = new ArrayList<>();
        while (true) {
            Token t = lexer.next();
            if (t.type() == TokenType.RIGHT_PAREN) {
                lastClosingParen = t.end();
                return labels;
            }
            if (t.type() == TokenType.STRING) {
                labels.add(t.string());
            } else if (isGroupingLabelToken(t)) {
                labels.add(t.text());
            } else {
                throw unexpected(t, "grouping opts", "label");
            }
            Token sep = lexer.next();
            if (sep.type() == TokenType.RIGHT_PAREN) {
                lastClosingParen = sep.end();
                return labels;
            }
            if (sep.type() != TokenType.COMMA) {
                throw unexpected(sep, "grouping opts", "\",\" or \")\"");
            }
        }
    }

    private static boolean isGroupingLabelToken(Token t) {
        return t.type() == TokenType.IDENTIFIER || t.type().isKeyword() || t.type() == TokenType.AGGREGATOR
                || t.type() == TokenType.AND || t.type() == TokenType.OR || t.type() == TokenType.UNLESS
                || t.type() == TokenType.ATAN2 || (t.type() == TokenType.NUMBER && Lexer.isAlpha(t.text().charAt(0)));
    }

    private Expr parseUnary() {
        Token t = lexer.peek();
        if (t.type() == TokenType.ADD || t.type() == TokenType.SUB) {
            lexer.next();
            Expr operand = parseExpr(UNARY_OPERAND_PRECEDENCE);
            boolean negate = t.type() == TokenType.SUB;
            PositionRange pos = new PositionRange(t.start(), operand.pos().end());
            if (operand instanceof NumberLiteral n) {
                return new NumberLiteral(negate ? -n.value() : n.value(), n.duration(), pos);
            }
            ValueType type = operand.type();
            if (type != ValueType.SCALAR && type != ValueType.VECTOR) {
                throw error(pos, "unary expression only allowed on expressions of type scalar or instant vector, got "
                        + GoStrings.quote(type.documentedName()));
            }
            return new UnaryExpr(negate, operand, pos);
        }
        return parsePostfix(parsePrimary());
    }

    private Expr parsePrimary() {
        Token t = lexer.next();
        switch (t.type()) {
            case NUMBER -> {
                return new NumberLiteral(t.number(), false, t.range());
            }
            case DURATION -> {
                return new NumberLiteral(t.millis() / 1000.0, true, t.range());
            }
            case STRING -> {
                return new StringLiteral(t.string(), t.range());
            }
            case LEFT_PAREN -> {
                Expr inner = parseExpr(0);
                Token close = expect(TokenType.RIGHT_PAREN, "paren expression", "\")\"");
                return new ParenExpr(inner, new PositionRange(t.start(), close.end()));
            }
            case LEFT_BRACE -> {
                Matchers m = parseMatchers(t.start());
                return selector(null, m.matchers, new PositionRange(t.start(), m.end), m.nameFromString);
            }
            case IDENTIFIER, METRIC_IDENTIFIER -> {
                if (t.type() == TokenType.IDENTIFIER && lexer.peek().type() == TokenType.LEFT_PAREN) {
                    return parseCall(t);
                }
                return namedSelector(t);
            }
            case AGGREGATOR -> {
                TokenType next = lexer.peek().type();
                if (next == TokenType.LEFT_PAREN || next == TokenType.BY || next == TokenType.WITHOUT) {
                    return parseAggregate(t);
                }
                // Prometheus's grammar lets these keywords name a metric, as in "foo * sum".
                return namedSelector(t);
            }
            case START, END -> {
                if (lexer.peek().type() == TokenType.LEFT_PAREN) {
                    return parseCall(t);
                }
                return namedSelector(t);
            }
            case OFFSET, BY, WITHOUT, AND, OR, UNLESS -> {
                return namedSelector(t);
            }
            default -> throw unexpected(t, "", "");
        }
    }

    private Expr namedSelector(Token t) {
        List<LabelMatcher> matchers = new ArrayList<>();
        int end = t.end();
        String nameInBraces = null;
        if (lexer.peek().type() == TokenType.LEFT_BRACE) {
            Token brace = lexer.next();
            Matchers m = parseMatchers(brace.start());
            matchers.addAll(m.matchers);
            end = m.end;
            nameInBraces = m.nameFromString;
        }
        PositionRange pos = new PositionRange(t.start(), end);
        if (nameInBraces != null) {
            throw error(pos, "metric name must not be set twice: " + GoStrings.quote(t.text()) + " or "
                    + GoStrings.quote(nameInBraces));
        }
        for (LabelMatcher m : matchers) {
            if (m.name().equals(Labels.METRIC_NAME)) {
                throw error(pos, "metric name must not be set twice: " + GoStrings.quote(t.text()) + " or "
                        + GoStrings.quote(m.value()));
            }
        }
        matchers.add(LabelMatcher.equal(Labels.METRIC_NAME, t.text()));
        return selector(t.text(), matchers, pos, null);
    }

    private Expr selector(String name, List<LabelMatcher> matchers, PositionRange pos, String nameFromString) {
        List<LabelMatcher> all = new ArrayList<>(matchers);
        String effectiveName = name;
        if (nameFromString != null) {
            all.add(LabelMatcher.equal(Labels.METRIC_NAME, nameFromString));
            effectiveName = nameFromString;
        }
        boolean nonEmpty = false;
        for (LabelMatcher m : all) {
            if (!m.matchesEmpty()) {
                nonEmpty = true;
                break;
            }
        }
        if (!nonEmpty && !labelSelectorContext) {
            throw error(pos, "vector selector must contain at least one non-empty matcher");
        }
        return new VectorSelector(effectiveName, all, 0, null, pos);
    }

    private record Matchers(List<LabelMatcher> matchers, int end, String nameFromString) {}

    /** Parses matchers after '{' up to and including '}'. A bare string is the metric name. */
    private Matchers parseMatchers(int braceStart) {
        List<LabelMatcher> matchers = new ArrayList<>();
        String name = null;
        while (true) {
            Token t = lexer.next();
            if (t.type() == TokenType.RIGHT_BRACE) {
                return new Matchers(matchers, t.end(), name);
            }
            String label;
            if (t.type() == TokenType.IDENTIFIER) {
                label = t.text();
            } else if (t.type() == TokenType.STRING) {
                label = t.string();
                TokenType next = lexer.peek().type();
                if (next == TokenType.COMMA || next == TokenType.RIGHT_BRACE) {
                    if (name != null) {
                        throw error(t.range(), "metric name must not be set twice: " + GoStrings.quote(name) + " or "
                                + GoStrings.quote(label));
                    }
                    name = label;
                    if (next == TokenType.COMMA) {
                        lexer.next();
                    }
                    continue;
                }
            } else {
                throw unexpected(t, "label matching", "identifier or \"}\"");
            }
            Token op = lexer.next();
            LabelMatcher.Type type = switch (op.type()) {
                case ASSIGN -> LabelMatcher.Type.EQUAL;
                case NEQ -> LabelMatcher.Type.NOT_EQUAL;
                case EQL_REGEX -> LabelMatcher.Type.REGEX;
                case NEQ_REGEX -> LabelMatcher.Type.NOT_REGEX;
                default -> throw unexpected(op, "label matching", "label matching operator");
            };
            Token value = lexer.next();
            if (value.type() != TokenType.STRING) {
                throw unexpected(value, "label matching", "string");
            }
            try {
                matchers.add(LabelMatcher.of(type, label, value.string()));
            } catch (IllegalArgumentException e) {
                throw error(new PositionRange(t.start(), value.end()), e.getMessage());
            }
            Token sep = lexer.next();
            if (sep.type() == TokenType.RIGHT_BRACE) {
                return new Matchers(matchers, sep.end(), name);
            }
            if (sep.type() != TokenType.COMMA) {
                throw unexpected(sep, "label matching", "\",\" or \"}\"");
            }
        }
    }

    private Expr parseCall(Token nameToken) {
        String name = nameToken.text();
        Function fn = Functions.get(name);
        if (fn == null && java.util.Set.of("step", "range", "start", "end").contains(name.toLowerCase(java.util.Locale.ROOT))) {
            fn = Functions.get(name.toLowerCase(java.util.Locale.ROOT));
        }
        if (fn == null) {
            throw error(nameToken.range(), "unknown function with name " + GoStrings.quote(name));
        }
        lexer.next(); // '('
        List<Expr> args = new ArrayList<>();
        Token close;
        if (lexer.peek().type() == TokenType.RIGHT_PAREN) {
            close = lexer.next();
        } else {
            while (true) {
                // The second argument of info() is a label selector, which may match the empty value only.
                labelSelectorContext = fn.name().equals("info") && args.size() == 1;
                try {
                    args.add(parseExpr(0));
                } finally {
                    labelSelectorContext = false;
                }
                Token sep = lexer.next();
                if (sep.type() == TokenType.RIGHT_PAREN) {
                    close = sep;
                    break;
                }
                if (sep.type() != TokenType.COMMA) {
                    throw unexpected(sep, "function call", "\",\" or \")\"");
                }
                if (lexer.peek().type() == TokenType.RIGHT_PAREN) {
                    throw error(sep.range(), "trailing commas not allowed in function call args");
                }
            }
        }
        PositionRange pos = new PositionRange(nameToken.start(), close.end());
        checkCall(fn, args, pos);
        return new Call(fn, args, pos);
    }

    private void checkCall(Function fn, List<Expr> args, PositionRange pos) {
        int n = args.size();
        if (fn.variadic() == 0) {
            if (n != fn.argTypes().size()) {
                throw error(pos, "expected " + fn.argTypes().size() + " argument(s) in call to " + GoStrings.quote(fn.name())
                        + ", got " + n);
            }
        } else if (n < fn.minArgs()) {
            throw error(pos, "expected at least " + fn.minArgs() + " argument(s) in call to " + GoStrings.quote(fn.name())
                    + ", got " + n);
        } else if (n > fn.maxArgs()) {
            throw error(pos, "expected at most " + fn.maxArgs() + " argument(s) in call to " + GoStrings.quote(fn.name())
                    + ", got " + n);
        }
        for (int i = 0; i < n; i++) {
            expectType(args.get(i), fn.argType(i), "call to function " + GoStrings.quote(fn.name()));
        }
        if (fn.name().equals("info") && n > 1) {
            Expr selectors = args.get(1);
            if (!(selectors instanceof VectorSelector vs) || vs.offsetMs() != 0 || vs.at() != null) {
                throw error(selectors.pos(), "expected label selectors only");
            }
            if (vs.name() != null) {
                throw error(selectors.pos(), "expected label selectors only, got vector selector instead");
            }
        }
    }

    private void expectType(Expr e, ValueType want, String context) {
        ValueType got = e.type();
        if (got != want) {
            throw error(e.pos(), "expected type " + want.documentedName() + " in " + context + ", got "
                    + got.documentedName());
        }
    }

    private Expr parseAggregate(Token opToken) {
        AggregationOp op = AggregationOp.fromKeyword(opToken.text());
        List<String> grouping = List.of();
        boolean without = false;
        boolean modifierBefore = false;
        Token t = lexer.peek();
        if (t.type() == TokenType.BY || t.type() == TokenType.WITHOUT) {
            lexer.next();
            without = t.type() == TokenType.WITHOUT;
            grouping = parseGroupingLabels(without ? "without" : "by");
            modifierBefore = true;
        }
        Token open = lexer.next();
        if (open.type() != TokenType.LEFT_PAREN) {
            throw unexpected(open, "aggregation", "\"(\"");
        }
        List<Expr> args = new ArrayList<>();
        Token close;
        if (lexer.peek().type() == TokenType.RIGHT_PAREN) {
            close = lexer.next();
        } else {
            while (true) {
                args.add(parseExpr(0));
                Token sep = lexer.next();
                if (sep.type() == TokenType.RIGHT_PAREN) {
                    close = sep;
                    break;
                }
                if (sep.type() != TokenType.COMMA) {
                    throw unexpected(sep, "aggregation", "\",\" or \")\"");
                }
                if (lexer.peek().type() == TokenType.RIGHT_PAREN) {
                    throw error(sep.range(), "trailing commas not allowed in function call args");
                }
            }
        }
        int end = close.end();
        Token after = lexer.peek();
        if (after.type() == TokenType.BY || after.type() == TokenType.WITHOUT) {
            if (modifierBefore) {
                throw unexpected(after, "", "");
            }
            lexer.next();
            without = after.type() == TokenType.WITHOUT;
            grouping = parseGroupingLabels(without ? "without" : "by");
            end = lastClosingParen;
        }
        PositionRange pos = new PositionRange(opToken.start(), end);
        if (args.isEmpty()) {
            throw error(pos, "no arguments for aggregate expression provided");
        }
        int desired = op.hasParam() ? 2 : 1;
        if (args.size() != desired) {
            throw error(pos, "wrong number of arguments for aggregate expression provided, expected " + desired + ", got "
                    + args.size());
        }
        Expr param = op.hasParam() ? unwrapParens(args.get(0)) : null;
        Expr expr = args.get(desired - 1);
        expectType(expr, ValueType.VECTOR, "aggregation expression");
        if (op == AggregationOp.COUNT_VALUES) {
            expectType(param, ValueType.STRING, "aggregation parameter");
        } else if (param != null) {
            expectType(param, ValueType.SCALAR, "aggregation parameter");
        }
        return new AggregateExpr(op, expr, param, grouping, without, pos);
    }

    private int lastClosingParen;
    private boolean labelSelectorContext;

    private static Expr unwrapParens(Expr e) {
        while (e instanceof ParenExpr p) {
            e = p.expr();
        }
        return e;
    }

    // ---- postfix modifiers: [range], [range:step], offset, @ ----

    private Expr parsePostfix(Expr e) {
        while (true) {
            Token t = lexer.peek();
            switch (t.type()) {
                case LEFT_BRACKET -> e = parseRangeOrSubquery(e);
                case OFFSET -> e = parseOffset(e);
                case AT -> e = parseAt(e);
                case IDENTIFIER -> {
                    if (!t.text().equals("anchored") && !t.text().equals("smoothed")) {
                        return e;
                    }
                    lexer.next();
                    e = extendedRange(e, t);
                }
                default -> {
                    return e;
                }
            }
        }
    }

    private Expr extendedRange(Expr e, Token t) {
        VectorSelector.ExtendedRange mode = t.text().equals("anchored")
                ? VectorSelector.ExtendedRange.ANCHORED : VectorSelector.ExtendedRange.SMOOTHED;
        switch (e) {
            case MatrixSelector ms -> {
                if (ms.selector().extended() != VectorSelector.ExtendedRange.NONE) {
                    throw error(t.range(), "anchored or smoothed may only be set once");
                }
                return new MatrixSelector(ms.selector().withExtended(mode), ms.rangeMs(), ms.pos());
            }
            case VectorSelector vs when mode == VectorSelector.ExtendedRange.SMOOTHED -> {
                if (vs.extended() != VectorSelector.ExtendedRange.NONE) {
                    throw error(t.range(), "anchored or smoothed may only be set once");
                }
                return vs.withExtended(mode);
            }
            default -> throw error(t.range(), t.text() + " modifier must be preceded by a "
                    + (mode == VectorSelector.ExtendedRange.SMOOTHED ? "vector or " : "") + "range vector selector");
        }
    }

    private Expr parseRangeOrSubquery(Expr e) {
        Token open = lexer.next();
        String context = "subquery or range selector";
        int rangeStart = lexer.peek().start();
        long range = durations.inBrackets(context);
        PositionRange rangePos = new PositionRange(rangeStart, lexer.lastEnd());
        if (range <= 0 && lexer.peek().type() != TokenType.COLON) {
            throw error(rangePos, "duration must be greater than 0");
        }
        Token colon = lexer.peek();
        if (accept(TokenType.COLON)) {
            if (lexer.peek().type() == TokenType.COLON) {
                throw error(colon.range(), "aligned subqueries ([range::step]) are not supported");
            }
            long step = 0;
            if (lexer.peek().type() != TokenType.RIGHT_BRACKET) {
                int stepStart = lexer.peek().start();
                step = durations.inBrackets(context);
                if (step <= 0) {
                    throw error(new PositionRange(stepStart, lexer.lastEnd()), "duration must be greater than 0");
                }
            }
            Token close = expect(TokenType.RIGHT_BRACKET, "subquery selector", "\"]\"");
            if (e.type() != ValueType.VECTOR) {
                throw error(e.pos().to(close.range()), "subquery is only allowed on instant vector, got "
                        + e.type().documentedName() + " instead");
            }
            if (range <= 0) {
                throw error(rangePos, "duration must be greater than 0");
            }
            return new SubqueryExpr(e, range, step, 0, null, new PositionRange(e.pos().start(), close.end()));
        }
        Token close = expect(TokenType.RIGHT_BRACKET, "matrix selector", "\"]\" or \":\"");
        PositionRange pos = new PositionRange(e.pos().start(), close.end());
        PositionRange bracketPos = new PositionRange(open.start(), close.end());
        if (!(e instanceof VectorSelector vs)) {
            throw error(bracketPos, "ranges only allowed for vector selectors");
        }
        if (vs.offsetMs() != 0 || explicitOffset.contains(vs)) {
            throw error(bracketPos, "no offset modifiers allowed before range");
        }
        if (vs.at() != null) {
            throw error(bracketPos, "no @ modifiers allowed before range");
        }
        if (vs.extended() != VectorSelector.ExtendedRange.NONE) {
            throw error(bracketPos, "no smoothed modifier allowed before range");
        }
        return new MatrixSelector(vs, range, pos);
    }

    /** Selectors and subqueries given an offset, even one that evaluates to zero such as {@code offset step()}. */
    private final java.util.Set<Expr> explicitOffset = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    private Expr markOffset(Expr e) {
        explicitOffset.add(e);
        return e;
    }

    private Expr parseOffset(Expr e) {
        Token off = lexer.next();
        long offset = durations.afterOffset();
        PositionRange pos = new PositionRange(e.pos().start(), off.end());
        switch (e) {
            case VectorSelector vs -> {
                if (vs.offsetMs() != 0 || explicitOffset.contains(vs)) {
                    throw error(pos, "offset may not be set multiple times");
                }
                return markOffset(vs.withOffset(offset, vs.pos()));
            }
            case MatrixSelector ms -> {
                if (ms.selector().offsetMs() != 0 || explicitOffset.contains(ms)) {
                    throw error(pos, "offset may not be set multiple times");
                }
                return markOffset(new MatrixSelector(ms.selector().withOffset(offset, ms.selector().pos()), ms.rangeMs(), ms.pos()));
            }
            case SubqueryExpr sq -> {
                if (sq.offsetMs() != 0 || explicitOffset.contains(sq)) {
                    throw error(pos, "offset may not be set multiple times");
                }
                return markOffset(sq.withOffset(offset, sq.pos()));
            }
            default -> throw error(e.pos(),
                    "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery");
        }
    }

    /** Go's %f: exact decimal expansion rounded to six places, and +Inf/-Inf/NaN spelled Go's way. */
    private static String goFixed(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return new java.math.BigDecimal(v).setScale(6, java.math.RoundingMode.HALF_EVEN).toPlainString();
    }

    private Expr parseAt(Expr e) {
        Token at = lexer.next();
        AtModifier modifier;
        Token t = lexer.next();
        if (t.type() == TokenType.START || t.type() == TokenType.END) {
            expect(TokenType.LEFT_PAREN, "@ modifier", "\"(\"");
            expect(TokenType.RIGHT_PAREN, "@ modifier", "\")\"");
            modifier = t.type() == TokenType.START ? AtModifier.START : AtModifier.END;
        } else {
            int sign = 1;
            if (t.type() == TokenType.SUB || t.type() == TokenType.ADD) {
                sign = t.type() == TokenType.SUB ? -1 : 1;
                t = lexer.next();
            }
            double secs;
            if (t.type() == TokenType.NUMBER) {
                secs = t.number();
            } else if (t.type() == TokenType.DURATION) {
                secs = t.millis() / 1000.0;
            } else {
                throw unexpected(t, "@", "timestamp");
            }
            secs *= sign;
            double ms = Math.rint(secs * 1000);
            if (Double.isNaN(secs) || Double.isInfinite(secs) || ms > Long.MAX_VALUE || ms < Long.MIN_VALUE) {
                throw error(e.pos(), "timestamp out of bounds for @ modifier: " + goFixed(secs));
            }
            modifier = AtModifier.at((long) ms);
        }
        PositionRange pos = new PositionRange(e.pos().start(), at.end());
        switch (e) {
            case VectorSelector vs -> {
                if (vs.at() != null) {
                    throw error(pos, "@ <timestamp> may not be set multiple times");
                }
                return vs.withAt(modifier, vs.pos());
            }
            case MatrixSelector ms -> {
                if (ms.selector().at() != null) {
                    throw error(pos, "@ <timestamp> may not be set multiple times");
                }
                return new MatrixSelector(ms.selector().withAt(modifier, ms.selector().pos()), ms.rangeMs(), ms.pos());
            }
            case SubqueryExpr sq -> {
                if (sq.at() != null) {
                    throw error(pos, "@ <timestamp> may not be set multiple times");
                }
                return sq.withAt(modifier, sq.pos());
            }
            default -> throw error(e.pos(),
                    "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery");
        }
    }

    // ---- binary expressions ----

    private Expr binary(BinaryOp op, Token opToken, Expr lhs, Expr rhs, VectorMatching matching, boolean returnBool) {
        PositionRange pos = new PositionRange(lhs.pos().start(), rhs.pos().end());
        PositionRange opPos = opToken.range();
        ValueType lt = lhs.type();
        ValueType rt = rhs.type();
        if (returnBool && !op.isComparison()) {
            throw error(opPos, "bool modifier can only be used on comparison operators");
        }
        if (op.isComparison() && !returnBool && lt == ValueType.SCALAR && rt == ValueType.SCALAR) {
            throw error(opPos, "comparisons between scalars must use BOOL modifier");
        }
        if (matching.on()) {
            for (String l : matching.matchingLabels()) {
                if (matching.include().contains(l)) {
                    throw error(opPos, "label " + GoStrings.quote(l) + " must not occur in ON and GROUP clause at once");
                }
            }
        }
        if (lt != ValueType.SCALAR && lt != ValueType.VECTOR) {
            throw error(lhs.pos(), "binary expression must contain only scalar and instant vector types");
        }
        if (rt != ValueType.SCALAR && rt != ValueType.VECTOR) {
            throw error(rhs.pos(), "binary expression must contain only scalar and instant vector types");
        }
        VectorMatching vm = matching;
        if (lt != ValueType.VECTOR || rt != ValueType.VECTOR) {
            if (!matching.matchingLabels().isEmpty()) {
                throw error(pos, "vector matching only allowed between instant vectors");
            }
            vm = null;
        } else if (op.isSetOperator()) {
            if (vm.cardinality() == Cardinality.ONE_TO_MANY || vm.cardinality() == Cardinality.MANY_TO_ONE) {
                throw error(pos, "no grouping allowed for " + GoStrings.quote(op.symbol()) + " operation");
            }
        }
        if (vm == null && matching.hasFill()) {
            throw error(pos, "fill modifiers are only allowed between instant vectors");
        }
        if ((lt == ValueType.SCALAR || rt == ValueType.SCALAR) && op.isSetOperator()) {
            throw error(pos, "set operator " + GoStrings.quote(op.symbol()) + " not allowed in binary scalar expression");
        }
        return new BinaryExpr(op, lhs, rhs, vm, returnBool, pos);
    }
}
