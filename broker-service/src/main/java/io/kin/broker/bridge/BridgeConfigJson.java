package io.kin.broker.bridge;

import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The JSON form of what a {@link BridgeConfig} holds besides name, type and enabled (those are columns):
 * {@code {"settings": {...}, "bufferSize": 10000, "maxRetries": 3, "backoffMillis": 500, "maxBackoffMillis": 30000,
 * "maxInflight": 16}}. Missing numbers take the defaults.
 */
public final class BridgeConfigJson {

    private BridgeConfigJson() {
    }

    public static JsonObject toJson(BridgeConfig c) {
        return new JsonObject()
                .put("settings", new JsonObject(new HashMap<>(c.settings())))
                .put("bufferSize", c.bufferSize())
                .put("maxRetries", c.maxRetries())
                .put("backoffMillis", c.backoff().toMillis())
                .put("maxBackoffMillis", c.maxBackoff().toMillis())
                .put("maxInflight", c.maxInflight());
    }

    /** Reads the JSON form back; settings values of any JSON type become strings. */
    public static BridgeConfig fromJson(String name, BridgeType type, boolean enabled, JsonObject json) {
        JsonObject j = json == null ? new JsonObject() : json;
        Map<String, String> settings = new HashMap<>();
        JsonObject s = j.getJsonObject("settings", new JsonObject());
        for (String key : s.fieldNames()) {
            Object v = s.getValue(key);
            if (v != null) {
                settings.put(key, String.valueOf(v));
            }
        }
        return new BridgeConfig(name, type, enabled, settings,
                j.getInteger("bufferSize", BridgeConfig.DEFAULT_BUFFER_SIZE),
                j.getInteger("maxRetries", BridgeConfig.DEFAULT_MAX_RETRIES),
                Duration.ofMillis(j.getLong("backoffMillis", BridgeConfig.DEFAULT_BACKOFF.toMillis())),
                Duration.ofMillis(j.getLong("maxBackoffMillis", BridgeConfig.DEFAULT_MAX_BACKOFF.toMillis())),
                j.getInteger("maxInflight", BridgeConfig.DEFAULT_MAX_INFLIGHT));
    }
}
