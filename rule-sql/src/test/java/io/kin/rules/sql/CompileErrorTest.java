package io.kin.rules.sql;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Every rejected rule names the problem and its 1-based line and column in the SQL as the user wrote it. */
class CompileErrorTest {

    /** In the SQL column {@code \n} is a line break, {@code \t} a tab and {@code \r} a carriage return. */
    @ParameterizedTest(name = "{0} -> {1}:{2} {3}")
    @CsvSource(delimiterString = " | ", quoteCharacter = '`', ignoreLeadingAndTrailingWhitespace = true, textBlock = """
    # SQL                                                          | line | column | reason contains
    SELECT a FROM "t" WHERE a ==== 1                               | 1    | 27     | syntax error: unexpected '='
    SELECT a,\\n  b\\nFROM "t"\\nWHERE a = = 1                     | 4    | 9      | syntax error
    SELECT a FROM "t" WHERE (a = 1                                 | 1    | 31     | syntax error: unexpected end of SQL
    SELECT a,\\n  upper(b), frobnicate(c)\\nFROM "t"               | 2    | 13     | unknown function 'frobnicate'
    SELECT a FROM "t" WHERE upper(nope(a)) = 'X'                   | 1    | 31     | unknown function 'nope'
    SELECT\\ta,\\tfrobnicate(b)\\tFROM "t"                         | 1    | 11     | unknown function 'frobnicate'
    SELECT a\\r\\nFROM "t"\\r\\nWHERE nope(a)                      | 3    | 7      | unknown function 'nope'
    SELECT a\\rFROM "t"\\rWHERE nope(a)                            | 3    | 7      | unknown function 'nope'
    SELECT payload.a.b.c AS x, nope(payload.y) FROM "t"            | 1    | 28     | unknown function 'nope'
    SELECT payload.x(1) FROM "t"                                   | 1    | 8      | unknown function 'payload.x'
    SELECT count(*) FROM "t"                                       | 1    | 8      | unknown function 'count'
    SELECT substr('a') FROM "t"                                    | 1    | 8      | substr() takes 2 to 3 arguments, got 1
    SELECT a FROM "t" WHERE if(a, b) = 1                           | 1    | 25     | if() takes 3 arguments, got 2
    SELECT now(1) FROM "t"                                         | 1    | 8      | now() takes 0 arguments, got 1
    SELECT CAST(a AS blob) FROM "t"                                | 1    | 8      | unknown type 'blob' in CAST
    SELECT date_format(timestamp, 'yyyy-bbb') AS d FROM "t"        | 1    | 8      | date_format: invalid pattern 'yyyy-bbb'
    SELECT a FROM "t" WHERE a LIKE 'x' ESCAPE 'ab'                 | 1    | 36     | ESCAPE takes a single character
    SELECT a FROM "t"\\nGROUP BY a                                 | 2    | 1      | GROUP BY is not supported
    SELECT a FROM "t" WHERE a > 1 HAVING a > 2                     | 1    | 31     | HAVING is not supported
    SELECT a FROM "t" ORDER BY a                                   | 1    | 19     | ORDER BY is not supported
    SELECT a FROM "t" LIMIT 10                                     | 1    | 19     | LIMIT is not supported
    SELECT DISTINCT a FROM "t"                                     | 1    | 8      | DISTINCT is not supported
    SELECT a FROM "t" JOIN "u" ON a = b                            | 1    | 19     | JOIN is not supported
    SELECT a FROM "t" UNION SELECT b FROM "u"                      | 1    | 19     | UNION, INTERSECT and EXCEPT are not supported
    SELECT a FROM "t" WHERE a IN (SELECT b FROM "u")               | 1    | 30     | subqueries are not supported
    SELECT (SELECT 1) AS x FROM "t"                                | 1    | 8      | subqueries are not supported
    SELECT sum(a) OVER () AS s FROM "t"                            | 1    | 8      | window functions are not supported
    SELECT t.* FROM "t"                                            | 1    | 8      | 't.*' is not supported
    SELECT a AS x, b AS x FROM "t"                                 | 1    | 16     | duplicate output name 'x'
    SELECT a AS x.y FROM "t"                                       | 1    | 13     | an alias must be a simple name
    SELECT a FROM "t" WHERE clientid = "b7"                         | 1    | 36     | write text in single quotes: 'b7'
    SELECT a                                                       | 1    | 9      | missing FROM
    SELECT a WHERE a = 1                                           | 1    | 10     | missing FROM before WHERE
    SELECT a FROM                                                  | 1    | 14     | empty FROM
    SELECT a FROM WHERE a = 1                                      | 1    | 15     | empty FROM
    SELECT a FROM sensors                                          | 1    | 15     | FROM takes quoted topic filters
    SELECT a FROM "t" "u"                                          | 1    | 19     | missing ',' between FROM sources
    SELECT a FROM "t", u                                           | 1    | 20     | expected a quoted topic filter
    SELECT a FROM "t" x                                            | 1    | 19     | unexpected text after the FROM sources
    SELECT a FROM "sensors/#/x"                                    | 1    | 24     | '#' must be the last topic level in 'sensors/#/x'
    SELECT a FROM "a+/b"                                           | 1    | 17     | '+' must occupy a whole topic level in 'a+/b'
    SELECT a FROM "a/b#"                                           | 1    | 19     | '#' must occupy a whole topic level
    SELECT a FROM ""                                               | 1    | 16     | empty topic filter
    SELECT a FROM "ok/#",\\n   'bad/#/x'                           | 2    | 9      | '#' must be the last topic level
    SELECT a FROM "$events/client_exploded"                        | 1    | 16     | unknown event '$events/client_exploded'
    DELETE FROM t                                                  | 1    | 1      | a rule must be a SELECT statement
    SELECT 'abc FROM "t"                                           | 1    | 8      | unterminated string literal
    SELECT a /* never closed FROM "t"                              | 1    | 10     | unterminated comment
    SELECT a FROM "t"; SELECT b                                    | 1    | 20     | a rule is a single statement
    """)
    void rejectsWithPosition(String sql, int line, int column, String reason) {
        String text = sql.replace("\\n", "\n").replace("\\t", "\t").replace("\\r", "\r");
        RuleSqlException e = catchThrowableOfType(RuleSqlException.class, () -> RuleSql.compile(text));
        assertThat(e).as("compile error for %s", sql).isNotNull();
        assertThat(e.reason()).contains(reason);
        assertThat(e.line()).as("line of '%s'", e.reason()).isEqualTo(line);
        assertThat(e.column()).as("column of '%s'", e.reason()).isEqualTo(column);
    }

    @Test
    void messageCarriesThePosition() {
        assertThatThrownBy(() -> RuleSql.compile("SELECT nope() FROM \"t\""))
                .isInstanceOf(RuleSqlException.class)
                .hasMessage("unknown function 'nope' (line 1, column 8)");
    }

    @Test
    void functionNamesAreCaseInsensitiveButFieldNamesAreNot() {
        CompiledRule rule = RuleSql.compile("SELECT UPPER(topic) AS a, Lower(topic) AS b, Topic AS c FROM \"t\"");
        assertThat(rule.evaluate(RuleInput.builder().topic("Xy").build()).orElseThrow())
                .containsEntry("a", "XY").containsEntry("b", "xy").containsEntry("c", null);
    }
}
