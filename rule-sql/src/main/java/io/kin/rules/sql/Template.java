package io.kin.rules.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A text with placeholders, such as {@code alarm/${clientid}/${t}} or {@code ${payload.temp}}, compiled once and
 * rendered against a rule's output per message. A placeholder is a field path: {@code ${a.b}}, {@code ${list[1]}}
 * (1-based). An output key that is exactly the placeholder text wins over nesting, so {@code ${payload.list[1]}}
 * also finds the column an unaliased {@code SELECT payload.list[1]} produced.
 *
 * <p>Rendering: a missing or null value is the empty string; strings as they are; numbers and booleans as plain
 * text; maps and lists as JSON. Immutable and thread-safe.
 */
public final class Template {

    private final String text;
    /** String literal parts and FieldPath placeholders, in order. */
    private final Object[] parts;

    private Template(String text, Object[] parts) {
        this.text = text;
        this.parts = parts;
    }

    /**
     * @throws RuleSqlException for an unclosed {@code ${}, an empty placeholder or a malformed path, with its position
     */
    public static Template compile(String template) {
        Objects.requireNonNull(template, "template");
        SourceText source = new SourceText(template);
        List<Object> parts = new ArrayList<>();
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf("${", i);
            if (open < 0) {
                parts.add(template.substring(i));
                break;
            }
            if (open > i) {
                parts.add(template.substring(i, open));
            }
            int close = template.indexOf('}', open + 2);
            if (close < 0) {
                throw source.error("unclosed placeholder: '${' without '}'", open);
            }
            String inner = template.substring(open + 2, close);
            String path = inner.strip();
            if (path.isEmpty()) {
                throw source.error("empty placeholder '${}'", open);
            }
            try {
                parts.add(FieldPath.parse(path));
            } catch (FieldPath.BadPath e) {
                int leading = inner.indexOf(path.charAt(0));
                throw source.error(e.getMessage(), open + 2 + leading + e.index);
            }
            i = close + 1;
        }
        return new Template(template, parts.toArray());
    }

    public String render(Map<String, ?> values) {
        if (parts.length == 1 && parts[0] instanceof String constant) {
            return constant;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (Object part : parts) {
            if (part instanceof String literal) {
                out.append(literal);
            } else {
                String value = Values.toText(lookup((FieldPath) part, values));
                if (value != null) {
                    out.append(value);
                }
            }
        }
        return out.toString();
    }

    private static Object lookup(FieldPath path, Map<String, ?> values) {
        Object exact = values.get(path.text());
        if (exact != null || path.length() == 1) {
            return exact;
        }
        return path.navigate(values.get(path.head()), 1);
    }

    /** The placeholders' paths as written, e.g. {@code [clientid, payload.temp]}. */
    public List<String> placeholders() {
        List<String> names = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof FieldPath path) {
                names.add(path.text());
            }
        }
        return names;
    }

    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
