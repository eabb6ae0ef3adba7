package io.kin.admin.api.paging;

import io.kin.admin.api.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PageTest {

    @Test
    void aPageWithTheExtraRowHasACursorNamingItsLastItem() {
        Page<String> page = Page.of(List.of("a", "b", "c"), 2, 10, Function.identity());

        assertThat(page.items()).containsExactly("a", "b");
        assertThat(page.total()).isEqualTo(10);
        assertThat(Page.decodeCursor(page.nextCursor())).isEqualTo("b");
    }

    @Test
    void theLastPageHasNoCursor() {
        assertThat(Page.of(List.of("a", "b"), 2, 2, Function.identity()).nextCursor()).isNull();
        assertThat(Page.of(List.of(), 2, 0, Function.identity()).nextCursor()).isNull();
    }

    @Test
    void cursorsRoundTripAnyKey() {
        for (String key : List.of("alice", "Zoë sensor/+", "-5:12", "")) {
            assertThat(Page.decodeCursor(Page.encodeCursor(key))).isEqualTo(key);
        }
        assertThat(Page.encodeCursor("alice")).doesNotContain("=", "+", "/");
        assertThat(Page.encodeCursor("")).isNotEmpty();
        assertThat(Page.decodeCursor(null)).isNull();
        assertThat(Page.decodeCursor("")).as("an empty cursor parameter: the first page").isNull();
    }

    @Test
    void theLimitDefaultsAndIsBounded() {
        assertThat(Page.limit(null)).isEqualTo(100);
        assertThat(Page.limit("1")).isEqualTo(1);
        assertThat(Page.limit("1000")).isEqualTo(1000);
        for (String bad : List.of("0", "1001", "-3", "ten", "1.5")) {
            assertThatThrownBy(() -> Page.limit(bad)).isInstanceOf(ProblemException.class)
                    .satisfies(e -> assertThat(((ProblemException) e).problem().errors().get(0).field())
                            .isEqualTo("limit"));
        }
        assertThatThrownBy(() -> Page.decodeCursor("*not*")).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> Page.decodeCursor("YWxpY2U")).as("base64, but not one of ours")
                .isInstanceOf(ProblemException.class);
    }
}
