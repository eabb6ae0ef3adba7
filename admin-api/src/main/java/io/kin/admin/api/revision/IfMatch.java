package io.kin.admin.api.revision;

import io.kin.admin.api.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Optimistic locking for updates and deletes: inside the change's transaction the row is locked and its revision
 * compared with the caller's {@code If-Match}; a stale one is a 412, so two operators editing the same rule cannot
 * silently overwrite each other. Without {@code If-Match} (or with {@code *}) the change applies to whatever is
 * stored, as scripts that do not read first expect.
 *
 * @param table  the table, e.g. {@code kin_rule} (a constant of the caller, never user input)
 * @param key    its key column
 * @param what   the resource's name in messages, e.g. {@code rule}
 */
public record IfMatch(String table, String key, String what) {

    public static final String HEADER = "If-Match";
    public static final String DESCRIPTION = "The ETag of the version you read: the change is refused with 412 when "
            + "someone changed it since. Left out, the change applies to whatever is stored.";

    /**
     * Locks the row and checks it: 404 when it does not exist, 412 when {@code ifMatch} names another revision.
     * Run it first in the transaction that changes the row.
     */
    public Uni<Void> check(SqlConnection conn, Object id, String ifMatch) {
        String wanted = revision(ifMatch);
        return conn.preparedQuery("SELECT xmin::text AS revision FROM " + table + " WHERE " + key + " = $1 FOR UPDATE")
                .execute(Tuple.of(id))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound(what, String.valueOf(id));
                    }
                    if (wanted != null && !wanted.equals(rows.iterator().next().getString("revision"))) {
                        throw ProblemException.stale(what, String.valueOf(id));
                    }
                    return null;
                });
    }

    /** The revision an {@code If-Match} value names: quotes and a weak marker taken off; null for none or '*'. */
    static String revision(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return null;
        }
        String v = ifMatch.trim();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        return v;
    }
}
