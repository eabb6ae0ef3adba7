package io.kin.admin.ui.pages;

import java.util.List;
import java.util.Map;

/**
 * The settings of each bridge type, as the admin API documents them ({@code BridgeBody}): one form per type. Secrets
 * are password fields that are never filled in: left empty on an edit, the stored value stays.
 */
final class BridgeTypes {

    /** One setting: its key in {@code settings}, how it is entered, whether it is required or secret. */
    public record Setting(String key, String label, String kind, boolean required, boolean secret, String hint) {
        public String field() {
            return "settings." + key;
        }
    }

    static final List<String> TYPES = List.of("HTTP", "KAFKA", "RABBITMQ", "MQTT");

    static final Map<String, String> LABELS = Map.of("HTTP", "HTTP webhook", "KAFKA", "Kafka", "RABBITMQ", "RabbitMQ",
            "MQTT", "Remote MQTT broker");

    static final Map<String, List<Setting>> SETTINGS = Map.of(
            "HTTP", List.of(
                    new Setting("url", "URL", "text", true, false, "http:// or https:// endpoint; a rule's target is appended as a path"),
                    new Setting("method", "Method", "text", false, false, "POST by default"),
                    new Setting("timeout-ms", "Timeout (ms)", "number", false, false, null)),
            "KAFKA", List.of(
                    new Setting("bootstrap-servers", "Bootstrap servers", "text", true, false, "host:port, comma separated"),
                    new Setting("topic", "Default topic", "text", false, false, null),
                    new Setting("acks", "Acks", "text", false, false, "0, 1 or all"),
                    new Setting("linger-ms", "Linger (ms)", "number", false, false, null),
                    new Setting("batch-size", "Batch size (bytes)", "number", false, false, null),
                    new Setting("timeout-ms", "Timeout (ms)", "number", false, false, null)),
            "RABBITMQ", List.of(
                    new Setting("uri", "URI", "text", true, false, "amqp://user:password@host:5672/vhost; the password is masked once stored"),
                    new Setting("exchange", "Exchange", "text", false, false, null),
                    new Setting("routing-key", "Default routing key", "text", false, false, null),
                    new Setting("persistent", "Persistent messages", "text", false, false, "true or false"),
                    new Setting("content-type", "Content type", "text", false, false, null),
                    new Setting("timeout-ms", "Timeout (ms)", "number", false, false, null)),
            "MQTT", List.of(
                    new Setting("host", "Host", "text", true, false, null),
                    new Setting("port", "Port", "number", false, false, "1883 by default"),
                    new Setting("username", "User name", "text", false, false, null),
                    new Setting("password", "Password", "password", false, true, null),
                    new Setting("client-id", "Client id", "text", false, false, null),
                    new Setting("topic", "Default topic", "text", false, false, null),
                    new Setting("qos", "QoS", "number", false, false, "0, 1 or 2"),
                    new Setting("retain", "Retain", "text", false, false, "true or false"),
                    new Setting("tls", "TLS", "text", false, false, "true or false"),
                    new Setting("tls-trust-all", "Trust any certificate", "text", false, false, "true or false (tests only)"),
                    new Setting("keep-alive-seconds", "Keep alive (s)", "number", false, false, null),
                    new Setting("timeout-ms", "Timeout (ms)", "number", false, false, null)));

    /** What the API answers in place of a secret; sent back, it keeps the stored value. */
    static final String MASK = "***";

    private BridgeTypes() {
    }
}
