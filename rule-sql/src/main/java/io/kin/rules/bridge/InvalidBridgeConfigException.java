package io.kin.rules.bridge;

import java.util.List;

/** A bridge configuration that cannot be used, with every problem found (for the admin API to show). */
public class InvalidBridgeConfigException extends IllegalArgumentException {

    private final List<String> problems;

    public InvalidBridgeConfigException(String name, List<String> problems) {
        super("bridge '" + name + "' is invalid: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
