package io.kin.broker.store;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A run of single-row writes becomes the columns of one multi-row statement, row i at index i of every column. */
class PgSessionStoreBulkColumnsTest {

    @Test
    void messageRowsBecomeOneArrayPerColumnWithPropertiesAsJsonText() {
        OffsetDateTime t = OffsetDateTime.of(2026, 11, 26, 20, 0, 0, 0, ZoneOffset.UTC);
        Tuple first = Tuple.from(Arrays.asList(1L, "a/b", Buffer.buffer("x"), (short) 1, false,
                new JsonObject().put("contentType", "text/plain"), "pub", null, t, null));
        Tuple second = Tuple.from(Arrays.asList(2L, "c", Buffer.buffer("y"), (short) 2, true, null, "pub2", "u", t, t));

        Tuple columns = PgSessionStore.messageColumns(List.of(first, second));

        assertThat(columns.size()).isEqualTo(10);
        assertThat((Long[]) columns.getValue(0)).containsExactly(1L, 2L);
        assertThat((String[]) columns.getValue(1)).containsExactly("a/b", "c");
        assertThat((Short[]) columns.getValue(3)).containsExactly((short) 1, (short) 2);
        assertThat((Boolean[]) columns.getValue(4)).containsExactly(false, true);
        assertThat((String[]) columns.getValue(5)).containsExactly("{\"contentType\":\"text/plain\"}", null);
        assertThat((String[]) columns.getValue(7)).containsExactly(null, "u");
        assertThat((OffsetDateTime[]) columns.getValue(9)).containsExactly(null, t);
    }

    @Test
    void queueRowsCarrySubscriptionIdentifiersAsArrayLiterals() {
        Tuple first = Tuple.from(Arrays.asList("c1", 7L, 1L, (short) 1, false, new Integer[]{3, 4}, null, null));
        Tuple second = Tuple.from(Arrays.asList("c2", 8L, 1L, (short) 1, false, new Integer[0], "g", "f/#"));

        Tuple columns = PgSessionStore.queueColumns(List.of(first, second));

        assertThat((String[]) columns.getValue(0)).containsExactly("c1", "c2");
        assertThat((Long[]) columns.getValue(1)).containsExactly(7L, 8L);
        assertThat((String[]) columns.getValue(5)).containsExactly("{3,4}", "{}");
        assertThat((String[]) columns.getValue(6)).containsExactly(null, "g");
    }

    @Test
    void acknowledgedRowsBecomeClientAndSeqColumns() {
        Tuple columns = PgSessionStore.keyColumns(List.of(Tuple.of("c1", 1L), Tuple.of("c1", 2L)));
        assertThat((String[]) columns.getValue(0)).containsExactly("c1", "c1");
        assertThat((Long[]) columns.getValue(1)).containsExactly(1L, 2L);
    }
}
