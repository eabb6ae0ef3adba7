package io.kin.rules.sql;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** now() and date_format(). Timestamps are milliseconds since the epoch; formatting is in UTC. */
final class TimeFunctions {

    private TimeFunctions() {
    }

    static Object now(Evaluation ev) {
        return ev.now();
    }

    /**
     * A formatter for a {@link DateTimeFormatter} pattern in UTC.
     *
     * @throws IllegalArgumentException for an invalid pattern
     */
    static DateTimeFormatter formatter(String pattern) {
        return DateTimeFormatter.ofPattern(pattern).withZone(ZoneOffset.UTC);
    }

    static Object format(DateTimeFormatter formatter, Object timestamp) {
        try {
            return formatter.format(Instant.ofEpochMilli(Values.toLong(timestamp, "date_format")));
        } catch (DateTimeException e) {
            throw new RuleEvaluationException("date_format: " + e.getMessage());
        }
    }

    static Object format(Object timestamp, Object pattern) {
        DateTimeFormatter formatter;
        try {
            formatter = formatter(Values.toText(pattern));
        } catch (IllegalArgumentException e) {
            throw new RuleEvaluationException("date_format: invalid pattern '" + pattern + "': " + e.getMessage());
        }
        return format(formatter, timestamp);
    }
}
