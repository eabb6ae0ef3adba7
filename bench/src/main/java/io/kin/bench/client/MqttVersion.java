package io.kin.bench.client;

/** The protocol version the load clients speak. */
public enum MqttVersion {
    V3("3.1.1"),
    V5("5.0");

    private final String label;

    MqttVersion(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Accepts what people type: {@code 3}, {@code 3.1.1}, {@code 5}, {@code 5.0}. */
    public static MqttVersion parse(String text) {
        return switch (text.trim()) {
            case "3", "3.1.1", "311" -> V3;
            case "5", "5.0" -> V5;
            default -> throw new IllegalArgumentException("MQTT version must be 3 or 5, not '" + text + "'");
        };
    }
}
