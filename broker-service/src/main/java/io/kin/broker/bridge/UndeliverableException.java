package io.kin.broker.bridge;

/**
 * A delivery the external system refused for good (e.g. HTTP 400, no topic to send to): the record counts as
 * failed at once, since retrying would only repeat the refusal, and the bridge is not considered down.
 */
class UndeliverableException extends RuntimeException {

    UndeliverableException(String message) {
        super(message, null, false, false);
    }
}
