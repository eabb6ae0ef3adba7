package io.kin.broker.routing;

import java.util.Locale;

/** How a {@link SharedGroup} chooses the one member that gets each message. */
public enum DispatchStrategy {
    /** Members in turn. */
    ROUND_ROBIN,
    /** Any member, uniformly. */
    RANDOM,
    /** The same member until it leaves the group or goes offline. */
    STICKY,
    /** By the publisher's client id, so one publisher's messages stay on one member and keep their order. */
    HASH;

    /** Reads the configuration spelling: {@code round-robin}, {@code random}, {@code sticky}, {@code hash}. */
    public static DispatchStrategy fromConfig(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "round-robin" -> ROUND_ROBIN;
            case "random" -> RANDOM;
            case "sticky" -> STICKY;
            case "hash" -> HASH;
            default -> throw new IllegalArgumentException("unknown shared subscription strategy '" + value
                    + "'; expected one of round-robin, random, sticky, hash");
        };
    }
}
