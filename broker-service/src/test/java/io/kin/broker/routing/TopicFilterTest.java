package io.kin.broker.routing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicFilterTest {

    @Test
    void plainFilterIsNotShared() {
        TopicFilter f = TopicFilter.parse("sensors/+/temp");

        assertThat(f.raw()).isEqualTo("sensors/+/temp");
        assertThat(f.filter()).isEqualTo("sensors/+/temp");
        assertThat(f.shareGroup()).isNull();
        assertThat(f.isShared()).isFalse();
    }

    @Test
    void sharePrefixIsTakenApartIntoGroupAndFilter() {
        TopicFilter f = TopicFilter.parse("$share/workers/jobs/#");

        assertThat(f.raw()).isEqualTo("$share/workers/jobs/#");
        assertThat(f.filter()).isEqualTo("jobs/#");
        assertThat(f.shareGroup()).isEqualTo("workers");
        assertThat(f.isShared()).isTrue();
    }

    @Test
    void sharedFilterMayItselfStartWithSlashOrDollar() {
        assertThat(TopicFilter.parse("$share/g//a").filter()).isEqualTo("/a");
        assertThat(TopicFilter.parse("$share/g/$SYS/#").filter()).isEqualTo("$SYS/#");
    }

    @Test
    void queuePrefixIsTheGroupNamedQueue() {
        TopicFilter f = TopicFilter.parse("$queue/jobs/+");

        assertThat(f.filter()).isEqualTo("jobs/+");
        assertThat(f.shareGroup()).isEqualTo("$queue");
        assertThat(f.isShared()).isTrue();
    }

    @Test
    void dollarTopicsThatOnlyLookLikePrefixesAreOrdinaryFilters() {
        assertThat(TopicFilter.parse("$shared/x").isShared()).isFalse();
        assertThat(TopicFilter.parse("$share").isShared()).isFalse();
        assertThat(TopicFilter.parse("$queue").isShared()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "$share/g", "$share/g/", "$share/", "$share//x", "$share/a+b/x", "$share/+/x",
            "$share/#/x", "$share/g/a/#/b", "$queue/", "a/#/b", "a+", "a/+b", "#a", "a#", "a/b#", "a/\u0000"})
    void invalidFiltersAreRejected(String raw) {
        assertThatThrownBy(() -> TopicFilter.parse(raw)).isInstanceOf(InvalidTopicFilterException.class);
    }

    @Test
    void nullIsRejected() {
        assertThatThrownBy(() -> TopicFilter.parse(null)).isInstanceOf(InvalidTopicFilterException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void rejectionSaysWhatIsWrong() {
        assertThatThrownBy(() -> TopicFilter.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> TopicFilter.parse("$share/g")).hasMessageContaining("no topic filter");
        assertThatThrownBy(() -> TopicFilter.parse("$share//x")).hasMessageContaining("empty group name");
        assertThatThrownBy(() -> TopicFilter.parse("$share/g+/x")).hasMessageContaining("must not contain");
        assertThatThrownBy(() -> TopicFilter.parse("a/#/b")).hasMessageContaining("'#'");
        assertThatThrownBy(() -> TopicFilter.parse("a+")).hasMessageContaining("'+'");
        assertThatThrownBy(() -> TopicFilter.parse("$share/g/")).hasMessageContaining("empty filter");
    }

    @Test
    void filtersAreEqualWhenWrittenTheSame() {
        assertThat(TopicFilter.parse("$share/g/a")).isEqualTo(TopicFilter.parse("$share/g/a"))
                .hasSameHashCodeAs(TopicFilter.parse("$share/g/a"))
                .isNotEqualTo(TopicFilter.parse("a"));
    }
}
