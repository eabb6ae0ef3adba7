package io.kin.rules.sql;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Templates for rule actions' topics, payloads and headers. */
class TemplateTest {

    static final Map<String, Object> OUTPUT = Map.of(
            "clientid", "b7-12",
            "t", 31.5,
            "qos", 1L,
            "ok", true,
            "payload", Map.of("temp", 21L, "list", List.of("a", "b"), "serial-no", "X1"),
            "payload.list[1]", "flat");

    @Test
    void rendersFieldsIntoText() {
        assertThat(Template.compile("alarm/${clientid}/${t}").render(OUTPUT)).isEqualTo("alarm/b7-12/31.5");
    }

    @Test
    void nestedPathsReachIntoMapsAndLists() {
        assertThat(Template.compile("${payload.temp}|${payload.list[2]}|${payload.list[-1]}|${payload.\"serial-no\"}")
                .render(OUTPUT)).isEqualTo("21|b|b|X1");
    }

    @Test
    void anExactKeyWinsOverNesting() {
        assertThat(Template.compile("${payload.list[1]}").render(OUTPUT)).isEqualTo("flat");
    }

    @Test
    void missingAndNullValuesRenderEmpty() {
        Map<String, Object> withNull = new HashMap<>(OUTPUT);
        withNull.put("nothing", null);
        assertThat(Template.compile("[${nope}][${nothing}][${payload.nope.deeper}][${clientid.x}]").render(withNull))
                .isEqualTo("[][][][]");
    }

    @Test
    void numbersAndBooleansArePlainTextMapsAndListsAreJson() {
        assertThat(Template.compile("${qos} ${ok} ${payload.list} ${t}").render(OUTPUT))
                .isEqualTo("1 true [\"a\",\"b\"] 31.5");
        assertThat(Template.compile("${payload}").render(Map.of("payload", Map.of("temp", 21L))))
                .isEqualTo("{\"temp\":21}");
    }

    @Test
    void textWithoutPlaceholdersIsConstant() {
        Template template = Template.compile("plain/topic");
        assertThat(template.render(OUTPUT)).isEqualTo("plain/topic");
        assertThat(template.placeholders()).isEmpty();
        assertThat(Template.compile("").render(OUTPUT)).isEmpty();
    }

    @Test
    void whitespaceInsidePlaceholdersIsIgnored() {
        assertThat(Template.compile("${ clientid }").render(OUTPUT)).isEqualTo("b7-12");
    }

    @Test
    void placeholdersAreListed() {
        assertThat(Template.compile("a/${clientid}/${payload.temp}").placeholders())
                .containsExactly("clientid", "payload.temp");
    }

    @Test
    void rendersTheOutputOfARule() {
        CompiledRule rule = RuleSql.compile("SELECT payload.temp AS t, clientid, payload.sensor.id FROM \"#\"");
        Map<String, Object> out = rule.evaluate(RuleInput.builder().clientId("b7")
                .payload("{\"temp\":30.5,\"sensor\":{\"id\":\"s-1\"}}").build()).orElseThrow();
        assertThat(Template.compile("alarm/${clientid}/${payload.sensor.id}/${t}").render(out))
                .isEqualTo("alarm/b7/s-1/30.5");
    }

    @Test
    void malformedTemplatesAreRejectedWithTheirPosition() {
        assertError("alarm/${clientid", 1, 7, "unclosed placeholder");
        assertError("a ${} b", 1, 3, "empty placeholder");
        assertError("${a[x]}", 1, 5, "list index must be an integer");
        assertError("line one\nline ${two..x}", 2, 12, "empty name in field path");
    }

    private static void assertError(String template, int line, int column, String reason) {
        RuleSqlException e = catchThrowableOfType(RuleSqlException.class, () -> Template.compile(template));
        assertThat(e).as(template).isNotNull();
        assertThat(e.reason()).contains(reason);
        assertThat(e.line()).isEqualTo(line);
        assertThat(e.column()).isEqualTo(column);
    }
}
