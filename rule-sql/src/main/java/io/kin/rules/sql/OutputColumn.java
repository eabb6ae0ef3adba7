package io.kin.rules.sql;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One SELECT item and where its value goes in the output map. */
sealed interface OutputColumn {

    void write(Evaluation ev, int index, Map<String, Object> out);

    /** {@code *}: every input field, payload decoded. */
    record AllFields() implements OutputColumn {
        @Override
        public void write(Evaluation ev, int index, Map<String, Object> out) {
            ev.input().forEach((name, value) -> out.put(name, name.equals("payload") ? ev.payload() : value));
        }
    }

    /** An aliased or plain column: {@code payload.temp AS t}, {@code clientid}, {@code qos + 1}. */
    record Named(String name, Expr expr) implements OutputColumn {
        @Override
        public void write(Evaluation ev, int index, Map<String, Object> out) {
            out.put(name, ev.column(index));
        }
    }

    /** An unaliased path such as {@code payload.a.b}: nested in the output as {@code {"payload": {"a": {"b": ...}}}}. */
    record Nested(List<String> keys, Expr expr) implements OutputColumn {
        @Override
        @SuppressWarnings("unchecked")
        public void write(Evaluation ev, int index, Map<String, Object> out) {
            Object value = ev.column(index);
            Map<String, Object> map = out;
            for (int i = 0; i < keys.size() - 1; i++) {
                Object next = map.get(keys.get(i));
                if (!(next instanceof Map)) {
                    next = new LinkedHashMap<String, Object>();
                    map.put(keys.get(i), next);
                } else if (!(next instanceof LinkedHashMap)) {
                    // an input map we must not modify (user_properties): copy it
                    next = new LinkedHashMap<>((Map<String, Object>) next);
                    map.put(keys.get(i), next);
                }
                map = (Map<String, Object>) next;
            }
            map.put(keys.get(keys.size() - 1), value);
        }
    }

    /** The expression a WHERE alias refers to; null for {@code *}. */
    default Expr expr() {
        return null;
    }
}
