package io.kin.rules.action;

/** A rule action that cannot be used as written; the message names the action and the field. */
public final class InvalidActionException extends RuntimeException {

    public InvalidActionException(String message) {
        super(message);
    }
}
