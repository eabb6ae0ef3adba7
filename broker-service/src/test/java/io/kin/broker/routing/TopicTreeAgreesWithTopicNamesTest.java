package io.kin.broker.routing;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** Property-style: the trie must give exactly the answers of the plain {@link TopicNames#matches}. */
class TopicTreeAgreesWithTopicNamesTest {

    private static final String[] LEVELS = {"a", "b", "c", "", "$SYS", "$x", "ab"};

    @Test
    void treeMatchesExactlyTheFiltersTopicNamesMatches() {
        Random random = new Random(20240611L);
        Set<String> filters = new LinkedHashSet<>();
        while (filters.size() < 3_000) {
            String filter = randomFilter(random);
            if (TopicNames.isValidFilter(filter)) {
                filters.add(filter);
            }
        }
        TopicTree tree = new TopicTree(DispatchStrategy.HASH);
        int i = 0;
        for (String filter : filters) {
            boolean shared = i % 7 == 0;
            tree.subscribe(new Subscription("c" + i++, filter, shared ? "g" : null, 0, false, false, 0, 0));
        }

        for (int t = 0; t < 3_000; t++) {
            String topic = randomTopic(random);
            if (!TopicNames.isValidTopicName(topic)) {
                continue;
            }
            Set<String> expected = new TreeSet<>();
            for (String filter : filters) {
                if (TopicNames.matches(filter, topic)) {
                    expected.add(filter);
                }
            }
            List<String> actual = new ArrayList<>();
            tree.match(topic, s -> actual.add(s.filter()), g -> actual.add(g.filter()));

            assertThat(new HashSet<>(actual)).as("no duplicates for topic '%s'", topic).hasSameSizeAs(actual);
            assertThat(new TreeSet<>(actual)).as("topic '%s'", topic).isEqualTo(expected);
        }
    }

    private static String randomFilter(Random random) {
        int depth = 1 + random.nextInt(5);
        StringBuilder b = new StringBuilder();
        for (int d = 0; d < depth; d++) {
            if (d > 0) {
                b.append('/');
            }
            int kind = random.nextInt(10);
            if (kind == 0 && d == depth - 1) {
                b.append('#');
            } else if (kind < 3) {
                b.append('+');
            } else {
                b.append(LEVELS[random.nextInt(LEVELS.length)]);
            }
        }
        return b.toString();
    }

    private static String randomTopic(Random random) {
        int depth = 1 + random.nextInt(5);
        StringBuilder b = new StringBuilder();
        for (int d = 0; d < depth; d++) {
            if (d > 0) {
                b.append('/');
            }
            b.append(LEVELS[random.nextInt(LEVELS.length)]);
        }
        return b.toString();
    }
}
