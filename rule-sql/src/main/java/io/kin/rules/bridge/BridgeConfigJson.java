package io.kin.rules.bridge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The JSON form of what a {@link BridgeConfig} holds besides name, type and enabled (those are columns):
 * {@code {"settings": {...}, "bufferSize": 10000, "maxRetries": 3, "backoffMillis": 500, "maxBackoffMillis": 30000,
 * "maxInflight": 16}}. Missing numbers take the defaults.
 */
public final class BridgeConfigJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private BridgeConfigJson() {
    }

    /** The JSON text of the configuration (as stored in {@code kin_bridge.config}). */
    public static String toJson(BridgeConfig c) {
        ObjectNode json = MAPPER.createObjectNode();
        ObjectNode settings = json.putObject("settings");
        c.settings().forEach(settings::put);
        json.put("bufferSize", c.bufferSize())
                .put("maxRetries", c.maxRetries())
                .put("backoffMillis", c.backoff().toMillis())
                .put("maxBackoffMillis", c.maxBackoff().toMillis())
                .put("maxInflight", c.maxInflight());
        try {
            return MAPPER.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("bridge configuration could not be written as JSON", e);
        }
    }

    /**
     * Reads the JSON text back (null or blank reads as {@code {}}); settings values of any JSON type become strings.
     *
     * @throws IllegalArgumentException when the text is not a JSON object of this form
     */
    public static BridgeConfig fromJson(String name, BridgeType type, boolean enabled, String json) {
        JsonNode j;
        try {
            j = json == null || json.isBlank() ? MAPPER.createObjectNode() : MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bridge configuration is not JSON: " + e.getOriginalMessage(), e);
        }
        if (j == null || j.isNull() || j.isMissingNode()) {
            j = MAPPER.createObjectNode();
        }
        if (!j.isObject()) {
            throw new IllegalArgumentException("bridge configuration must be a JSON object, not " + j.getNodeType());
        }
        Map<String, String> settings = new HashMap<>();
        JsonNode s = j.get("settings");
        if (s != null) {
            if (!s.isObject()) {
                throw new IllegalArgumentException("'settings' must be a JSON object, not " + s.getNodeType());
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                if (v != null && !v.isNull()) {
                    settings.put(e.getKey(), v.isValueNode() ? v.asText() : v.toString());
                }
            }
        }
        return new BridgeConfig(name, type, enabled, settings,
                (int) number(j, "bufferSize", BridgeConfig.DEFAULT_BUFFER_SIZE),
                (int) number(j, "maxRetries", BridgeConfig.DEFAULT_MAX_RETRIES),
                Duration.ofMillis(number(j, "backoffMillis", BridgeConfig.DEFAULT_BACKOFF.toMillis())),
                Duration.ofMillis(number(j, "maxBackoffMillis", BridgeConfig.DEFAULT_MAX_BACKOFF.toMillis())),
                (int) number(j, "maxInflight", BridgeConfig.DEFAULT_MAX_INFLIGHT));
    }

    /** The field as a whole number, or {@code fallback} when it is missing. */
    private static long number(JsonNode json, String field, long fallback) {
        if (!json.has(field)) {
            return fallback;
        }
        JsonNode v = json.get(field);
        if (!v.isNumber()) {
            throw new IllegalArgumentException("'" + field + "' must be a number, not " + v.getNodeType());
        }
        return v.longValue();
    }
}
