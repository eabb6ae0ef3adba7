package io.kin.rules.sql;

/**
 * Evaluating a compiled rule against one message failed (division by zero, a bad cast, undecodable Base64...).
 * Only that evaluation is affected: the compiled rule holds no state and stays usable.
 */
public final class RuleEvaluationException extends RuntimeException {

    public RuleEvaluationException(String message) {
        super(message);
    }

    public RuleEvaluationException(String message, Throwable cause) {
        super(message, cause);
    }
}
