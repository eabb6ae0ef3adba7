package io.kin.rules.bridge;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BridgeConfigTest {

    @Test
    void completeConfigurationsOfEveryKindAreValid() {
        assertThat(BridgeConfig.of("web", BridgeType.HTTP, Map.of("url", "https://example.test/hook", "method", "put",
                "header.Authorization", "Bearer x")).problems()).isEmpty();
        assertThat(BridgeConfig.of("k", BridgeType.KAFKA, Map.of("bootstrap-servers", "127.0.0.1:9092", "topic", "t",
                "acks", "1", "linger-ms", "20", "producer.compression.type", "lz4")).problems()).isEmpty();
        assertThat(BridgeConfig.of("r", BridgeType.RABBITMQ, Map.of("uri", "amqp://guest:guest@127.0.0.1:5672",
                "exchange", "x", "persistent", "false")).problems()).isEmpty();
        assertThat(BridgeConfig.of("m", BridgeType.MQTT, Map.of("host", "127.0.0.1", "port", "1884", "tls", "true",
                "username", "u", "password", "p", "qos", "2")).problems()).isEmpty();
    }

    @Test
    void everyProblemIsReportedInOneGoWithItsSetting() {
        BridgeConfig bad = new BridgeConfig("bad name!", BridgeType.HTTP, true,
                Map.of("url", "ftp://x", "method", "SEND", "timeout-ms", "soon", "tiemout-ms", "5"),
                0, -1, Duration.ofMillis(500), Duration.ofMillis(100), 0);

        assertThat(bad.problems()).containsExactlyInAnyOrder(
                "name must be 1 to 64 letters, digits, '.', '_' or '-' (starting with a letter or digit), not 'bad name!'",
                "buffer size must be between 1 and 1000000, not 0",
                "max retries must be between 0 and 1000, not -1",
                "max in-flight must be between 1 and 1000, not 0",
                "max backoff must be between the backoff (500 ms) and 1 hour",
                "setting 'url' must be an absolute http:// or https:// URL with a host, not 'ftp://x'",
                "setting 'method' must be one of POST, PUT, PATCH, GET, DELETE, not 'SEND'",
                "setting 'timeout-ms' must be a whole number, not 'soon'",
                "unknown setting 'tiemout-ms' for HTTP bridges (known: method, timeout-ms, url, header.*)");
        assertThatThrownBy(bad::validated).isInstanceOf(InvalidBridgeConfigException.class)
                .hasMessageStartingWith("bridge 'bad name!' is invalid: name must be")
                .satisfies(e -> assertThat(((InvalidBridgeConfigException) e).problems()).hasSize(9));
    }

    @Test
    void requiredSettingsAreNamedPerKind() {
        assertThat(BridgeConfig.of("k", BridgeType.KAFKA, Map.of()).problems())
                .containsExactly("setting 'bootstrap-servers' is required for KAFKA bridges");
        assertThat(BridgeConfig.of("r", BridgeType.RABBITMQ, Map.of("uri", "http://x")).problems())
                .containsExactly("setting 'uri' must start with amqp:// or amqps://");
        assertThat(BridgeConfig.of("m", BridgeType.MQTT, Map.of("password", "p", "qos", "3", "topic", "a/#")).problems())
                .containsExactlyInAnyOrder("setting 'host' is required for MQTT bridges",
                        "setting 'password' needs a 'username' (MQTT 3.1.1 sends no password alone)",
                        "setting 'topic' must be a topic name without wildcards, not 'a/#'",
                        "setting 'qos' must be between 0 and 2, not 3");
        assertThat(new BridgeConfig("t", null, true, Map.of(), 1, 0, Duration.ofMillis(1), Duration.ofMillis(1), 1)
                .problems()).containsExactly("type is required (one of HTTP, KAFKA, RABBITMQ, MQTT)");
    }

    @Test
    void secretsAreMaskedWhenPrinted() {
        BridgeConfig c = BridgeConfig.of("r", BridgeType.RABBITMQ, Map.of("uri", "amqp://guest:s3cret@host:5672"));
        BridgeConfig m = BridgeConfig.of("m", BridgeType.MQTT, Map.of("host", "h", "username", "u", "password", "s3cret"));

        assertThat(c.toString()).doesNotContain("s3cret").contains("amqp://***@host:5672");
        assertThat(m.toString()).doesNotContain("s3cret").contains("password=***");
    }

    @Test
    void equalSettingsMakeEqualConfigurationsWhateverTheMapType() {
        Map<String, String> a = new java.util.HashMap<>(Map.of("url", "http://h/x", "method", "PUT"));
        Map<String, String> b = new java.util.LinkedHashMap<>();
        b.put("method", "PUT");
        b.put("url", "http://h/x");

        assertThat(BridgeConfig.of("x", BridgeType.HTTP, a)).isEqualTo(BridgeConfig.of("x", BridgeType.HTTP, b));
    }

    @Test
    void jsonFormRoundTrips() {
        BridgeConfig c = BridgeConfig.of("k", BridgeType.KAFKA, Map.of("bootstrap-servers", "h:1", "topic", "t"))
                .withBufferSize(42).withRetries(7, Duration.ofMillis(20), Duration.ofSeconds(2)).withMaxInflight(3)
                .withEnabled(false);

        assertThat(BridgeConfigJson.fromJson("k", BridgeType.KAFKA, false, BridgeConfigJson.toJson(c))).isEqualTo(c);
        assertThat(BridgeConfigJson.fromJson("k", BridgeType.KAFKA, true, "{}"))
                .isEqualTo(BridgeConfig.of("k", BridgeType.KAFKA, Map.of()));
        assertThat(BridgeConfigJson.fromJson("k", BridgeType.KAFKA, true, null))
                .isEqualTo(BridgeConfig.of("k", BridgeType.KAFKA, Map.of()));
    }

    @Test
    void settingsOfAnyJsonTypeAreReadAsStrings() {
        BridgeConfig c = BridgeConfigJson.fromJson("m", BridgeType.MQTT, true,
                "{\"settings\": {\"host\": \"h\", \"port\": 1884, \"tls\": true, \"topic\": null}, \"maxRetries\": 5}");

        assertThat(c.settings()).containsExactly(Map.entry("host", "h"), Map.entry("port", "1884"),
                Map.entry("tls", "true"));
        assertThat(c.maxRetries()).isEqualTo(5);
        assertThat(c.bufferSize()).isEqualTo(BridgeConfig.DEFAULT_BUFFER_SIZE);
    }

    @Test
    void jsonOfTheWrongShapeCannotBeRead() {
        assertThatThrownBy(() -> BridgeConfigJson.fromJson("k", BridgeType.KAFKA, true, "{\"bufferSize\": \"many\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bufferSize");
        assertThatThrownBy(() -> BridgeConfigJson.fromJson("k", BridgeType.KAFKA, true, "{\"settings\": [1]}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("settings");
        assertThatThrownBy(() -> BridgeConfigJson.fromJson("k", BridgeType.KAFKA, true, "{not json"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMaskedConfigurationHidesSecretsAndKeepsTheRest() {
        BridgeConfig c = BridgeConfig.of("m", BridgeType.HTTP, Map.of("url", "https://user:s3cret@example.test/hook",
                "header.Authorization", "Bearer s3cret", "header.X-Api-Token", "t0k", "method", "PUT"));

        BridgeConfig masked = c.masked();

        assertThat(masked.settings()).containsExactly(Map.entry("header.Authorization", "***"),
                Map.entry("header.X-Api-Token", "***"), Map.entry("method", "PUT"),
                Map.entry("url", "https://***@example.test/hook"));
        assertThat(masked.withSettings(c.settings())).isEqualTo(c);
        assertThat(c.toString()).contains("settings=" + masked.settings());
        assertThat(BridgeConfig.isSecret("password")).isTrue();
        assertThat(BridgeConfig.isSecret("producer.sasl.jaas.config")).isTrue();
        assertThat(BridgeConfig.isSecret("username")).isFalse();
    }
}
