package io.kin.rules.bridge;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * How one bridge is set up. The kind-specific settings are strings (as stored and as the admin API takes them); see
 * {@link HttpSettings}, {@link KafkaSettings}, {@link RabbitMqSettings} and {@link MqttSettings} for the keys.
 *
 * @param bufferSize  records held while the system is slow or down; more are dropped (and counted)
 * @param maxRetries  further attempts after a failed delivery before the record counts as failed
 * @param backoff     wait after the first failure; it doubles with every failure in a row, up to {@code maxBackoff}
 * @param maxInflight deliveries under way at once while the system answers well (one at a time after a failure)
 */
public record BridgeConfig(String name, BridgeType type, boolean enabled, Map<String, String> settings, int bufferSize,
                           int maxRetries, Duration backoff, Duration maxBackoff, int maxInflight) {

    public static final int DEFAULT_BUFFER_SIZE = 10_000;
    public static final int DEFAULT_MAX_RETRIES = 3;
    public static final Duration DEFAULT_BACKOFF = Duration.ofMillis(500);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_INFLIGHT = 16;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    public BridgeConfig {
        // sorted, so that equal settings compare equal and print the same
        settings = settings == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(settings));
    }

    /** An enabled bridge with the default buffer, retries and back-off. */
    public static BridgeConfig of(String name, BridgeType type, Map<String, String> settings) {
        return new BridgeConfig(name, type, true, settings, DEFAULT_BUFFER_SIZE, DEFAULT_MAX_RETRIES, DEFAULT_BACKOFF,
                DEFAULT_MAX_BACKOFF, DEFAULT_MAX_INFLIGHT);
    }

    public BridgeConfig withEnabled(boolean enabled) {
        return new BridgeConfig(name, type, enabled, settings, bufferSize, maxRetries, backoff, maxBackoff, maxInflight);
    }

    public BridgeConfig withSettings(Map<String, String> settings) {
        return new BridgeConfig(name, type, enabled, settings, bufferSize, maxRetries, backoff, maxBackoff, maxInflight);
    }

    public BridgeConfig withBufferSize(int bufferSize) {
        return new BridgeConfig(name, type, enabled, settings, bufferSize, maxRetries, backoff, maxBackoff, maxInflight);
    }

    public BridgeConfig withRetries(int maxRetries, Duration backoff, Duration maxBackoff) {
        return new BridgeConfig(name, type, enabled, settings, bufferSize, maxRetries, backoff, maxBackoff, maxInflight);
    }

    public BridgeConfig withMaxInflight(int maxInflight) {
        return new BridgeConfig(name, type, enabled, settings, bufferSize, maxRetries, backoff, maxBackoff, maxInflight);
    }

    /** Everything wrong with this configuration, as sentences for a user; empty when it can be used. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (name == null || !NAME.matcher(name).matches()) {
            problems.add("name must be 1 to 64 letters, digits, '.', '_' or '-' (starting with a letter or digit), not '"
                    + name + "'");
        }
        if (bufferSize < 1 || bufferSize > 1_000_000) {
            problems.add("buffer size must be between 1 and 1000000, not " + bufferSize);
        }
        if (maxRetries < 0 || maxRetries > 1000) {
            problems.add("max retries must be between 0 and 1000, not " + maxRetries);
        }
        if (maxInflight < 1 || maxInflight > 1000) {
            problems.add("max in-flight must be between 1 and 1000, not " + maxInflight);
        }
        if (backoff == null || backoff.toMillis() < 1) {
            problems.add("backoff must be at least 1 ms");
        } else if (maxBackoff == null || maxBackoff.compareTo(backoff) < 0 || maxBackoff.compareTo(Duration.ofHours(1)) > 0) {
            problems.add("max backoff must be between the backoff (" + backoff.toMillis() + " ms) and 1 hour");
        }
        if (type == null) {
            problems.add("type is required (one of HTTP, KAFKA, RABBITMQ, MQTT)");
        } else {
            readSettings(problems);
        }
        return problems;
    }

    /** This configuration, or an exception listing all its problems. */
    public BridgeConfig validated() {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new InvalidBridgeConfigException(name, problems);
        }
        return this;
    }

    /**
     * The typed settings of a validated configuration, e.g. {@code config.settings(HttpSettings::read)} (the broker's
     * transports take them).
     */
    public <T> T settings(Function<Settings, T> reader) {
        return reader.apply(new Settings(type, settings, new ArrayList<>()));
    }

    private void readSettings(List<String> problems) {
        Settings s = new Settings(type, settings, problems);
        switch (type) {
            case HTTP -> HttpSettings.read(s);
            case KAFKA -> KafkaSettings.read(s);
            case RABBITMQ -> RabbitMqSettings.read(s);
            case MQTT -> MqttSettings.read(s);
        }
        s.rejectUnknown();
    }

    /** The mask that replaces a secret setting, and the user information of a URI. */
    public static final String MASK = "***";

    /**
     * The settings with secrets masked: settings named like a password, secret, token, authorization or SASL JAAS
     * config are replaced by {@value #MASK}, and credentials in URIs ({@code amqp://user:pass@host}) by
     * {@code ://***@}. For what is logged or shown to users; never for connecting.
     */
    public Map<String, String> maskedSettings() {
        Map<String, String> shown = new TreeMap<>();
        settings.forEach((k, v) -> shown.put(k, isSecret(k) ? MASK : maskCredentials(v)));
        return java.util.Collections.unmodifiableMap(shown);
    }

    /** This configuration with {@link #maskedSettings() secrets masked}: to show, never to connect with. */
    public BridgeConfig masked() {
        return withSettings(maskedSettings());
    }

    /** Whether a setting holds a secret by its name (password, secret, token, authorization, sasl.jaas...). */
    public static boolean isSecret(String key) {
        String lower = key.toLowerCase(java.util.Locale.ROOT);
        return lower.contains("password") || lower.contains("secret") || lower.contains("token")
                || lower.contains("authorization") || lower.contains("sasl.jaas");
    }

    private static String maskCredentials(String value) {
        return value.replaceAll("://[^/@]*@", "://" + MASK + "@");
    }

    /** Secrets (passwords, credentials in URIs) masked, since configurations end up in logs. */
    @Override
    public String toString() {
        return "BridgeConfig[name=" + name + ", type=" + type + ", enabled=" + enabled + ", settings=" + maskedSettings()
                + ", bufferSize=" + bufferSize + ", maxRetries=" + maxRetries + ", backoff=" + backoff
                + ", maxBackoff=" + maxBackoff + ", maxInflight=" + maxInflight + "]";
    }
}
