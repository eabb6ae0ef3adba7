package io.kin.rules.action;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** An action with its templates filled in for one output row: what is sent, or what a trial says would be sent. */
public sealed interface RenderedAction {

    record Republish(String topic, int qos, boolean retain, byte[] payload) implements RenderedAction {
        public String payloadText() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /** {@code qos} and {@code retain} are null when the action leaves them to the bridge's own settings. */
    record ToBridge(String bridge, String target, String key, byte[] payload, Map<String, String> headers,
                    Integer qos, Boolean retain) implements RenderedAction {
        public String payloadText() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }
}
