package io.kin.rules.bridge;

/**
 * A remote MQTT broker (MQTT 3.1.1): {@code host} (required), {@code port} (1883, or 8883 with TLS),
 * {@code username}/{@code password}, {@code tls} (false) with {@code tls-trust-all} (false: the server certificate
 * and host name are checked), {@code client-id} (default kin-{node}-{bridge}, unique per node so the nodes of a
 * cluster do not take each other's connection over), {@code topic} (the default when a record names none),
 * {@code qos} (1) and {@code retain} (false) when the record leaves them open, {@code keep-alive-seconds} (30),
 * {@code timeout-ms} (10000: connecting, and waiting for PUBACK/PUBCOMP).
 */
public record MqttSettings(String host, int port, String username, String password, boolean tls, boolean trustAll,
                    String clientId, String topic, int qos, boolean retain, int keepAliveSeconds, int timeoutMs) {

    public static MqttSettings read(Settings s) {
        String host = s.required("host");
        boolean tls = s.flag("tls", false);
        int port = s.integer("port", tls ? 8883 : 1883, 1, 65_535);
        String username = s.text("username", null);
        String password = s.text("password", null);
        if (password != null && username == null) {
            s.problem("setting 'password' needs a 'username' (MQTT 3.1.1 sends no password alone)");
        }
        String topic = s.text("topic", null);
        if (topic != null && (topic.contains("+") || topic.contains("#"))) {
            s.problem("setting 'topic' must be a topic name without wildcards, not '" + topic + "'");
        }
        return new MqttSettings(host, port, username, password, tls, s.flag("tls-trust-all", false),
                s.text("client-id", null), topic, s.integer("qos", 1, 0, 2), s.flag("retain", false),
                s.integer("keep-alive-seconds", 30, 0, 65_535), s.integer("timeout-ms", 10_000, 100, 600_000));
    }
}
