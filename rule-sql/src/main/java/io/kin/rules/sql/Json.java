package io.kin.rules.sql;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON to and from the dialect's values (Long/Double numbers, LinkedHashMap objects, ArrayList arrays). */
final class Json {

    private static final JsonFactory FACTORY = new JsonFactory();

    private Json() {
    }

    /**
     * The payload as rules see it: a JSON object or array decoded, anything else as UTF-8 text. Values already
     * decoded (a map or list given to {@link RuleInput#of}) pass through.
     */
    static Object payloadValue(Object raw) {
        if (raw instanceof byte[] bytes) {
            Object decoded = startsLikeContainer(bytes) ? decodeOrNull(bytes, null) : null;
            return decoded != null ? decoded : new String(bytes, StandardCharsets.UTF_8);
        }
        if (raw instanceof String text) {
            Object decoded = startsLikeContainer(text) ? decodeOrNull(null, text) : null;
            return decoded != null ? decoded : text;
        }
        return raw;
    }

    private static boolean startsLikeContainer(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return b == '{' || b == '[';
            }
        }
        return false;
    }

    private static boolean startsLikeContainer(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c)) {
                return c == '{' || c == '[';
            }
        }
        return false;
    }

    private static Object decodeOrNull(byte[] bytes, String text) {
        try (JsonParser parser = bytes != null ? FACTORY.createParser(bytes) : FACTORY.createParser(text)) {
            Object value = read(parser, parser.nextToken());
            return parser.nextToken() == null ? value : null;
        } catch (IOException | RuntimeException notJson) {
            return null;
        }
    }

    /** Decodes any JSON text, scalars included; fails with a message on invalid JSON. */
    static Object decode(String text) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new RuleEvaluationException("json_decode: empty input");
            }
            Object value = read(parser, first);
            if (parser.nextToken() != null) {
                throw new RuleEvaluationException("json_decode: unexpected content after the JSON value");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new RuleEvaluationException("json_decode: invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new RuleEvaluationException("json_decode: " + e.getMessage(), e);
        }
    }

    private static Object read(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    map.put(name, read(parser, parser.nextToken()));
                }
                return map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                JsonToken next;
                while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
                    list.add(read(parser, next));
                }
                return list;
            }
            case VALUE_STRING -> {
                return parser.getText();
            }
            case VALUE_NUMBER_INT -> {
                return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? (Object) parser.getDoubleValue() : (Object) parser.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return parser.getDoubleValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new JsonParseFailure("unexpected " + token);
        }
    }

    static String encode(Object value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            write(generator, value);
        } catch (IOException e) {
            throw new RuleEvaluationException("json_encode: " + e.getMessage(), e);
        }
        return out.toString();
    }

    private static void write(JsonGenerator out, Object value) throws IOException {
        if (value == null) {
            out.writeNull();
        } else if (value instanceof String s) {
            out.writeString(s);
        } else if (value instanceof Long l) {
            out.writeNumber(l);
        } else if (value instanceof Double d) {
            out.writeNumber(d);
        } else if (value instanceof Number n) {
            out.writeNumber(n.toString());
        } else if (value instanceof Boolean b) {
            out.writeBoolean(b);
        } else if (value instanceof Map<?, ?> map) {
            out.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.writeFieldName(String.valueOf(e.getKey()));
                write(out, e.getValue());
            }
            out.writeEndObject();
        } else if (value instanceof List<?> list) {
            out.writeStartArray();
            for (Object element : list) {
                write(out, element);
            }
            out.writeEndArray();
        } else if (value instanceof byte[] bytes) {
            out.writeString(new String(bytes, StandardCharsets.UTF_8));
        } else {
            out.writeString(value.toString());
        }
    }

    private static final class JsonParseFailure extends IOException {
        JsonParseFailure(String message) {
            super(message);
        }
    }
}
