package io.kin.admin.api.paging;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One page of a table listed by a text key, the way every such list endpoint pages: rows after the cursor's key,
 * one more than asked (it says whether a next page exists), and the table's total.
 *
 * @param table   the table (a constant of the caller, never user input)
 * @param key     its key column, the list's order
 * @param columns what to select for {@code view}
 */
public record KeysetQuery<T>(String table, String key, String columns, Function<Row, T> view,
                             Function<T, String> keyOf) {

    public Uni<Page<T>> page(Pool pool, String limitParam, String cursor) {
        int max = Page.limit(limitParam);
        String after = Page.decodeCursor(cursor);
        return pool.preparedQuery("SELECT " + columns + " FROM " + table + " WHERE $1::text IS NULL OR " + key
                        + " > $1 ORDER BY " + key + " LIMIT $2").execute(Tuple.of(after, (long) max + 1))
                .flatMap(rows -> pool.query("SELECT count(*) AS n FROM " + table).execute().map(count -> {
                    List<T> items = new ArrayList<>();
                    for (Row r : rows) {
                        items.add(view.apply(r));
                    }
                    return Page.of(items, max, count.iterator().next().getLong("n"), keyOf);
                }));
    }
}
