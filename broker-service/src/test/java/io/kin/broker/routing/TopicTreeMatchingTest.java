package io.kin.broker.routing;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TopicTreeMatchingTest {

    private final TopicTree tree = new TopicTree(DispatchStrategy.ROUND_ROBIN);

    private boolean matches(String filter, String topic) {
        tree.subscribe(Subscription.of("c", filter, 0));
        List<Subscription> found = new ArrayList<>();
        tree.match(topic, found::add, g -> { });
        return !found.isEmpty();
    }

    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "a/b/c     | a/b/c    | true",
            "a/b/c     | a/b      | false",
            "a/b       | a/b/c    | false",
            "a/b/c     | a/b/d    | false",
            "+         | a        | true",
            "+         | a/b      | false",
            "a/+       | a/b      | true",
            "a/+       | a        | false",
            "a/+       | a/       | true",
            "a/+/c     | a/x/c    | true",
            "a/+/c     | a/x/d    | false",
            "+/+       | a/b      | true",
            "+/x       | a/x      | true",
            "+/x       | a/y      | false",
            "#         | a        | true",
            "#         | a/b/c    | true",
            "#         | /        | true",
            "a/#       | a        | true",
            "a/#       | a/b      | true",
            "a/#       | a/b/c    | true",
            "a/#       | ab       | false",
            "a/#       | b/a      | false",
            "a/+/#     | a/b      | true",
            "a/+/#     | a        | false",
            "a//b      | a//b     | true",
            "a//b      | a/b      | false",
            "a/+/b     | a//b     | true",
            "/a        | /a       | true",
            "+/a       | /a       | true",
            "/+        | /        | true",
            "/         | /        | true",
            "a/        | a/       | true",
            "a/        | a        | false",
            "a         | a/       | false",
            "+/+/      | /b/      | true",
            "a/+/      | a/x/     | true",
            "a/+/      | a/x      | false",
            "#         | $SYS/x   | false",
            "+/x       | $SYS/x   | false",
            "+         | $SYS     | false",
            "$SYS/#    | $SYS/x   | true",
            "$SYS/#    | $SYS     | true",
            "$SYS/+    | $SYS/x   | true",
            "$SYS/x    | $SYS/x   | true",
            "a/$x      | a/$x     | true",
            "a/+       | a/$x     | true",
            "a/#       | a/$x     | true",
    })
    void matchingTable(String filter, String topic, boolean expected) {
        assertThat(matches(filter, topic)).isEqualTo(expected);
    }

    @Test
    void dollarTopicsAreNotMatchedByLeadingWildcards() {
        tree.subscribe(Subscription.of("all", "#", 0));
        tree.subscribe(Subscription.of("plus", "+/broker/uptime", 0));
        tree.subscribe(Subscription.of("sys", "$SYS/#", 0));
        tree.subscribe(Subscription.shared("shared", "g", "#", 0));

        List<String> clients = new ArrayList<>();
        List<SharedGroup> groups = new ArrayList<>();
        tree.match("$SYS/broker/uptime", s -> clients.add(s.clientId()), groups::add);

        assertThat(clients).containsExactly("sys");
        assertThat(groups).isEmpty();
    }

    @Test
    void everyMatchingFilterIsReportedOnce() {
        String[] filters = {"a/b/c", "a/+/c", "a/#", "+/b/+", "#", "a/b/#", "a/b/c/#", "x/#", "a/b"};
        for (int i = 0; i < filters.length; i++) {
            tree.subscribe(Subscription.of("c" + i, filters[i], 0));
        }

        List<String> found = new ArrayList<>();
        tree.match("a/b/c", s -> found.add(s.filter()), g -> { });

        assertThat(found).containsExactlyInAnyOrder("a/b/c", "a/+/c", "a/#", "+/b/+", "#", "a/b/#", "a/b/c/#");
    }

    @Test
    void veryDeepFiltersMatchWithoutRecursion() {
        String filter = "+/".repeat(20_000) + "#";
        String topic = "a/".repeat(20_000) + "end";
        tree.subscribe(Subscription.of("deep", filter, 0));
        tree.subscribe(Subscription.of("exact", topic, 0));

        List<String> found = new ArrayList<>();
        tree.match(topic, s -> found.add(s.clientId()), g -> { });

        assertThat(found).containsExactlyInAnyOrder("deep", "exact");
    }
}
