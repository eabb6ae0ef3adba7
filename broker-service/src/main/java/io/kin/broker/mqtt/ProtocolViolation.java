package io.kin.broker.mqtt;

import io.netty.handler.codec.mqtt.MqttReasonCodes;

/** A packet broke the protocol: the connection is closed with this reason code (MQTT 5) or without a word (3.x). */
public final class ProtocolViolation extends RuntimeException {

    private final MqttReasonCodes.Disconnect reason;

    public ProtocolViolation(MqttReasonCodes.Disconnect reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public MqttReasonCodes.Disconnect reason() {
        return reason;
    }
}
