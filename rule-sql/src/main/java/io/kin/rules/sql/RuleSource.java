package io.kin.rules.sql;

/** One entry of a rule's FROM clause: an MQTT topic filter or a client event. */
public sealed interface RuleSource {

    /** The source as written in FROM, without quotes. */
    String text();

    /** Whether a message published to this topic, or this event ({@code $events/...}), feeds the rule. */
    boolean matches(String topicOrEvent);

    /** A topic filter with MQTT wildcards: {@code +} one level, {@code #} any number of levels incl. the parent. */
    record TopicFilter(String filter) implements RuleSource {

        @Override
        public String text() {
            return filter;
        }

        @Override
        public boolean matches(String topicOrEvent) {
            return TopicFilters.matches(filter, topicOrEvent);
        }
    }

    record Event(EventType type) implements RuleSource {

        @Override
        public String text() {
            return type.source();
        }

        @Override
        public boolean matches(String topicOrEvent) {
            return type.source().equals(topicOrEvent);
        }
    }
}
