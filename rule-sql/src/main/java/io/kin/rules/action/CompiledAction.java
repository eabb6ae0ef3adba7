package io.kin.rules.action;

import io.kin.rules.sql.OutputJson;
import io.kin.rules.sql.RuleSqlException;
import io.kin.rules.sql.Template;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** An action with its templates compiled once; {@link #render} fills them per output row. Immutable. */
public sealed interface CompiledAction {

    RenderedAction render(Map<String, Object> row);

    /**
     * Compiles and checks an action.
     *
     * @param position the action's place in the rule (1-based), named in error messages
     * @throws InvalidActionException with a message that says which action and field is wrong
     */
    static CompiledAction compile(RuleAction action, int position) {
        if (action == null) {
            throw new InvalidActionException("action " + position + ": missing");
        }
        if (action instanceof RuleAction.Republish r) {
            return new Republish(template(r.topic(), position, "topic", true), qos(r.qos(), position),
                    r.retain() != null && r.retain(), template(r.payload(), position, "payload", false));
        }
        RuleAction.ToBridge b = (RuleAction.ToBridge) action;
        if (b.bridge() == null || b.bridge().isBlank()) {
            throw new InvalidActionException("action " + position + ": 'bridge' (the bridge's name) is required");
        }
        Map<String, Template> headers = new LinkedHashMap<>();
        if (b.headers() != null) {
            b.headers().forEach((name, value) -> headers.put(name, template(value, position, "headers." + name, false)));
        }
        return new ToBridge(b.bridge(), template(b.target(), position, "target", false),
                template(b.key(), position, "key", false), template(b.payload(), position, "payload", false),
                Map.copyOf(headers), b.qos() == null ? null : qos(b.qos(), position), b.retain());
    }

    private static Template template(String text, int position, String field, boolean required) {
        if (text == null || text.isEmpty()) {
            if (required) {
                throw new InvalidActionException("action " + position + ": '" + field + "' is required");
            }
            return null;
        }
        try {
            return Template.compile(text);
        } catch (RuleSqlException e) {
            throw new InvalidActionException("action " + position + ": '" + field + "' at column " + e.column()
                    + ": " + e.reason());
        }
    }

    private static int qos(Integer qos, int position) {
        if (qos == null) {
            return 0;
        }
        if (qos < 0 || qos > 2) {
            throw new InvalidActionException("action " + position + ": 'qos' must be 0, 1 or 2, was " + qos);
        }
        return qos;
    }

    private static String text(Template t, Map<String, Object> row) {
        return t == null ? "" : t.render(row);
    }

    /** A missing payload template sends the whole row as JSON, as a consumer would want by default. */
    private static byte[] bytes(Template t, Map<String, Object> row) {
        return (t == null ? OutputJson.encode(row) : t.render(row)).getBytes(StandardCharsets.UTF_8);
    }

    record Republish(Template topic, int qos, boolean retain, Template payload) implements CompiledAction {
        @Override
        public RenderedAction render(Map<String, Object> row) {
            return new RenderedAction.Republish(topic.render(row), qos, retain, bytes(payload, row));
        }
    }

    record ToBridge(String bridge, Template target, Template key, Template payload, Map<String, Template> headers,
                    Integer qos, Boolean retain) implements CompiledAction {
        @Override
        public RenderedAction render(Map<String, Object> row) {
            Map<String, String> rendered = new LinkedHashMap<>();
            headers.forEach((name, value) -> rendered.put(name, value.render(row)));
            return new RenderedAction.ToBridge(bridge, text(target, row), key == null ? null : key.render(row),
                    bytes(payload, row), rendered, qos, retain);
        }
    }
}
