package io.kin.broker.routing;

/** A SUBSCRIBE or UNSUBSCRIBE carried a topic filter MQTT does not allow; the message says what is wrong with it. */
public final class InvalidTopicFilterException extends RuntimeException {

    public InvalidTopicFilterException(String message) {
        super(message);
    }
}
