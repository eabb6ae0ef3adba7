package io.kin.rules.sql;

import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.ArrayConstructor;
import net.sf.jsqlparser.expression.ArrayExpression;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.CaseExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.TimeKeyExpression;
import net.sf.jsqlparser.expression.TrimFunction;
import net.sf.jsqlparser.expression.WhenClause;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.Concat;
import net.sf.jsqlparser.expression.operators.arithmetic.Division;
import net.sf.jsqlparser.expression.operators.arithmetic.IntegerDivision;
import net.sf.jsqlparser.expression.operators.arithmetic.Modulo;
import net.sf.jsqlparser.expression.operators.arithmetic.Multiplication;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExistsExpression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.parser.SimpleNode;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.Select;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns JSqlParser expressions into evaluator nodes, resolving field names, functions and literal patterns once.
 * Errors point at the offending part of the user's SQL.
 */
final class ExpressionCompiler {

    private final PreparedSql sql;
    /** SELECT aliases visible to WHERE (alias to select item index); null while compiling SELECT items. */
    private final Map<String, Integer> aliases;
    private boolean usesAliases;

    ExpressionCompiler(PreparedSql sql, Map<String, Integer> aliases) {
        this.sql = sql;
        this.aliases = aliases;
    }

    boolean usesAliases() {
        return usesAliases;
    }

    /** {@code at}: where to report a problem of {@code e} if JSqlParser kept no position for it. */
    Expr compile(Expression e, int at) {
        int offset = offsetOf(e, at);
        if (e instanceof NullValue) {
            return new Expr.Literal(null);
        }
        if (e instanceof LongValue v) {
            return new Expr.Literal(Values.normalize(new BigInteger(v.getStringValue())));
        }
        if (e instanceof DoubleValue v) {
            return new Expr.Literal(v.getValue());
        }
        if (e instanceof StringValue v) {
            return string(v, offset);
        }
        if (e instanceof BooleanValue v) {
            return new Expr.Literal(v.getValue());
        }
        if (e instanceof Column c) {
            return column(c, offset);
        }
        if (e instanceof ParenthesedExpressionList<?> list) {
            if (list.size() != 1) {
                throw sql.source.error("a list of values is only allowed after IN", offset);
            }
            return compile(list.get(0), offset);
        }
        if (e instanceof SignedExpression s) {
            return signed(s, offset);
        }
        if (e instanceof BinaryExpression b) {
            return binary(b, offset);
        }
        if (e instanceof NotExpression n) {
            return new Logic.Not(compile(n.getExpression(), offset));
        }
        if (e instanceof Between b) {
            return new Predicates.Between(compile(b.getLeftExpression(), offset),
                    compile(b.getBetweenExpressionStart(), offset), compile(b.getBetweenExpressionEnd(), offset),
                    b.isNot());
        }
        if (e instanceof InExpression in) {
            return in(in, offset);
        }
        if (e instanceof IsNullExpression n) {
            return new Predicates.IsNull(compile(n.getLeftExpression(), offset), n.isNot());
        }
        if (e instanceof CaseExpression c) {
            return caseWhen(c, offset);
        }
        if (e instanceof CastExpression c) {
            return cast(c, offset);
        }
        if (e instanceof Function f) {
            return function(f, offset);
        }
        if (e instanceof TrimFunction t) {
            if (t.getTrimSpecification() != null || t.getFromExpression() != null) {
                throw sql.source.error("only trim(text) is supported", offset);
            }
            return function("trim", List.of(t.getExpression()), offset);
        }
        if (e instanceof ArrayExpression a) {
            if (a.getIndexExpression() == null) {
                throw sql.source.error("list slices are not supported", offset);
            }
            return new Conditionals.Index(compile(a.getObjExpression(), offset), compile(a.getIndexExpression(), offset));
        }
        throw unsupported(e, offset);
    }

    private RuleSqlException unsupported(Expression e, int offset) {
        if (e instanceof Select || e instanceof ExistsExpression) {
            return sql.source.error("subqueries are not supported", offset);
        }
        if (e instanceof AnalyticExpression) {
            return sql.source.error("window functions are not supported", offset);
        }
        if (e instanceof TimeKeyExpression) {
            return sql.source.error("'" + e + "' is not supported; use now()", offset);
        }
        return sql.source.error("unsupported expression '" + textOf(e) + "'", offset);
    }

    private Expr string(StringValue v, int offset) {
        if (v.getPrefix() != null) {
            throw sql.source.error("string prefixes (" + v.getPrefix() + "'...') are not supported", offset);
        }
        return new Expr.Literal(v.getValue().replace("''", "'"));
    }

