package io.kin.rules.sql;

import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserConstants;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.parser.TokenMgrException;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** SQL text to {@link CompiledRule}: prepare, parse with JSqlParser, reject what the dialect lacks, compile. */
final class RuleCompiler {

    private static final Pattern LEXICAL_POSITION = Pattern.compile("line (\\d+), column (\\d+)");

    private final PreparedSql sql;

    private RuleCompiler(PreparedSql sql) {
        this.sql = sql;
    }

    static CompiledRule compile(String text, Clock clock) {
        RuleCompiler compiler = new RuleCompiler(PreparedSql.prepare(text));
        return compiler.compile(compiler.parse(), clock);
    }

    private Statement parse() {
        String text = sql.parserText;
        try {
            try {
                return parse(text, false);
            } catch (ParseException simpleFailed) {
                // as CCJSqlParserUtil does: retry with backtracking unless the nesting makes that too slow
                if (CCJSqlParserUtil.getNestingDepth(text) > CCJSqlParserUtil.ALLOWED_NESTING_DEPTH) {
                    throw simpleFailed;
                }
                return parse(text, true);
            }
        } catch (ParseException e) {
            throw syntaxError(e);
        } catch (TokenMgrException e) {
            Matcher m = LEXICAL_POSITION.matcher(String.valueOf(e.getMessage()));
            int offset = m.find() ? sql.source.offset(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)))
                    : sql.fromOffset;
            throw sql.source.error("syntax error: unexpected character", offset);
        }
    }

    private static Statement parse(String text, boolean complex) throws ParseException {
        CCJSqlParser parser = CCJSqlParserUtil.newParser(text).withAllowComplexParsing(complex);
        Statement statement = parser.Statement();
        Token next = parser.getNextToken();
        if (next.kind != CCJSqlParserConstants.EOF) {
            // Statement() stops after one statement; leftovers are an error at their first token
            ParseException leftover = new ParseException("unexpected " + next.image);
            leftover.currentToken = new Token();
            leftover.currentToken.next = next;
            throw leftover;
        }
        return statement;
    }

    private RuleSqlException syntaxError(ParseException e) {
        Token token = e.currentToken == null ? null : e.currentToken.next;
        if (token == null || token.kind == CCJSqlParserConstants.EOF) {
            return sql.source.error("syntax error: unexpected end of SQL", sql.source.length());
        }
        int offset = sql.source.offset(token.beginLine, token.beginColumn);
        String text = token.image.equals(PreparedSql.SOURCES_PLACEHOLDER) && offset < sql.afterSourcesOffset
                && offset > sql.fromOffset ? "FROM sources" : "'" + sql.originalText(offset, token.image.length()) + "'";
        return sql.source.error("syntax error: unexpected " + text, offset);
    }

    private CompiledRule compile(Statement statement, Clock clock) {
        if (statement instanceof SetOperationList) {
            throw unsupported("UNION, INTERSECT and EXCEPT are", firstKeyword("UNION", "INTERSECT", "EXCEPT", "MINUS"));
        }
        if (!(statement instanceof PlainSelect select)) {
            throw sql.source.error("a rule must be a plain SELECT statement", 0);
        }
        rejectUnsupportedClauses(select);
        checkFrom(select);
        List<SelectItem<?>> items = select.getSelectItems();
        List<OutputColumn> columns = new ArrayList<>(items.size());
        Map<String, Integer> aliases = new HashMap<>();
        Set<String> names = new HashSet<>();
        ExpressionCompiler selectCompiler = new ExpressionCompiler(sql, null);
        for (int i = 0; i < items.size(); i++) {
            SelectItem<?> item = items.get(i);
            PreparedSql.ItemText text = items.size() == sql.items.size() ? sql.items.get(i) : null;
            int at = text != null ? text.start() : sql.fromOffset;
            OutputColumn column = column(item, text, selectCompiler, at);
            if (item.getAlias() != null) {
                aliases.put(((OutputColumn.Named) column).name(), i);
            }
            String name = column instanceof OutputColumn.Named n ? n.name() : null;
            if (name != null && !names.add(name)) {
                throw sql.source.error("duplicate output name '" + name + "'; give the columns different aliases", at);
            }
            columns.add(column);
        }
        Expr where = null;
        boolean whereUsesAliases = false;
        if (select.getWhere() != null) {
            ExpressionCompiler whereCompiler = new ExpressionCompiler(sql, aliases);
            where = whereCompiler.compile(select.getWhere(), sql.offsetOfKeyword("WHERE"));
            whereUsesAliases = whereCompiler.usesAliases();
        }
        return new CompiledRule(sql.source.text(), sql.sources, columns, where, whereUsesAliases, clock);
    }

    private OutputColumn column(SelectItem<?> item, PreparedSql.ItemText text, ExpressionCompiler compiler, int at) {
        Expression e = item.getExpression();
        if (e instanceof AllTableColumns) {
            throw sql.source.error("'" + e + "' is not supported; use *", at);
        }
        if (e instanceof AllColumns) {
            if (item.getAlias() != null) {
                throw sql.source.error("* cannot have an alias", at);
            }
            return new OutputColumn.AllFields();
        }
        Expr expr = compiler.compile(e, at);
        Alias alias = item.getAlias();
        if (alias != null) {
            if (alias.getAliasColumns() != null && !alias.getAliasColumns().isEmpty()) {
                throw sql.source.error("column lists in aliases are not supported", at);
            }
            return new OutputColumn.Named(unquote(alias.getName()), expr);
        }
        if (e instanceof Column c && c.getArrayConstructor() == null && expr instanceof FieldRef ref) {
            FieldPath path = pathOf(ref);
            if (path.length() == 1) {
                return new OutputColumn.Named(path.head(), expr);
            }
            if (path.onlyKeys()) {
                return new OutputColumn.Nested(List.copyOf(path.keys()), expr);
            }
        }
        return new OutputColumn.Named(text != null ? text.text() : e.toString(), expr);
    }

    private static FieldPath pathOf(FieldRef ref) {
        if (ref instanceof FieldRef.Slot s) {
            return s.path();
        }
        if (ref instanceof FieldRef.Payload p) {
            return p.path();
        }
        if (ref instanceof FieldRef.Named n) {
            return n.path();
        }
        return ((FieldRef.Alias) ref).path();
    }

    private static String unquote(String name) {
        if (name.length() >= 2) {
            char first = name.charAt(0);
            char last = name.charAt(name.length() - 1);
            if ((first == '"' || first == '\'' || first == '`') && first == last) {
                String quote = String.valueOf(first);
                return name.substring(1, name.length() - 1).replace(quote + quote, quote);
            }
        }
        return name;
    }

    private void rejectUnsupportedClauses(PlainSelect s) {
        reject(s.getDistinct() != null, "DISTINCT is", "DISTINCT");
        reject(s.getTop() != null, "TOP is", "TOP");
        reject(s.getFirst() != null || s.getSkip() != null, "FIRST and SKIP are", "FIRST");
        reject(s.getIntoTables() != null || s.getIntoTempTable() != null, "INTO is", "INTO");
        reject(s.getJoins() != null && !s.getJoins().isEmpty(), "JOIN is", "JOIN");
        reject(s.getGroupBy() != null, "GROUP BY is", "GROUP");
        reject(s.getHaving() != null, "HAVING is", "HAVING");
        reject(s.getOrderByElements() != null, "ORDER BY is", "ORDER");
        reject(s.getLimit() != null || s.getLimitBy() != null, "LIMIT is", "LIMIT");
        reject(s.getOffset() != null, "OFFSET is", "OFFSET");
        reject(s.getFetch() != null, "FETCH is", "FETCH");
        reject(s.getQualify() != null, "QUALIFY is", "QUALIFY");
        reject(s.getWindowDefinitions() != null || s.getKsqlWindow() != null, "WINDOW is", "WINDOW");
        reject(s.getLateralViews() != null, "LATERAL VIEW is", "LATERAL");
        reject(s.getOracleHierarchical() != null, "CONNECT BY is", "CONNECT");
        reject(s.getForMode() != null || s.getForUpdateTable() != null || s.getForClause() != null
                || s.getForXmlPath() != null, "FOR clauses are", "FOR");
        reject(s.getWithItemsList() != null, "WITH is", "WITH");
        reject(s.getSampleClause() != null, "TABLESAMPLE is", "TABLESAMPLE");
        reject(s.getIsolation() != null, "isolation clauses are", "WITH");
        reject(s.getPivot() != null || s.getUnPivot() != null, "PIVOT is", "PIVOT");
    }

    private void reject(boolean present, String what, String keyword) {
        if (present) {
            throw unsupported(what, sql.offsetOfKeyword(keyword));
        }
    }

    private RuleSqlException unsupported(String what, int offset) {
        return sql.source.error(what + " not supported in rule SQL", offset);
    }

    private int firstKeyword(String... words) {
        int best = sql.source.length();
        for (String word : words) {
            int at = sql.offsetOfKeyword(word);
            if (at != sql.fromOffset) {
                best = Math.min(best, at);
            }
        }
        return best == sql.source.length() ? sql.fromOffset : best;
    }

    private void checkFrom(PlainSelect select) {
        if (!(select.getFromItem() instanceof Table table) || !table.getName().equals(PreparedSql.SOURCES_PLACEHOLDER)) {
            throw sql.source.error("FROM takes quoted topic filters or $events/... names", sql.fromOffset);
        }
        if (table.getAlias() != null || table.getPivot() != null || table.getUnPivot() != null) {
            throw sql.source.error("unexpected text after the FROM sources", sql.afterSourcesOffset);
        }
    }
}
