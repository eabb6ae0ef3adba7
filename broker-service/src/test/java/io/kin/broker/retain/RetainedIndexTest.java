package io.kin.broker.retain;

import io.kin.broker.message.Message;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class RetainedIndexTest {

    private static final AtomicLong IDS = new AtomicLong();

    private final RetainedIndex index = new RetainedIndex();

    private static Message retained(String topic, String payload) {
        return new Message(IDS.incrementAndGet(), topic, payload.getBytes(StandardCharsets.UTF_8), 1, true, null,
                "pub", null, 0L, 0L);
    }

    private List<String> topicsMatching(String filter) {
        return index.match(filter).stream().map(Message::topic).toList();
    }

    @Test
    void putKeepsOneMessagePerTopic() {
        index.put(retained("a/b", "first"));
        index.put(retained("a/b", "second"));
        index.put(retained("a/c", "other"));

        assertThat(index.get("a/b").payloadAsString()).isEqualTo("second");
        assertThat(index.size()).isEqualTo(2);
        assertThat(index.get("a")).isNull();
        assertThat(index.get("a/b/c")).isNull();
    }

    @Test
    void emptyPayloadDeletesTheRetainedMessage() {
        index.put(retained("a/b", "x"));

        index.put(retained("a/b", ""));

        assertThat(index.get("a/b")).isNull();
        assertThat(index.size()).isZero();
        assertThat(index.nodeCount()).isZero();
        index.put(retained("never/retained", ""));
        assertThat(index.size()).isZero();
    }

    @Test
    void removeReportsWhetherThereWasOneAndPrunes() {
        index.put(retained("a/b/c", "x"));
        index.put(retained("a", "y"));

        assertThat(index.remove("a/b")).isFalse();
        assertThat(index.remove("a/b/c")).isTrue();
        assertThat(index.remove("a/b/c")).isFalse();
        assertThat(index.nodeCount()).as("only 'a' is left").isEqualTo(1);
        assertThat(index.get("a").payloadAsString()).isEqualTo("y");
    }

    @Test
    void matchFindsRetainedMessagesByFilter() {
        for (String topic : List.of("a", "a/b", "a/c", "a/b/c", "a//c", "b/b", "/a", "$SYS/x", "$SYS", "a/$x")) {
            index.put(retained(topic, "p"));
        }

        assertThat(topicsMatching("a/b")).containsExactly("a/b");
        assertThat(topicsMatching("a/+")).containsExactlyInAnyOrder("a/b", "a/c", "a/$x");
        assertThat(topicsMatching("a/#")).containsExactlyInAnyOrder("a", "a/b", "a/c", "a/b/c", "a//c", "a/$x");
        assertThat(topicsMatching("a/+/c")).containsExactlyInAnyOrder("a/b/c", "a//c");
        assertThat(topicsMatching("+/b")).containsExactlyInAnyOrder("a/b", "b/b");
        assertThat(topicsMatching("+")).containsExactly("a");
        assertThat(topicsMatching("+/+")).containsExactlyInAnyOrder("a/b", "a/c", "b/b", "/a", "a/$x");
        assertThat(topicsMatching("/+")).containsExactly("/a");
        assertThat(topicsMatching("nothing/#")).isEmpty();
        assertThat(topicsMatching("a/b/c/d")).isEmpty();
    }

    @Test
    void dollarTopicsAreNotMatchedByLeadingWildcards() {
        index.put(retained("$SYS/broker/uptime", "1"));
        index.put(retained("$SYS", "2"));
        index.put(retained("normal", "3"));

        assertThat(topicsMatching("#")).containsExactly("normal");
        assertThat(topicsMatching("+/broker/uptime")).isEmpty();
        assertThat(topicsMatching("+")).containsExactly("normal");
        assertThat(topicsMatching("$SYS/#")).containsExactlyInAnyOrder("$SYS", "$SYS/broker/uptime");
        assertThat(topicsMatching("$SYS/+/uptime")).containsExactly("$SYS/broker/uptime");
    }

    @Test
    void forEachVisitsEveryRetainedMessage() {
        index.put(retained("a", "1"));
        index.put(retained("a/b", "2"));
        index.put(retained("$SYS/x", "3"));
        index.put(retained("z//", "4"));

        List<String> topics = new ArrayList<>();
        index.forEach(m -> topics.add(m.topic()));

        assertThat(topics).containsExactlyInAnyOrder("a", "a/b", "$SYS/x", "z//");
    }

    @Test
    void readersSeeAConsistentIndexWhileAWriterChangesIt() throws Exception {
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 20_000; i++) {
                String topic = "t/" + (i % 100) + "/v";
                index.put(retained(topic, i % 3 == 0 ? "" : "v" + i));
            }
        });
        writer.start();
        while (writer.isAlive()) {
            assertThat(index.match("t/+/v")).allSatisfy(m -> assertThat(m.payload()).isNotEmpty());
            index.match("#");
        }
        writer.join();

        assertThat(index.match("t/#")).hasSize(index.size());
    }
}
