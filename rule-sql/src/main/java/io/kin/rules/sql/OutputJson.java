package io.kin.rules.sql;

/** Writes a rule's output (maps, lists, strings, numbers, booleans) as JSON, as {@code json_encode} does. */
public final class OutputJson {

    private OutputJson() {
    }

    public static String encode(Object value) {
        return Json.encode(value);
    }
}