    private Expr signed(SignedExpression s, int offset) {
        Expression inner = s.getExpression();
        switch (s.getSign()) {
            case '-':
                if (inner instanceof LongValue v) {
                    return new Expr.Literal(Values.normalize(new BigInteger(v.getStringValue()).negate()));
                }
                if (inner instanceof DoubleValue v) {
                    return new Expr.Literal(-v.getValue());
                }
                return new Arithmetic.Negate(compile(inner, offset));
            case '+':
                return new Arithmetic.Plus(compile(inner, offset));
            default:
                throw sql.source.error("operator '" + s.getSign() + "' is not supported", offset);
        }
    }

    private Expr binary(BinaryExpression b, int offset) {
        if (b instanceof LikeExpression like) {
            return like(like, offset);
        }
        Expr left = compile(b.getLeftExpression(), offset);
        Expr right = compile(b.getRightExpression(), offset);
        if (b instanceof AndExpression) {
            return new Logic.And(left, right);
        }
        if (b instanceof OrExpression) {
            return new Logic.Or(left, right);
        }
        if (b instanceof Concat) {
            return new Arithmetic.Concat(left, right);
        }
        Arithmetic.Op arithmetic = b instanceof Addition ? Arithmetic.Op.ADD
                : b instanceof Subtraction ? Arithmetic.Op.SUBTRACT
                : b instanceof Multiplication ? Arithmetic.Op.MULTIPLY
                : b instanceof Division ? Arithmetic.Op.DIVIDE
                : b instanceof IntegerDivision ? Arithmetic.Op.DIV
                : b instanceof Modulo ? Arithmetic.Op.MODULO
                : null;
        if (arithmetic != null) {
            return new Arithmetic(arithmetic, left, right);
        }
        Comparison.Op comparison = b instanceof EqualsTo ? Comparison.Op.EQUAL
                : b instanceof NotEqualsTo ? Comparison.Op.NOT_EQUAL
                : b instanceof MinorThan ? Comparison.Op.LESS
                : b instanceof MinorThanEquals ? Comparison.Op.LESS_OR_EQUAL
                : b instanceof GreaterThan ? Comparison.Op.GREATER
                : b instanceof GreaterThanEquals ? Comparison.Op.GREATER_OR_EQUAL
                : null;
        if (comparison != null) {
            return new Comparison(comparison, left, right);
        }
        throw sql.source.error("operator '" + b.getStringExpression() + "' is not supported", offset);
    }

    private Expr like(LikeExpression like, int offset) {
        LikeExpression.KeyWord keyword = like.getLikeKeyWord();
        if (keyword != LikeExpression.KeyWord.LIKE && keyword != LikeExpression.KeyWord.ILIKE) {
            throw sql.source.error(keyword + " is not supported; use LIKE", offset);
        }
        boolean ignoreCase = keyword == LikeExpression.KeyWord.ILIKE;
        char escape = '\\';
        if (like.getEscape() != null) {
            Expr e = compile(like.getEscape(), offset);
            if (!(e instanceof Expr.Literal l) || !(l.value() instanceof String s) || s.length() != 1) {
                throw sql.source.error("ESCAPE takes a single character in quotes",
                        sql.offsetOfKeyword("ESCAPE", offset));
            }
            escape = s.charAt(0);
        }
        Expr value = compile(like.getLeftExpression(), offset);
        Expr pattern = compile(like.getRightExpression(), offset);
        LikePattern compiled = null;
        if (pattern instanceof Expr.Literal l && l.value() != null) {
            try {
                compiled = LikePattern.compile(Values.toText(l.value()), escape, ignoreCase);
            } catch (RuleEvaluationException e) {
                throw sql.source.error(e.getMessage(), offsetOf(like.getRightExpression(), offset));
            }
        }
        return new Predicates.Like(value, pattern, compiled, escape, ignoreCase, like.isNot());
    }

    private Expr in(InExpression in, int offset) {
        Expression right = in.getRightExpression();
        if (!(right instanceof ExpressionList<?> list) || right instanceof Select) {
            throw sql.source.error("IN takes a list of values in parentheses; subqueries are not supported",
                    offsetOf(right, offset));
        }
        Expr[] options = new Expr[list.size()];
        for (int i = 0; i < options.length; i++) {
            options[i] = compile(list.get(i), offset);
        }
        return new Predicates.In(compile(in.getLeftExpression(), offset), options, in.isNot());
    }

    private Expr caseWhen(CaseExpression c, int offset) {
        List<WhenClause> whens = c.getWhenClauses();
        Expr[] conditions = new Expr[whens.size()];
        Expr[] results = new Expr[whens.size()];
        for (int i = 0; i < conditions.length; i++) {
            conditions[i] = compile(whens.get(i).getWhenExpression(), offset);
            results[i] = compile(whens.get(i).getThenExpression(), offset);
        }
        Expr otherwise = c.getElseExpression() == null ? null : compile(c.getElseExpression(), offset);
        if (c.getSwitchExpression() == null) {
            return new Conditionals.SearchedCase(conditions, results, otherwise);
        }
        return new Conditionals.SimpleCase(compile(c.getSwitchExpression(), offset), conditions, results, otherwise);
    }

