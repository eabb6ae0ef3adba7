package io.kin.broker.mqtt.connect;

import io.kin.broker.message.Message;

/**
 * A client's will: the message to publish if its connection ends without a normal DISCONNECT.
 *
 * @param delaySeconds the Will Delay Interval (MQTT 5), 0 = publish at once
 */
public record Will(Message message, long delaySeconds) implements java.io.Serializable {
}
