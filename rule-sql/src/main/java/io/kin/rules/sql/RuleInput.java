package io.kin.rules.sql;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * What one rule evaluation reads: a message (topic, qos, payload...) or a client event (reason, topic filter...).
 * The well-known fields sit in fixed slots a compiled rule indexes directly; any other field (event-specific ones
 * such as {@code from_clientid}) goes by name. The payload is kept raw (bytes or text) and decoded from JSON only
 * by rules that read it.
 *
 * <p>Values are normalized when set: integers become {@code Long}, floating point numbers {@code Double}.
 * Build one per message with {@link #builder()}; a built input is immutable.
 */
public final class RuleInput {

    /** Slot order is also the order {@code SELECT *} lists the fields in. */
    private static final String[] SLOT_NAMES = {
        "id", "event", "clientid", "username", "peerhost", "topic", "qos", "retain", "payload", "user_properties",
        "reason", "timestamp", "node"};
    static final int PAYLOAD = 8;

    private final Object[] slots;
    private final Map<String, Object> others;

    private RuleInput(Object[] slots, Map<String, Object> others) {
        this.slots = slots;
        this.others = others;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** An input from any map of fields, e.g. a test context given to the admin API as JSON. */
    public static RuleInput of(Map<String, ?> fields) {
        Builder builder = builder();
        fields.forEach(builder::field);
        return builder.build();
    }

    /** A field as set (payload raw); null when absent. */
    public Object get(String name) {
        int slot = slotOf(name);
        return slot >= 0 ? slots[slot] : others.get(name);
    }

    /** All fields that are set, in {@code SELECT *} order, payload raw. */
    public Map<String, Object> fields() {
        Map<String, Object> all = new LinkedHashMap<>();
        forEach(all::put);
        return Collections.unmodifiableMap(all);
    }

    void forEach(BiConsumer<String, Object> action) {
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] != null) {
                action.accept(SLOT_NAMES[i], slots[i]);
            }
        }
        others.forEach(action);
    }

    Object slot(int slot) {
        return slots[slot];
    }

    Object other(String name) {
        return others.get(name);
    }

    /** The slot of a well-known field, or -1. */
    static int slotOf(String name) {
        for (int i = 0; i < SLOT_NAMES.length; i++) {
            if (SLOT_NAMES[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return "RuleInput" + fields();
    }

    /** Collects the fields of one input; {@link #build()} once. */
    public static final class Builder {

        private Object[] slots = new Object[SLOT_NAMES.length];
        private Map<String, Object> others = Map.of();

        private Builder() {
        }

        public Builder id(String id) {
            return slot(0, id);
        }

        /** The event name for event inputs, e.g. {@code client_connected}. */
        public Builder event(String event) {
            return slot(1, event);
        }

        public Builder clientId(String clientId) {
            return slot(2, clientId);
        }

        public Builder username(String username) {
            return slot(3, username);
        }

        public Builder peerhost(String peerhost) {
            return slot(4, peerhost);
        }

        /** The message topic, or the subscription's topic filter for session events. */
        public Builder topic(String topic) {
            return slot(5, topic);
        }

        public Builder qos(int qos) {
            return slot(6, (long) qos);
        }

        public Builder retain(boolean retain) {
            return slot(7, retain);
        }

        public Builder payload(byte[] payload) {
            return slot(PAYLOAD, payload);
        }

        public Builder payload(String payload) {
            return slot(PAYLOAD, payload);
        }

        public Builder userProperties(Map<String, String> userProperties) {
            return slot(9, userProperties == null ? null : Collections.unmodifiableMap(userProperties));
        }

        public Builder reason(String reason) {
            return slot(10, reason);
        }

        /** Milliseconds since the epoch. */
        public Builder timestamp(long timestamp) {
            return slot(11, timestamp);
        }

        public Builder node(String node) {
            return slot(12, node);
        }

        /**
         * Any field by name; a well-known name fills its slot. Numbers are normalized to Long/Double; maps and lists
         * are taken as they are (their numbers should already be Long/Double, as JSON decoding gives them).
         */
        public Builder field(String name, Object value) {
            int slot = slotOf(name);
            Object normalized = slot == PAYLOAD ? value : Values.normalize(value);
            if (slot >= 0) {
                return slot(slot, normalized);
            }
            if (others.isEmpty()) {
                others = new LinkedHashMap<>();
            }
            others.put(name, normalized);
            return this;
        }

        public RuleInput build() {
            if (slots == null) {
                throw new IllegalStateException("build() was already called");
            }
            RuleInput input = new RuleInput(slots, others.isEmpty() ? Map.of() : Collections.unmodifiableMap(others));
            slots = null;
            others = null;
            return input;
        }

        private Builder slot(int slot, Object value) {
            if (slots == null) {
                throw new IllegalStateException("build() was already called");
            }
            slots[slot] = value;
            return this;
        }

        @Override
        public String toString() {
            return "RuleInput.Builder" + (slots == null ? "(built)" : Arrays.toString(slots));
        }
    }
}
