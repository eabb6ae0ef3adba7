package io.kin.rules.sql;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Evaluation behaviour beyond single expressions: output shape, payload handling, events, failures. */
class EvaluationTest {

    static final String EXAMPLE = "SELECT payload.temp AS t, clientid, topic FROM \"sensors/+/temp\", \"alarms/#\" "
            + "WHERE t > 30 AND clientid LIKE 'b7-%'";

    static RuleInput reading(String clientId, Object temp) {
        return RuleInput.builder().topic("sensors/" + clientId + "/temp").clientId(clientId).qos(1)
                .payload(("{\"temp\":" + temp + ",\"unit\":\"C\"}").getBytes(StandardCharsets.UTF_8)).build();
    }

    @Test
    void exampleRuleSelectsHotReadingsOfB7Devices() {
        CompiledRule rule = RuleSql.compile(EXAMPLE);
        assertThat(rule.evaluate(reading("b7-12", 31.5)).orElseThrow())
                .containsExactly(Map.entry("t", 31.5), Map.entry("clientid", "b7-12"), Map.entry("topic", "sensors/b7-12/temp"));
        assertThat(rule.evaluate(reading("b7-12", 30))).isEmpty();
        assertThat(rule.evaluate(reading("c9-01", 45))).isEmpty();
    }

    @Test
    void outputKeepsSelectOrder() {
        CompiledRule rule = RuleSql.compile("SELECT topic AS z, qos AS a, clientid AS m, 1 AS b FROM \"#\"");
        assertThat(rule.evaluate(reading("x", 1)).orElseThrow().keySet()).containsExactly("z", "a", "m", "b");
    }

    @Test
    void starListsEveryInputFieldWithThePayloadDecoded() {
        RuleInput input = RuleInput.builder().id("m-1").clientId("c").username("u").topic("t/1").qos(2).retain(true)
                .payload("{\"a\":[1,2]}").userProperties(Map.of("k", "v")).timestamp(5L).node("n1")
                .peerhost("10.1.1.1").field("from_clientid", "other").build();
        Map<String, Object> out = RuleSql.compile("SELECT *, qos + 1 AS next FROM \"t/#\"").evaluate(input).orElseThrow();
        assertThat(out.keySet()).containsExactly("id", "clientid", "username", "peerhost", "topic", "qos", "retain",
                "payload", "user_properties", "timestamp", "node", "from_clientid", "next");
        assertThat(out.get("payload")).isEqualTo(Map.of("a", List.of(1L, 2L)));
        assertThat(out.get("next")).isEqualTo(3L);
    }

    @Test
    void payloadIsDecodedOncePerEvaluation() {
        CompiledRule rule = RuleSql.compile("SELECT payload AS a, payload AS b FROM \"#\" WHERE payload.x = 1");
        Map<String, Object> out = rule.evaluate(RuleInput.builder().payload("{\"x\":1}").build()).orElseThrow();
        assertThat(out.get("a")).isSameAs(out.get("b"));
        Map<String, Object> again = rule.evaluate(RuleInput.builder().payload("{\"x\":1}").build()).orElseThrow();
        assertThat(again.get("a")).isEqualTo(out.get("a")).isNotSameAs(out.get("a"));
    }

    @Test
    void payloadMayBeBytesTextOrAlreadyDecoded() {
        CompiledRule rule = RuleSql.compile("SELECT payload.v AS v FROM \"#\"");
        assertThat(rule.evaluate(RuleInput.builder().payload("{\"v\":1}".getBytes(StandardCharsets.UTF_8)).build()))
                .hasValue(Map.of("v", 1L));
        assertThat(rule.evaluate(RuleInput.builder().payload(" {\"v\":2} ").build())).hasValue(Map.of("v", 2L));
        assertThat(rule.evaluate(RuleInput.of(Map.of("payload", Map.of("v", 3L))))).hasValue(Map.of("v", 3L));
    }

    @Test
    void inputFromAMapNormalizesNumbers() {
        RuleInput input = RuleInput.of(Map.of("qos", 1, "temp", 2.5f, "topic", "a/b"));
        assertThat(input.get("qos")).isEqualTo(1L);
        assertThat(input.get("temp")).isEqualTo(2.5);
        assertThat(RuleSql.compile("SELECT qos + 1 AS q, temp * 2 AS t FROM \"#\"").evaluate(input))
                .hasValue(Map.of("q", 2L, "t", 5.0));
    }