    private Expr cast(CastExpression c, int offset) {
        if (c.keyword != null && !c.keyword.equalsIgnoreCase("CAST")) {
            throw sql.source.error(c.keyword + " is not supported; use CAST", offset);
        }
        String typeName = c.getColDataType().getDataType();
        Cast.Type type = Cast.Type.named(typeName);
        if (type == null) {
            throw sql.source.error("unknown type '" + typeName + "' in CAST; use int, float, string or bool", offset);
        }
        return new Cast(compile(c.getLeftExpression(), offset), type);
    }

    private Expr function(Function f, int offset) {
        FieldPath path = sql.paths.get(offset);
        String name = path != null ? path.text() : f.getName();
        Functions.Definition definition = Functions.find(name);
        if (definition == null) {
            throw sql.source.error("unknown function '" + name + "'", offset);
        }
        if (f.isDistinct() || f.isAllColumns() || f.getNamedParameters() != null || f.getKeep() != null
                || f.getOrderByElements() != null || f.getAttribute() != null || f.isIgnoreNulls()
                || f.getHavingClause() != null || f.getLimit() != null) {
            throw sql.source.error("unsupported call syntax for " + name + "()", offset);
        }
        ExpressionList<?> params = f.getParameters();
        return function(definition.name(), params == null ? List.of() : params, offset);
    }

    private Expr function(String name, List<? extends Expression> params, int offset) {
        Functions.Definition definition = Functions.find(name);
        if (params.size() < definition.minArgs() || params.size() > definition.maxArgs()) {
            throw sql.source.error(name + "() takes " + definition.arity() + ", got " + params.size(), offset);
        }
        List<Expr> args = new ArrayList<>(params.size());
        for (Expression p : params) {
            args.add(compile(p, offset));
        }
        try {
            return definition.binder().bind(args);
        } catch (IllegalArgumentException e) {
            throw sql.source.error(e.getMessage(), offset);
        }
    }

    private Expr column(Column c, int offset) {
        FieldPath path = sql.paths.get(offset);
        String name = c.getFullyQualifiedName();
        if (path == null && c.getTable() == null && name.startsWith("\"")) {
            // EMQX users write strings in double quotes; silently reading a field of that name would never match
            throw sql.source.error("double quotes make a field name; write text in single quotes: '"
                    + name.substring(1, name.length() - 1).replace("'", "''") + "'", offset);
        }
        if (path == null && name.length() > 1 && name.startsWith("`") && name.endsWith("`")) {
            name = name.substring(1, name.length() - 1);
        }
        if (path == null) {
            try {
                path = FieldPath.parse(name);
            } catch (FieldPath.BadPath e) {
                throw sql.source.error("invalid field name '" + name + "'", offset);
            }
        }
        Expr expr = resolve(path);
        ArrayConstructor indexes = c.getArrayConstructor();
        if (indexes != null) {
            for (Expression index : indexes.getExpressions()) {
                expr = new Conditionals.Index(expr, compile(index, offset));
            }
        }
        return expr;
    }

    /** In WHERE a SELECT alias wins over an input field of the same name. */
    Expr resolve(FieldPath path) {
        if (aliases != null) {
            Integer column = aliases.get(path.head());
            if (column != null) {
                usesAliases = true;
                return new FieldRef.Alias(column, path);
            }
        }
        return FieldRef.toInput(path);
    }

    /** Offset of the first token of {@code e} in the SQL, or {@code fallback} when JSqlParser kept none. */
    int offsetOf(Expression e, int fallback) {
        SimpleNode node = e.getASTNode();
        if (node != null && node.jjtGetFirstToken() != null) {
            Token t = node.jjtGetFirstToken();
            return sql.source.offset(t.beginLine, t.beginColumn);
        }
        if (e instanceof BinaryExpression b) {
            return offsetOf(b.getLeftExpression(), fallback);
        }
        if (e instanceof Between b) {
            return offsetOf(b.getLeftExpression(), fallback);
        }
        if (e instanceof IsNullExpression n) {
            return offsetOf(n.getLeftExpression(), fallback);
        }
        return fallback;
    }

    /** The user's text of {@code e} where JSqlParser kept its extent, its own rendering otherwise. */
    private String textOf(Expression e) {
        SimpleNode node = e.getASTNode();
        if (node != null && node.jjtGetFirstToken() != null && node.jjtGetLastToken() != null) {
            Token first = node.jjtGetFirstToken();
            Token last = node.jjtGetLastToken();
            int start = sql.source.offset(first.beginLine, first.beginColumn);
            int end = sql.source.offset(last.endLine, last.endColumn) + 1;
            if (end > start) {
                return sql.source.text().substring(start, end);
            }
        }
        return e.toString();
    }
}
