package io.kin.admin.ui.pages;

import io.kin.admin.ui.api.ApiException;
import io.kin.admin.ui.api.ApiModel.FieldError;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The console's own logic that needs no browser: payload views, redirects after login, field errors. */
class PageLogicTest {

    @Test
    void aPayloadIsShownAsTextPrettyJsonOrAHexDump() {
        byte[] json = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        assertThat(TopicsPage.payload(json, "text").text()).isEqualTo("{\"a\":1}");
        assertThat(TopicsPage.payload(json, "json").text()).isEqualTo("{\n  \"a\" : 1\n}");
        assertThat(TopicsPage.payload(json, "hex").text())
                .startsWith("00000000  7b 22 61 22 3a 31 7d").endsWith("{\"a\":1}\n");
        assertThat(TopicsPage.payload("not json".getBytes(StandardCharsets.UTF_8), "json").problem())
                .contains("not valid JSON");
        assertThat(TopicsPage.payload(new byte[] {(byte) 0xff, 0x00}, "text").problem()).contains("not UTF-8");
    }

    @Test
    void afterSignInOnlyAPathOfTheConsoleIsFollowed() {
        assertThat(LoginPage.safeNext("/clients")).isEqualTo("/clients");
        assertThat(LoginPage.safeNext("https://evil.example/")).isEqualTo("/");
        assertThat(LoginPage.safeNext("//evil.example/")).isEqualTo("/");
        assertThat(LoginPage.safeNext("/\\evil.example")).isEqualTo("/");
        assertThat(LoginPage.safeNext(null)).isEqualTo("/");
    }

    @Test
    void fieldErrorsAreKeyedByTheFormFieldWithSqlPositions() {
        ApiException e = new ApiException(400, "Invalid rule", "sql: ...", List.of(
                new FieldError("sql", "unexpected '>'", 1, 62),
                new FieldError("actions[0].topic", "must not be blank", null, null),
                new FieldError("settings.url", "is required", null, null)));
        assertThat(e.fieldErrors()).containsEntry("sql", "line 1, column 62: unexpected '>'")
                .containsEntry("actions", "must not be blank")
                .containsEntry("actions[0].topic", "must not be blank")
                .containsEntry("settings.url", "is required");
        assertThat(new ApiException(412, "Precondition Failed", null, List.of()).summary())
                .contains("changed by someone else");
    }

    @Test
    void ruleActionsAreEditedWithoutTheDefaultsTheApiAnswersAsNull() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var actions = json.readTree("[{\"type\": \"republish\", \"topic\": \"a/b\", \"retain\": null, "
                + "\"headers\": {\"x\": null, \"y\": \"1\"}}]");
        assertThat(RulesPage.withoutNulls(actions).toString())
                .isEqualTo("[{\"type\":\"republish\",\"topic\":\"a/b\",\"headers\":{\"y\":\"1\"}}]");
    }

    @Test
    void uptimeReadsAsDaysHoursAndMinutes() {
        assertThat(DashboardPage.uptime("93784 seconds")).isEqualTo("1 d 2 h");
        assertThat(DashboardPage.uptime("125 seconds")).isEqualTo("2 min");
    }
}
