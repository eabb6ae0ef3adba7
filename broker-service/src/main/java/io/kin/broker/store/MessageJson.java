package io.kin.broker.store;

import io.kin.broker.message.MessageProperties;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** MQTT 5 message properties as the {@code properties jsonb} columns keep them: readable for operators and SQL. */
public final class MessageJson {

    private MessageJson() {
    }

    /** JSON for the properties, or null when there are none (the column stays NULL). */
    public static JsonObject toJson(MessageProperties p) {
        if (p == null || p.isEmpty()) {
            return null;
        }
        JsonObject json = new JsonObject();
        if (p.payloadFormatIndicator() != null) {
            json.put("payloadFormatIndicator", p.payloadFormatIndicator());
        }
        if (p.contentType() != null) {
            json.put("contentType", p.contentType());
        }
        if (p.responseTopic() != null) {
            json.put("responseTopic", p.responseTopic());
        }
        if (p.correlationData() != null) {
            json.put("correlationData", Base64.getEncoder().encodeToString(p.correlationData()));
        }
        if (!p.userProperties().isEmpty()) {
            JsonArray user = new JsonArray();
            for (MessageProperties.UserProperty u : p.userProperties()) {
                user.add(new JsonObject().put("key", u.key()).put("value", u.value()));
            }
            json.put("userProperties", user);
        }
        return json;
    }

    public static MessageProperties fromJson(JsonObject json) {
        if (json == null || json.isEmpty()) {
            return MessageProperties.NONE;
        }
        List<MessageProperties.UserProperty> user = new ArrayList<>();
        JsonArray array = json.getJsonArray("userProperties");
        if (array != null) {
            for (int i = 0; i < array.size(); i++) {
                JsonObject u = array.getJsonObject(i);
                user.add(new MessageProperties.UserProperty(u.getString("key"), u.getString("value")));
            }
        }
        String correlation = json.getString("correlationData");
        return new MessageProperties(json.getInteger("payloadFormatIndicator"), json.getString("contentType"),
                json.getString("responseTopic"), correlation == null ? null : Base64.getDecoder().decode(correlation),
                user);
    }
}