    @Test
    void outputIsUnmodifiable() {
        Map<String, Object> out = RuleSql.compile("SELECT topic FROM \"#\"").evaluate(reading("x", 1)).orElseThrow();
        assertThatThrownBy(() -> out.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void whereCanUseSelectAliases() {
        CompiledRule rule = RuleSql.compile("SELECT payload.temp * 1.8 + 32 AS f FROM \"#\" WHERE f >= 86");
        assertThat(rule.evaluate(reading("a", 30))).hasValue(Map.of("f", 86.0));
        assertThat(rule.evaluate(reading("a", 29))).isEmpty();
    }

    @Test
    void aliasesShadowInputFieldsInWhereOnly() {
        CompiledRule rule = RuleSql.compile("SELECT 'renamed' AS topic, topic AS original FROM \"#\" WHERE topic = 'renamed'");
        assertThat(rule.evaluate(reading("a", 1))).hasValue(Map.of("topic", "renamed", "original", "sensors/a/temp"));
    }

    @Test
    void eventsExposeTheirFields() {
        CompiledRule rule = RuleSql.compile("SELECT clientid, reason, from_clientid FROM \"$events/message_dropped\" "
                + "WHERE reason = 'queue_full'");
        RuleInput dropped = RuleInput.builder().event("message_dropped").clientId("c1").reason("queue_full")
                .field("from_clientid", "c2").topic("t").payload("x").build();
        assertThat(rule.matches("$events/message_dropped")).isTrue();
        assertThat(rule.evaluate(dropped)).hasValue(Map.of("clientid", "c1", "reason", "queue_full", "from_clientid", "c2"));
    }

    @Test
    void sessionSubscribedCarriesTheFilterAsTopic() {
        CompiledRule rule = RuleSql.compile("SELECT topic AS filter, qos FROM \"$events/session_subscribed\" "
                + "WHERE topic LIKE 'sensors/%'");
        RuleInput subscribed = RuleInput.builder().event("session_subscribed").clientId("c").topic("sensors/#")
                .qos(1).build();
        assertThat(rule.evaluate(subscribed)).hasValue(Map.of("filter", "sensors/#", "qos", 1L));
    }

    @Test
    void failedEvaluationLeavesTheRuleUsable() {
        CompiledRule rule = RuleSql.compile("SELECT payload.a / payload.b AS q FROM \"#\"");
        assertThatThrownBy(() -> rule.evaluate(RuleInput.builder().payload("{\"a\":1,\"b\":0}").build()))
                .isInstanceOf(RuleEvaluationException.class)
                .hasMessage("division by zero in '/'");
        assertThat(rule.evaluate(RuleInput.builder().payload("{\"a\":1,\"b\":4}").build())).hasValue(Map.of("q", 0.25));
    }

    @Test
    void keywordsAreCaseInsensitive() {
        CompiledRule rule = RuleSql.compile("select qos as q from \"#\" where qos between 0 and 1 and not topic is null");
        assertThat(rule.evaluate(reading("a", 1))).hasValue(Map.of("q", 1L));
    }

    @Test
    void quotedAliasesMayContainSpaces() {
        CompiledRule rule = RuleSql.compile("SELECT qos AS \"the qos\", topic AS 'the topic' FROM \"#\"");
        assertThat(rule.evaluate(reading("a", 1)).orElseThrow()).containsOnlyKeys("the qos", "the topic");
    }

    @Test
    void nestedNumbersOfAnyJavaTypeCompareAsNumbers() {
        RuleInput input = RuleInput.of(Map.of("payload", Map.of("n", 7, "f", 1.5f)));
        assertThat(RuleSql.compile("SELECT payload.n + 1 AS n FROM \"#\" WHERE payload.n = 7 AND payload.f > 1")
                .evaluate(input)).hasValue(Map.of("n", 8L));
    }

    @Test
    void sqlMayEndWithASemicolonAndContainComments() {
        CompiledRule rule = RuleSql.compile("-- hot devices\nSELECT qos /* the qos */ AS q\nFROM \"#\"; ");
        assertThat(rule.evaluate(reading("a", 1))).hasValue(Map.of("q", 1L));
    }

    @Test
    void backQuotesQuoteFieldNames() {
        CompiledRule rule = RuleSql.compile("SELECT `qos` AS q FROM \"#\" WHERE `qos` = 1");
        assertThat(rule.evaluate(reading("a", 1))).hasValue(Map.of("q", 1L));
    }

    @Test
    void builtInputCannotBeChanged() {
        RuleInput.Builder builder = RuleInput.builder().topic("t");
        builder.build();
        assertThatThrownBy(() -> builder.qos(1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void functionNamesAreListed() {
        assertThat(RuleSql.functionNames()).contains("if", "coalesce", "date_format", "topic_level", "json_decode");
    }
}
