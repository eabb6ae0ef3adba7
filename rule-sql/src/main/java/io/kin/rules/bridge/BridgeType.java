package io.kin.rules.bridge;

/** The external systems a bridge can send to. */
public enum BridgeType {
    HTTP,
    KAFKA,
    RABBITMQ,
    MQTT
}
