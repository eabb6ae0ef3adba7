package io.kin.admin.api.paging;

import io.kin.admin.api.problem.Problem;
import io.kin.admin.api.problem.ProblemException;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * One page of a list, for every list endpoint that pages by key (keyset paging: stable while rows are added or
 * removed, and as fast on the last page as on the first). Ask with {@code limit} (default {@value #DEFAULT_LIMIT}, at
 * most {@value #MAX_LIMIT}) and, for the pages after the first, the {@code cursor} the previous page answered.
 *
 * <p>A cursor is opaque to callers: the base64url of a marker and the sort key of the last item of the page (the
 * marker keeps an empty key from making an empty cursor, which would mean the first page again).
 *
 * @param items      at most {@code limit} items, in the list's order
 * @param total      how many items the whole list has now
 * @param nextCursor what to pass as {@code cursor} for the next page; null on the last page
 */
@Schema(description = "One page of a list; follow nextCursor until it is null")
public record Page<T>(
        List<T> items,
        @Schema(example = "250") long total,
        @Schema(description = "Pass as cursor to get the next page; null on the last page", example = "azphbGljZQ")
        String nextCursor) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;
    private static final String MARKER = "k:";

    /** Query-parameter descriptions, shared by the list endpoints' OpenAPI documentation. */
    public static final String LIMIT_DESCRIPTION = "Items per page: 1 to " + MAX_LIMIT + ", default " + DEFAULT_LIMIT;
    public static final String CURSOR_DESCRIPTION = "The nextCursor of the previous page; left out for the first page";

    /**
     * The page made of {@code fetched}: the rows a query returned for {@code LIMIT limit + 1}. The extra row, when
     * there, only says that a next page exists; the cursor names the last row kept.
     */
    public static <T> Page<T> of(List<T> fetched, int limit, long total, Function<T, String> key) {
        if (fetched.size() <= limit) {
            return new Page<>(List.copyOf(fetched), total, null);
        }
        List<T> items = List.copyOf(fetched.subList(0, limit));
        return new Page<>(items, total, encodeCursor(key.apply(items.get(limit - 1))));
    }

    /**
     * A page of a list held in memory (live state merged from the broker nodes): {@code all} must be sorted by
     * {@code key} (natural String order); the page starts after the key the cursor names, so an item that went away
     * since the previous page does not shift the next one.
     */
    public static <T> Page<T> ofSorted(List<T> all, String limitParam, String cursor, Function<T, String> key) {
        int limit = limit(limitParam);
        String after = decodeCursor(cursor);
        List<T> fetched = all.stream().filter(t -> after == null || key.apply(t).compareTo(after) > 0)
                .limit(limit + 1L).toList();
        return of(fetched, limit, all.size(), key);
    }

    /** The {@code limit} query parameter, checked: absent means {@value #DEFAULT_LIMIT}. */
    public static int limit(String given) {
        if (given == null || given.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(given.trim());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw invalid("limit", "must be a whole number from 1 to " + MAX_LIMIT + ", not '" + given + "'");
    }

    public static String encodeCursor(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((MARKER + key).getBytes(StandardCharsets.UTF_8));
    }

    /** The key a cursor names; null for no cursor (the first page). A cursor this API did not make is refused. */
    public static String decodeCursor(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalidCursor();
        }
        if (!decoded.startsWith(MARKER)) {
            throw invalidCursor();
        }
        return decoded.substring(MARKER.length());
    }

    /** For resources whose key has several parts: a cursor that decodes but does not hold a key of theirs. */
    public static ProblemException invalidCursor() {
        return invalid("cursor", "is not a cursor of this list: pass nextCursor of the previous page as it was");
    }

    private static ProblemException invalid(String field, String message) {
        return ProblemException.invalid("invalid-request", "Invalid request",
                List.of(new Problem.FieldError(field, message, null, null)));
    }
}
