package io.kin.rules.sql;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A field reference such as {@code payload.sensor."serial-no".readings[1]}: a name, then keys ({@code .key} or
 * {@code ."any key"}) and 1-based list indexes ({@code [1]} first, {@code [-1]} last). Segments are String keys or
 * Integer indexes, resolved once at compile time.
 */
record FieldPath(String text, Object[] segments) {

    String head() {
        return (String) segments[0];
    }

    int length() {
        return segments.length;
    }

    /** Only keys, no indexes: such a column without alias nests in the output as EMQX does. */
    boolean onlyKeys() {
        for (Object s : segments) {
            if (!(s instanceof String)) {
                return false;
            }
        }
        return true;
    }

    List<String> keys() {
        List<String> keys = new ArrayList<>(segments.length);
        for (Object s : segments) {
            keys.add((String) s);
        }
        return keys;
    }

    /** Follows the segments from {@code from} on; a missing key, an index out of range or a type mismatch gives null. */
    Object navigate(Object value, int from) {
        for (int i = from; i < segments.length && value != null; i++) {
            value = step(value, segments[i]);
        }
        return value;
    }

    static Object step(Object value, Object segment) {
        if (segment instanceof String key) {
            return value instanceof Map<?, ?> map ? map.get(key) : null;
        }
        if (value instanceof List<?> list && segment instanceof Integer index) {
            return element(list, index);
        }
        return null;
    }

    /** 1-based; negative counts from the end; 0 and out of range give null. */
    static Object element(List<?> list, long index) {
        long i = index > 0 ? index - 1 : list.size() + index;
        return index != 0 && i >= 0 && i < list.size() ? list.get((int) i) : null;
    }

    /**
     * Parses a path. Keys are runs of characters other than {@code . [ ] "} (SQL passes only identifier
     * characters; templates may use e.g. {@code ${payload.serial-no}}), or double-quoted with {@code ""} for a quote.
     *
     * @throws IllegalArgumentException with a reason and {@link BadPath#index} where the problem is
     */
    static FieldPath parse(String text) {
        List<Object> segments = new ArrayList<>(4);
        int i = 0;
        int n = text.length();
        boolean expectKey = true;
        while (i < n || expectKey) {
            if (expectKey) {
                if (i < n && text.charAt(i) == '"') {
                    StringBuilder key = new StringBuilder();
                    int j = i + 1;
                    while (true) {
                        if (j >= n) {
                            throw new BadPath("unterminated quoted key", i);
                        }
                        char c = text.charAt(j++);
                        if (c == '"') {
                            if (j < n && text.charAt(j) == '"') {
                                key.append('"');
                                j++;
                            } else {
                                break;
                            }
                        } else {
                            key.append(c);
                        }
                    }
                    segments.add(key.toString());
                    i = j;
                } else {
                    int j = i;
                    while (j < n && ".[]\"".indexOf(text.charAt(j)) < 0) {
                        j++;
                    }
                    if (j == i) {
                        throw new BadPath("empty name in field path", i);
                    }
                    segments.add(text.substring(i, j));
                    i = j;
                }
                expectKey = false;
            } else if (text.charAt(i) == '.') {
                i++;
                expectKey = true;
            } else if (text.charAt(i) == '[') {
                int close = text.indexOf(']', i);
                if (close < 0) {
                    throw new BadPath("missing ']' in field path", i);
                }
                try {
                    segments.add(Integer.parseInt(text.substring(i + 1, close).strip()));
                } catch (NumberFormatException e) {
                    throw new BadPath("list index must be an integer", i + 1);
                }
                i = close + 1;
            } else {
                throw new BadPath("unexpected '" + text.charAt(i) + "' in field path", i);
            }
        }
        return new FieldPath(text, segments.toArray());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldPath p && Arrays.equals(segments, p.segments);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(segments);
    }

    @Override
    public String toString() {
        return text;
    }

    /** A path that does not parse; {@code index} is the character of the path text where the problem is. */
    static final class BadPath extends IllegalArgumentException {
        final int index;

        BadPath(String reason, int index) {
            super(reason);
            this.index = index;
        }
    }
}
