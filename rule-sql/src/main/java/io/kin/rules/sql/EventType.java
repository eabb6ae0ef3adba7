package io.kin.rules.sql;

import java.util.Locale;
import java.util.Optional;

/** The client events a rule can select {@code FROM "$events/..."} instead of a topic filter. */
public enum EventType {
    CLIENT_CONNECTED,
    CLIENT_DISCONNECTED,
    SESSION_SUBSCRIBED,
    SESSION_UNSUBSCRIBED,
    MESSAGE_DELIVERED,
    MESSAGE_ACKED,
    MESSAGE_DROPPED;

    /** Every event source starts with this; no topic filter may. */
    public static final String PREFIX = "$events/";

    private final String source = PREFIX + name().toLowerCase(Locale.ROOT);

    /** The name used in FROM and passed to {@link CompiledRule#matches(String)}, e.g. {@code $events/client_connected}. */
    public String source() {
        return source;
    }

    public static Optional<EventType> fromSource(String source) {
        for (EventType type : values()) {
            if (type.source.equals(source)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
