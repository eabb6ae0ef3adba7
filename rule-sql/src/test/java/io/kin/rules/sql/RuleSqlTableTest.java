package io.kin.rules.sql;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The dialect, one row per behaviour: {@code SELECT <select> FROM "#" [WHERE <where>]} evaluated against
 * {@link #MESSAGE} with the row's payload. Expected is the output as JSON (numbers: 3 is an integer, 3.0 a
 * float), {@code NO MATCH}, or {@code ERROR: <part of the message>}.
 */
class RuleSqlTableTest {

    static final long NOW = 1_800_000_000_000L;
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);

    /** Everything but the payload; 1700000000123 is 2023-11-14T22:13:20.123Z. */
    static RuleInput message(String payload) {
        return RuleInput.builder().id("m-1").topic("sensors/b7/temp").qos(1).retain(false).clientId("b7-001")
                .username("alice").timestamp(1_700_000_000_123L).node("kin@node1").peerhost("10.0.0.7")
                .userProperties(new java.util.LinkedHashMap<>(Map.of("trace", "abc")))
                .payload(payload.getBytes(StandardCharsets.UTF_8)).build();
    }

    @ParameterizedTest(name = "SELECT {0} WHERE {1} | payload {2} -> {3}")
    @CsvSource(delimiterString = " | ", quoteCharacter = '`', nullValues = "", ignoreLeadingAndTrailingWhitespace = true,
            textBlock = """
    # SELECT                                               | WHERE                            | payload                        | expected
    # ---- message fields --------------------------------------------------------------------------------------------------------------
    topic, qos, retain, clientid, username                 |                                  | {}                             | {"topic":"sensors/b7/temp","qos":1,"retain":false,"clientid":"b7-001","username":"alice"}
    id, timestamp, node, peerhost                          |                                  | {}                             | {"id":"m-1","timestamp":1700000000123,"node":"kin@node1","peerhost":"10.0.0.7"}
    user_properties.trace AS t, user_properties            |                                  | {}                             | {"t":"abc","user_properties":{"trace":"abc"}}
    user_properties.missing AS m                           |                                  | {}                             | {"m":null}
    unknown_field AS u                                     |                                  | {}                             | {"u":null}
    payload                                                |                                  | {"a":1}                        | {"payload":{"a":1}}
    payload                                                |                                  | [1,"x"]                        | {"payload":[1,"x"]}
    payload                                                |                                  | hello                          | {"payload":"hello"}
    payload                                                |                                  | {"broken":                     | {"payload":"{\\"broken\\":"}
    payload.temp AS t                                      |                                  | {"temp":21.5}                  | {"t":21.5}
    payload.a.b.c.d.e.f AS deep                            |                                  | {"a":{"b":{"c":{"d":{"e":{"f":"deep"}}}}}} | {"deep":"deep"}
    payload.list[1] AS first, payload.list[-1] AS last     |                                  | {"list":[10,20,30]}            | {"first":10,"last":30}
    payload.list[0] AS zero, payload.list[4] AS beyond     |                                  | {"list":[10,20,30]}            | {"zero":null,"beyond":null}
    payload.rows[2].v AS v                                 |                                  | {"rows":[{"v":1},{"v":2}]}     | {"v":2}
    payload[1] AS first                                    |                                  | [5,6]                          | {"first":5}
    payload."serial-no" AS sn                              |                                  | {"serial-no":"X1"}             | {"sn":"X1"}
    payload.missing AS m, payload.list.x AS wrong_type     |                                  | {"list":[1]}                   | {"m":null,"wrong_type":null}
    payload.a AS a                                         |                                  | not json                       | {"a":null}
    payload.sensor.temp                                    |                                  | {"sensor":{"temp":5,"x":1}}    | {"payload":{"sensor":{"temp":5}}}
    payload.list[2]                                        |                                  | {"list":[1,2]}                 | {"payload.list[2]":2}
    qos + 1                                                |                                  | {}                             | {"qos + 1":2}
    # ---- aliases: WHERE sees SELECT aliases ---------------------------------------------------------------------------------------------
    payload.temp AS t                                      | t > 30                           | {"temp":31}                    | {"t":31}
    payload.temp AS t                                      | t > 30                           | {"temp":30}                    | NO MATCH
    payload.temp AS t, clientid                            | t > 30 AND clientid LIKE 'b7-%'  | {"temp":35.5}                  | {"t":35.5,"clientid":"b7-001"}
    payload.temp AS t, clientid                            | t > 30 AND clientid LIKE 'x-%'   | {"temp":35.5}                  | NO MATCH
    qos + 10 AS qos                                        | qos = 11                         | {}                             | {"qos":11}
    payload.sensor AS s                                    | s.id = 7                         | {"sensor":{"id":7}}            | {"s":{"id":7}}
    # ---- arithmetic -----------------------------------------------------------------------------------------------------------------------
    1 + 2 AS a, 7 - 10 AS b, 6 * 7 AS c                    |                                  | {}                             | {"a":3,"b":-3,"c":42}
    7 / 2 AS a, 8 / 2 AS b                                 |                                  | {}                             | {"a":3.5,"b":4.0}
    7 div 2 AS a, -7 div 2 AS b, 7 DIV 2 AS c              |                                  | {}                             | {"a":3,"b":-3,"c":3}
    7 % 3 AS a, -7 % 3 AS b, 7.5 % 2 AS c                  |                                  | {}                             | {"a":1,"b":-1,"c":1.5}
    1 + 2.5 AS a, 2 * 1.5 AS b                             |                                  | {}                             | {"a":3.5,"b":3.0}
    (1 + 2) * 3 AS a, 1 + 2 * 3 AS b                       |                                  | {}                             | {"a":9,"b":7}
    payload.n * 2 AS a, payload.n + 0.5 AS b               |                                  | {"n":"21"}                     | {"a":42,"b":21.5}
    -payload.n AS a, -(-3) AS b                             |                                  | {"n":5}                        | {"a":-5,"b":3}
    payload.n + 1 AS a, 2 * payload.n AS b                 |                                  | {}                             | {"a":null,"b":null}
    1 / 0 AS a                                             |                                  | {}                             | ERROR: division by zero
    5 div 0 AS a                                           |                                  | {}                             | ERROR: division by zero
    5 % 0 AS a                                             |                                  | {}                             | ERROR: division by zero
    'abc' + 1 AS a                                         |                                  | {}                             | ERROR: '+' expects a number, got 'abc' (string)
    9223372036854775807 + 1 AS a                           |                                  | {}                             | ERROR: integer overflow
    7.5 div 2 AS a                                         |                                  | {}                             | ERROR: 'div' expects an integer
    # ---- concatenation ---------------------------------------------------------------------------------------------------------------------
    clientid || '/' || qos AS a                            |                                  | {}                             | {"a":"b7-001/1"}
    'x' || payload.none AS a                               |                                  | {}                             | {"a":null}
    concat('a', payload.none, 'b', 1, true, 2.5) AS a      |                                  | {}                             | {"a":"ab1true2.5"}
    # ---- comparison and coercion ----------------------------------------------------------------------------------------------------------
    'y' AS r                                               | qos = 1                          | {}                             | {"r":"y"}
    'y' AS r                                               | qos != 1                         | {}                             | NO MATCH
    'y' AS r                                               | qos <> 2                         | {}                             | {"r":"y"}
    'y' AS r                                               | qos > 0 AND qos >= 1 AND qos < 2 AND qos <= 1 | {}             | {"r":"y"}
    'y' AS r                                               | qos > 1                          | {}                             | NO MATCH
    'y' AS r                                               | payload.v = '42'                 | {"v":42}                       | {"r":"y"}
    'y' AS r                                               | payload.v > '100'                | {"v":42}                       | NO MATCH
    'y' AS r                                               | payload.v < 100.5                | {"v":"42"}                     | {"r":"y"}
    'y' AS r                                               | payload.s > 'abc'                | {"s":"abd"}                    | {"r":"y"}
    'y' AS r                                               | payload.s > '100'                | {"s":"42"}                     | {"r":"y"}
    'y' AS r                                               | payload.f = 1                    | {"f":1.0}                      | {"r":"y"}
    'y' AS r                                               | payload.b = true                 | {"b":true}                     | {"r":"y"}
    'y' AS r                                               | payload.b = 'TRUE'               | {"b":true}                     | {"r":"y"}
    payload.v = 'abc' AS eq, payload.v != 'abc' AS ne, payload.v < 'abc' AS lt |   |  {"v":42}                     | {"eq":false,"ne":true,"lt":null}
    'y' AS r                                               | payload.missing != 1             | {}                             | NO MATCH
    payload.missing = 1 AS a, payload.missing = null AS b  |                                  | {}                             | {"a":null,"b":null}
    # ---- AND OR NOT: three-valued -----------------------------------------------------------------------------------------------------------
    qos = 1 OR payload.m = 1 AS a, qos = 2 OR payload.m = 1 AS b, qos = 2 AND payload.m = 1 AS c, qos = 1 AND payload.m = 1 AS d |   | {} | {"a":true,"b":null,"c":false,"d":null}
    NOT qos = 2 AS a, NOT (payload.m = 1) AS b             |                                  | {}                             | {"a":true,"b":null}
    'y' AS r                                               | NOT (payload.missing = 1)        | {}                             | NO MATCH
    'y' AS r                                               | qos = 2 OR payload.m = 1         | {}                             | NO MATCH
    'y' AS r                                               | payload.flag                     | {"flag":true}                  | {"r":"y"}
    'y' AS r                                               | payload.flag                     | {"flag":false}                 | NO MATCH
    'y' AS r                                               | payload.n                        | {"n":5}                        | ERROR: WHERE expects a boolean, got 5 (integer)
    # ---- BETWEEN -------------------------------------------------------------------------------------------------------------------------
    'y' AS r                                               | payload.t BETWEEN 10 AND 20      | {"t":20}                       | {"r":"y"}
    'y' AS r                                               | payload.t BETWEEN 10 AND 20      | {"t":20.5}                     | NO MATCH
    'y' AS r                                               | payload.t NOT BETWEEN 10 AND 20  | {"t":9}                        | {"r":"y"}
    payload.t BETWEEN 1 AND 2 AS a, payload.t NOT BETWEEN 1 AND 2 AS b |   |                         {}                             | {"a":null,"b":null}
    # ---- LIKE ------------------------------------------------------------------------------------------------------------------------------
    'y' AS r                                               | clientid LIKE 'b7-___'           | {}                             | {"r":"y"}
    'y' AS r                                               | clientid LIKE 'b7-__'            | {}                             | NO MATCH
    'y' AS r                                               | clientid NOT LIKE 'x%'           | {}                             | {"r":"y"}
    'y' AS r                                               | topic LIKE '%/temp'              | {}                             | {"r":"y"}
    'y' AS r                                               | topic LIKE 'sensors%b7%'         | {}                             | {"r":"y"}
    'y' AS r                                               | payload.s LIKE '100\\%'           | {"s":"100%"}                   | {"r":"y"}
    'y' AS r                                               | payload.s LIKE '100\\%'           | {"s":"1000"}                   | NO MATCH
    'y' AS r                                               | payload.s LIKE 'a!_b' ESCAPE '!' | {"s":"a_b"}                    | {"r":"y"}
    'y' AS r                                               | clientid LIKE 'B7-%'             | {}                             | NO MATCH
    'y' AS r                                               | clientid ILIKE 'B7-%'            | {}                             | {"r":"y"}
    'y' AS r                                               | payload.n LIKE '4_'              | {"n":42}                       | {"r":"y"}
    'y' AS r                                               | clientid LIKE payload.p          | {"p":"b7%"}                    | {"r":"y"}
    'y' AS r                                               | payload.s LIKE '_'               | {"s":"€"}                      | {"r":"y"}
    # ---- IN --------------------------------------------------------------------------------------------------------------------------------
    'y' AS r                                               | qos IN (0, 1)                    | {}                             | {"r":"y"}
    'y' AS r                                               | qos IN (2, 3)                    | {}                             | NO MATCH
    'y' AS r                                               | qos NOT IN (2, 3)                | {}                             | {"r":"y"}
    'y' AS r                                               | clientid IN ('a', 'b7-001')      | {}                             | {"r":"y"}
    'y' AS r                                               | payload.v IN ('1', 2)            | {"v":1}                        | {"r":"y"}
    qos IN (2, null) AS a, qos NOT IN (2, null) AS b, qos IN (1, null) AS c |   |                    {}                             | {"a":null,"b":null,"c":true}
    # ---- IS NULL -----------------------------------------------------------------------------------------------------------------------------
    'y' AS r                                               | payload.missing IS NULL          | {}                             | {"r":"y"}
    'y' AS r                                               | payload.a IS NOT NULL            | {"a":0}                        | {"r":"y"}
    'y' AS r                                               | username IS NULL                 | {}                             | NO MATCH
    # ---- CASE ------------------------------------------------------------------------------------------------------------------------------
    CASE WHEN payload.t > 30 THEN 'hot' WHEN payload.t > 20 THEN 'warm' ELSE 'cold' END AS l |   | {"t":35} | {"l":"hot"}
    CASE WHEN payload.t > 30 THEN 'hot' WHEN payload.t > 20 THEN 'warm' ELSE 'cold' END AS l |   | {"t":25} | {"l":"warm"}
    CASE WHEN payload.t > 30 THEN 'hot' WHEN payload.t > 20 THEN 'warm' ELSE 'cold' END AS l |   | {}       | {"l":"cold"}
    CASE qos WHEN 0 THEN 'at most once' WHEN 1 THEN 'at least once' END AS q |   |                    {}                             | {"q":"at least once"}
    CASE qos WHEN 2 THEN 'exactly once' END AS q           |                                  | {}                             | {"q":null}
    # ---- CAST ------------------------------------------------------------------------------------------------------------------------------
    CAST('42' AS int) AS a, CAST(3.9 AS integer) AS b, CAST(-3.9 AS int) AS c, CAST(true AS int) AS d |   | {}       | {"a":42,"b":3,"c":-3,"d":1}
    CAST('2.5' AS float) AS a, CAST(2 AS double) AS b      |                                  | {}                             | {"a":2.5,"b":2.0}
    CAST(42 AS string) AS a, CAST(1.5 AS varchar) AS b, CAST(payload AS string) AS c |   |          {"k":[1]}                      | {"a":"42","b":"1.5","c":"{\\"k\\":[1]}"}
    CAST('TRUE' AS bool) AS a, CAST(0 AS boolean) AS b, CAST('false' AS boolean) AS c |   |         {}                             | {"a":true,"b":false,"c":false}
    CAST(payload.missing AS int) AS a                      |                                  | {}                             | {"a":null}
    payload.n::int AS a                                    |                                  | {"n":"7"}                      | {"a":7}
    CAST('abc' AS int) AS a                                |                                  | {}                             | ERROR: cannot cast 'abc' (string) to int
    CAST('maybe' AS bool) AS a                             |                                  | {}                             | ERROR: cannot cast 'maybe' (string) to bool
    # ---- COALESCE, IF ----------------------------------------------------------------------------------------------------------------------
    coalesce(payload.a, payload.b, 'none') AS x            |                                  | {"b":2}                        | {"x":2}
    COALESCE(payload.a, payload.b, 'none') AS x            |                                  | {}                             | {"x":"none"}
    if(qos > 0, 'acked', 'fire-and-forget') AS x           |                                  | {}                             | {"x":"acked"}
    IF(payload.m = 1, 'y', 'n') AS x                       |                                  | {}                             | {"x":"n"}
    if(qos = 1, 'ok', 1 / 0) AS x                          |                                  | {}                             | {"x":"ok"}
    # ---- time --------------------------------------------------------------------------------------------------------------------------------
    now() AS a, now_timestamp() AS b, NOW() AS c           |                                  | {}                             | {"a":1800000000000,"b":1800000000000,"c":1800000000000}
    date_format(timestamp, 'yyyy-MM-dd''T''HH:mm:ss.SSS') AS x |   |                                 {}                             | {"x":"2023-11-14T22:13:20.123"}
    date_format(payload.ts, 'yyyy-MM-dd') AS x             |                                  | {"ts":"0"}                     | {"x":"1970-01-01"}
    DATE_FORMAT(timestamp, payload.p) AS x                 |                                  | {"p":"HH:mm"}                  | {"x":"22:13"}
    date_format(timestamp, payload.p) AS x                 |                                  | {"p":"bbb"}                    | ERROR: date_format: invalid pattern 'bbb'
    # ---- strings ---------------------------------------------------------------------------------------------------------------------------
    upper(clientid) AS a, lower('AbC') AS b, UPPER(username) AS c |   |                            {}                             | {"a":"B7-001","b":"abc","c":"ALICE"}
    trim('  x y  ') AS a, replace(topic, '/', '.') AS b    |                                  | {}                             | {"a":"x y","b":"sensors.b7.temp"}
    substr('abcdef', 2) AS a, substr('abcdef', 2, 3) AS b, substr('abcdef', -2) AS c, substr('abcdef', 10) AS d |   | {} | {"a":"bcdef","b":"bcd","c":"ef","d":""}
    split(topic, '/') AS a, split('a//b', '/') AS b        |                                  | {}                             | {"a":["sensors","b7","temp"],"b":["a","","b"]}
    split(topic, '/')[2] AS level                          |                                  | {}                             | {"level":"b7"}
    topic_level(topic, 1) AS a, topic_level(topic, 3) AS b, topic_level(topic, -1) AS c, topic_level(topic, 4) AS d |   | {} | {"a":"sensors","b":"temp","c":"temp","d":null}
    upper(substr(replace(topic, 'sensors/', ''), 1, 2)) AS x |   |                                   {}                             | {"x":"B7"}
    'it''s' AS a, '' AS b                                  |                                  | {}                             | {"a":"it's","b":""}
    upper(payload.missing) AS a                            |                                  | {}                             | {"a":null}
    # ---- numbers ---------------------------------------------------------------------------------------------------------------------------
    abs(-5) AS a, abs(-2.5) AS b, abs(payload.n) AS c      |                                  | {"n":"-3"}                     | {"a":5,"b":2.5,"c":3}
    round(2.5) AS a, round(-2.5) AS b, round(2.4) AS c, round(7) AS d |   |                         {}                             | {"a":3,"b":-3,"c":2,"d":7}
    round(3.14159, 2) AS a, round(1250, -2) AS b           |                                  | {}                             | {"a":3.14,"b":1300}
    null AS a, true AS b, false AS c, 1.5e3 AS d, -7 AS e  |                                  | {}                             | {"a":null,"b":true,"c":false,"d":1500.0,"e":-7}
    # ---- hashes, Base64, JSON --------------------------------------------------------------------------------------------------------
    md5('hello') AS m, Md5('') AS e                        |                                  | {}                             | {"m":"5d41402abc4b2a76b9719d911017c592","e":"d41d8cd98f00b204e9800998ecf8427e"}
    sha256('hello') AS s                                   |                                  | {}                             | {"s":"2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"}
    base64_encode('hello') AS e, base64_decode('aGVsbG8=') AS d |   |                               {}                             | {"e":"aGVsbG8=","d":"hello"}
    base64_decode('not base64!') AS d                      |                                  | {}                             | ERROR: base64_decode: input is not valid Base64
    json_encode(payload) AS j                              |                                  | {"a":[1,2.5,"x",null,true]}    | {"j":"{\\"a\\":[1,2.5,\\"x\\",null,true]}"}
    json_encode(payload.missing) AS j, json_encode('x') AS k |   |                                  {}                             | {"j":"null","k":"\\"x\\""}
    json_decode('{"a":{"b":2}}') AS j, json_decode(payload.raw) AS k |   |                          {"raw":"[1,2.5]"}              | {"j":{"a":{"b":2}},"k":[1,2.5]}
    json_decode('{oops') AS j                              |                                  | {}                             | ERROR: json_decode: invalid JSON
    """)
    void evaluates(String select, String where, String payload, String expected) {
        String sql = "SELECT " + select + " FROM \"#\"" + (where == null ? "" : " WHERE " + where);
        CompiledRule rule = RuleSql.compile(sql, CLOCK);
        RuleInput input = message(payload == null ? "" : payload);
        if (expected.startsWith("ERROR: ")) {
            assertThatThrownBy(() -> rule.evaluate(input))
                    .isInstanceOf(RuleEvaluationException.class)
                    .hasMessageContaining(expected.substring("ERROR: ".length()));
            return;
        }
        Optional<Map<String, Object>> output = rule.evaluate(input);
        if (expected.equals("NO MATCH")) {
            assertThat(output).isEmpty();
        } else {
            assertThat(output).hasValue(asMap(Json.decode(expected)));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object json) {
        return (Map<String, Object>) json;
    }
}
