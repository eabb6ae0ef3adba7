package io.kin.broker.routing;

/**
 * One level of a topic name, looked up in a {@code String}-keyed map without being cut out of the topic: it hashes
 * like the level's {@code String} would and equals a {@code String} with the same characters. {@code Map.get}
 * compares with {@code key.equals(stored)}, which is all this serves; it is not a general-purpose key (equality is
 * not symmetric), and it is reused level after level by one match on one thread.
 */
final class LevelSlice {

    private final String topic;
    private int from;
    private int length;
    private int hash;

    LevelSlice(String topic) {
        this.topic = topic;
    }

    /** Points at the characters {@code [from, to)} of the topic. */
    LevelSlice of(int from, int to) {
        this.from = from;
        this.length = to - from;
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + topic.charAt(i); // String.hashCode's definition
        }
        this.hash = h;
        return this;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof String s && s.length() == length && topic.regionMatches(from, s, 0, length);
    }

    @Override
    public String toString() {
        return topic.substring(from, from + length);
    }
}
