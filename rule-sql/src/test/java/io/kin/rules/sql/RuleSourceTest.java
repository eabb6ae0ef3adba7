package io.kin.rules.sql;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** FROM: which topics and events feed a rule. */
class RuleSourceTest {

    @Test
    void fromListsTopicFiltersAndEventsInOrder() {
        CompiledRule rule = RuleSql.compile(
                "SELECT * FROM \"sensors/+/temp\", 'alarms/#',\n  \"$events/client_connected\", \"$events/message_dropped\"");
        assertThat(rule.sources()).containsExactly(
                new RuleSource.TopicFilter("sensors/+/temp"),
                new RuleSource.TopicFilter("alarms/#"),
                new RuleSource.Event(EventType.CLIENT_CONNECTED),
                new RuleSource.Event(EventType.MESSAGE_DROPPED));
        assertThat(rule.sources()).extracting(RuleSource::text)
                .containsExactly("sensors/+/temp", "alarms/#", "$events/client_connected", "$events/message_dropped");
    }

    @Test
    void everyClientEventCanBeSelected() {
        for (EventType type : EventType.values()) {
            CompiledRule rule = RuleSql.compile("SELECT clientid FROM \"" + type.source() + "\"");
            assertThat(rule.sources()).containsExactly(new RuleSource.Event(type));
            assertThat(rule.matches(type.source())).isTrue();
        }
        assertThat(EventType.SESSION_SUBSCRIBED.source()).isEqualTo("$events/session_subscribed");
    }

    @Test
    void ruleMatchesWhenAnySourceMatches() {
        CompiledRule rule = RuleSql.compile("SELECT * FROM \"sensors/+/temp\", \"alarms/#\", \"$events/client_connected\"");
        assertThat(rule.matches("sensors/b7/temp")).isTrue();
        assertThat(rule.matches("alarms")).isTrue();
        assertThat(rule.matches("alarms/fire/floor1")).isTrue();
        assertThat(rule.matches("$events/client_connected")).isTrue();
        assertThat(rule.matches("$events/client_disconnected")).isFalse();
        assertThat(rule.matches("sensors/b7/humidity")).isFalse();
    }

    @Test
    void wildcardsDoNotMatchEvents() {
        CompiledRule rule = RuleSql.compile("SELECT * FROM \"#\", \"+/client_connected\"");
        assertThat(rule.matches("$events/client_connected")).isFalse();
        assertThat(rule.matches("any/topic")).isTrue();
    }

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource(delimiterString = " | ", ignoreLeadingAndTrailingWhitespace = true, textBlock = """
    sensors/+/temp | sensors/b7/temp      | true
    sensors/+/temp | sensors/b7/x/temp    | false
    sensors/+/temp | sensors//temp        | true
    sensors/+/temp | sensors/b7           | false
    sensors/#      | sensors              | true
    sensors/#      | sensors/a/b/c        | true
    sensors/#      | sensorsX             | false
    #              | a/b                  | true
    #              | $SYS/broker/uptime   | false
    +/broker       | $SYS/broker          | false
    $SYS/#         | $SYS/broker/uptime   | true
    a/b            | a/b                  | true
    a/b            | a/b/                 | false
    a/b            | a/bc                 | false
    +              | a                    | true
    +              | a/b                  | false
    +/+            | /a                   | true
    a/+            | a/                   | true
    a/+/#          | a/b                  | true
    a/+/#          | a                    | false
    """)
    void topicFiltersFollowMqttMatching(String filter, String topic, boolean matches) {
        CompiledRule rule = RuleSql.compile("SELECT * FROM \"" + filter + "\"");
        assertThat(rule.matches(topic)).isEqualTo(matches);
    }
}
