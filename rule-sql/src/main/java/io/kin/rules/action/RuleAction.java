package io.kin.rules.action;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.util.Map;

/**
 * What a rule does with each row its SQL outputs. Every text is a template over that row ({@code ${field}}, see
 * {@link io.kin.rules.sql.Template}); a missing payload template sends the whole row as JSON. Stored in the rule as
 * JSON with a {@code type} of {@code republish} or {@code bridge}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = RuleAction.Republish.class, name = "republish"),
        @JsonSubTypes.Type(value = RuleAction.ToBridge.class, name = "bridge")})
public sealed interface RuleAction {

    /** Publishes to this broker's topic {@code topic}. */
    record Republish(String topic, Integer qos, Boolean retain, String payload) implements RuleAction {
    }

    /**
     * Hands the row to the bridge named {@code bridge}. {@code target} is where the bridge sends it: the Kafka topic,
     * the RabbitMQ routing key, the remote MQTT topic, or a path appended to the HTTP bridge's URL; empty means the
     * bridge's own default. {@code key} is the Kafka record key; {@code headers} HTTP headers, Kafka record headers or
     * AMQP headers; {@code qos} and {@code retain} apply to a remote MQTT broker.
     */
    record ToBridge(String bridge, String target, String key, String payload, Map<String, String> headers,
                    Integer qos, Boolean retain) implements RuleAction {
    }
}
