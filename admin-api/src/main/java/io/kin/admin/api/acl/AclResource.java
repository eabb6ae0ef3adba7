package io.kin.admin.api.acl;

import jakarta.ws.rs.HeaderParam;
import io.kin.admin.api.revision.IfMatch;
import io.kin.admin.api.paging.Page;
import io.kin.admin.api.problem.Problem;
import io.kin.admin.api.problem.ProblemException;
import io.kin.admin.api.topics.TopicFilters;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * ACL rules: stored in {@code mqtt_acl}, which every broker node holds in memory; every change bumps the {@code acl}
 * config version in the same transaction, so every node reloads its rules within a second. A rule is checked as the
 * broker checks it (an action it knows, a valid topic filter) before it is saved: a rule the broker would skip is
 * never stored. Listed in the order they count: highest priority first (on a tie a deny wins, whatever the order).
 */
@Path("/api/v1/acl")
@Tag(name = "ACL", description = "Who may publish and subscribe to which topics")
@Produces(MediaType.APPLICATION_JSON)
public class AclResource {

    private static final String COLUMNS = "id, username, client_id, action, topic_filter, allow, priority, created_at, "
            + "xmin::text AS revision";
    private static final IfMatch GUARD = new IfMatch("mqtt_acl", "id", "ACL rule");
    private static final String BUMP = """
            INSERT INTO kin_config_version (area, version, changed_at) VALUES ('acl', 1, now())
            ON CONFLICT (area) DO UPDATE SET version = kin_config_version.version + 1, changed_at = now()""";
    /** The same user, client, action and filter ("*" and left out both meaning anyone): a rule that exists. */
    private static final String SAME = """
            SELECT id FROM mqtt_acl WHERE COALESCE(username, '*') = COALESCE($1, '*')
            AND COALESCE(client_id, '*') = COALESCE($2, '*') AND action = $3 AND topic_filter = $4 AND id <> $5""";
    private static final String INVALID = "invalid-acl-rule";
    private static final String INVALID_TITLE = "Invalid ACL rule";
    private static final List<String> ACTIONS = List.of("PUBLISH", "SUBSCRIBE", "ALL");

    static final String NOT_FOUND_EXAMPLE = """
            {"type": "https://kin-mqtt.io/problems/not-found", "title": "ACL rule not found", "status": 404,
             "detail": "ACL rule '12' does not exist"}""";
    static final String CONFLICT_EXAMPLE = """
            {"type": "https://kin-mqtt.io/problems/conflict", "title": "Conflict", "status": 409,
             "detail": "ACL rule 12 has the same user, client, action and topic filter: change that one instead"}""";
    static final String INVALID_EXAMPLE = """
            {"type": "https://kin-mqtt.io/problems/invalid-acl-rule", "title": "Invalid ACL rule", "status": 400,
             "detail": "action: must be one of PUBLISH, SUBSCRIBE, ALL, not 'READ'",
             "errors": [{"field": "action", "message": "must be one of PUBLISH, SUBSCRIBE, ALL, not 'READ'"},
                        {"field": "topicFilter", "message": "'a/#/b' uses '#' other than as the whole last level (as in 'a/#')"}]}""";
    static final String INVALID_PAGE_EXAMPLE = """
            {"type": "https://kin-mqtt.io/problems/invalid-request", "title": "Invalid request", "status": 400,
             "detail": "cursor: is not a cursor of this list: pass nextCursor of the previous page as it was",
             "errors": [{"field": "cursor", "message": "is not a cursor of this list: pass nextCursor of the previous page as it was"}]}""";

    private final Pool pool;

    AclResource(Pool pool) {
        this.pool = pool;
    }

    @GET
    @Operation(summary = "List ACL rules, highest priority first, a page at a time",
            description = "Rules of equal priority are listed oldest first. Follow nextCursor until it is null.")
    @APIResponse(responseCode = "200", description = "One page of ACL rules")
    @APIResponse(responseCode = "400", description = "Invalid limit or cursor",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "cursor", value = INVALID_PAGE_EXAMPLE)))
    public Uni<Page<AclRuleView>> list(
            @Parameter(description = Page.LIMIT_DESCRIPTION) @QueryParam("limit") String limit,
            @Parameter(description = Page.CURSOR_DESCRIPTION) @QueryParam("cursor") String cursor) {
        int max = Page.limit(limit);
        long[] after = afterKey(Page.decodeCursor(cursor));
        Uni<RowSet<Row>> rows = after == null
                ? pool.preparedQuery("SELECT " + COLUMNS + " FROM mqtt_acl ORDER BY priority DESC, id LIMIT $1")
                        .execute(Tuple.of((long) max + 1))
                : pool.preparedQuery("SELECT " + COLUMNS + " FROM mqtt_acl WHERE priority < $1 OR (priority = $1 AND "
                        + "id > $2) ORDER BY priority DESC, id LIMIT $3")
                        .execute(Tuple.of((int) after[0], after[1], (long) max + 1));
        return rows.flatMap(page -> pool.query("SELECT count(*) AS n FROM mqtt_acl").execute().map(count -> {
            List<AclRuleView> rules = new ArrayList<>();
            for (Row r : page) {
                rules.add(view(r));
            }
            return Page.of(rules, max, count.iterator().next().getLong("n"), r -> r.priority() + ":" + r.id());
        }));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get one ACL rule")
    @APIResponse(responseCode = "200", description = "The ACL rule")
    @APIResponse(responseCode = "404", description = "No such ACL rule",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "not found", value = NOT_FOUND_EXAMPLE)))
    public Uni<AclRuleView> get(@PathParam("id") long id) {
        return find(id);
    }

    @POST
    @Operation(summary = "Create an ACL rule", description = "The action and the topic filter are checked as a broker "
            + "checks them; a rule is refused with one field error per problem and nothing is saved. Brokers apply it "
            + "within a second.")
    @APIResponse(responseCode = "201", description = "Created; Location names the new rule")
    @APIResponse(responseCode = "400", description = "Invalid rule or body",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "invalid", value = INVALID_EXAMPLE)))
    @APIResponse(responseCode = "409", description = "A rule with the same user, client, action and topic filter "
            + "exists", content = @Content(mediaType = "application/problem+json",
            schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "conflict", value = CONFLICT_EXAMPLE)))
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@Valid @NotNull AclRuleBody body) {
        Checked rule = checked(body);
        // the version bump first: it locks the area's row, so two writers cannot both pass the duplicate check
        return pool.withTransaction(conn -> bump(conn)
                        .flatMap(v -> refuseDuplicate(conn, rule, 0))
                        .flatMap(v -> conn.preparedQuery("""
                                        INSERT INTO mqtt_acl (username, client_id, action, topic_filter, allow, priority)
                                        VALUES ($1, $2, $3, $4, $5, $6) RETURNING id""")
                                .execute(Tuple.tuple(Arrays.asList(rule.username(), rule.clientId(), rule.action(),
                                        rule.topicFilter(), rule.allow(), rule.priority())))))
                .map(rows -> rows.iterator().next().getLong("id"))
                .flatMap(id -> find(id)
                        .map(view -> Response.created(URI.create("/api/v1/acl/" + id)).entity(view).build()));
    }

    @PUT
    @Path("/{id}")
    @Operation(summary = "Replace an ACL rule", description = "Checked like a new rule; it keeps its id. Brokers apply "
            + "the change within a second.")
    @APIResponse(responseCode = "200", description = "The rule as stored now")
    @APIResponse(responseCode = "400", description = "Invalid rule or body",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "invalid", value = INVALID_EXAMPLE)))
    @APIResponse(responseCode = "404", description = "No such ACL rule",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "not found", value = NOT_FOUND_EXAMPLE)))
    @APIResponse(responseCode = "409", description = "Another rule has the same user, client, action and topic "
            + "filter", content = @Content(mediaType = "application/problem+json",
            schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "conflict", value = CONFLICT_EXAMPLE)))
    @APIResponse(responseCode = "412", description = "Changed since the If-Match revision was read",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<AclRuleView> replace(@PathParam("id") long id,
                                    @Parameter(description = IfMatch.DESCRIPTION) @HeaderParam(IfMatch.HEADER) String ifMatch,
                                    @Valid @NotNull AclRuleBody body) {
        Checked rule = checked(body);
        return pool.withTransaction(conn -> GUARD.check(conn, id, ifMatch)
                        .flatMap(v -> bump(conn))
                        .flatMap(v -> refuseDuplicate(conn, rule, id))
                        .flatMap(v -> conn.preparedQuery("""
                                        UPDATE mqtt_acl SET username = $2, client_id = $3, action = $4, topic_filter = $5,
                                        allow = $6, priority = $7 WHERE id = $1""")
                                .execute(Tuple.tuple(Arrays.asList(id, rule.username(), rule.clientId(),
                                        rule.action(), rule.topicFilter(), rule.allow(), rule.priority()))))
                        .map(rows -> {
                            if (rows.rowCount() == 0) {
                                throw ProblemException.notFound("ACL rule", Long.toString(id));
                            }
                            return rows;
                        }))
                .flatMap(v -> find(id));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete an ACL rule", description = "Brokers stop applying it within a second.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such ACL rule",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "not found", value = NOT_FOUND_EXAMPLE)))
    @APIResponse(responseCode = "412", description = "Changed since the If-Match revision was read",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Uni<Response> delete(@PathParam("id") long id, @Parameter(description = IfMatch.DESCRIPTION) @HeaderParam(IfMatch.HEADER) String ifMatch) {
        return pool.withTransaction(conn -> GUARD.check(conn, id, ifMatch)
                        .flatMap(v -> conn.preparedQuery("DELETE FROM mqtt_acl WHERE id = $1").execute(Tuple.of(id)))
                        .flatMap(rows -> {
                            if (rows.rowCount() == 0) {
                                throw ProblemException.notFound("ACL rule", Long.toString(id));
                            }
                            return bump(conn);
                        }))
                .map(v -> Response.noContent().build());
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    /** A body that passed every check, with defaults filled in and the action in the broker's spelling. */
    private record Checked(String username, String clientId, String action, String topicFilter, boolean allow,
                           int priority) {
    }

    private static Checked checked(AclRuleBody body) {
        List<Problem.FieldError> errors = new ArrayList<>();
        String action = body.action() == null ? null : body.action().trim().toUpperCase(Locale.ROOT);
        if (!ACTIONS.contains(action)) {
            errors.add(new Problem.FieldError("action", "must be one of " + String.join(", ", ACTIONS) + ", not '"
                    + body.action() + "'", null, null));
        }
        String filterProblem = TopicFilters.problem(body.topicFilter());
        if (filterProblem != null) {
            errors.add(new Problem.FieldError("topicFilter", filterProblem, null, null));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(INVALID, INVALID_TITLE, errors);
        }
        return new Checked(body.username(), body.clientId(), action, body.topicFilter(), body.allow(),
                body.priority() == null ? 0 : body.priority());
    }

    /** Refuses a rule like an existing one but {@code self}: the broker would apply both, and one would be dead. */
    private static Uni<Void> refuseDuplicate(SqlConnection conn, Checked rule, long self) {
        return conn.preparedQuery(SAME)
                .execute(Tuple.tuple(Arrays.asList(rule.username(), rule.clientId(), rule.action(), rule.topicFilter(),
                        self)))
                .map(rows -> {
                    if (rows.size() > 0) {
                        throw ProblemException.conflict("ACL rule " + rows.iterator().next().getLong("id")
                                + " has the same user, client, action and topic filter: change that one instead");
                    }
                    return null;
                });
    }

    /** The (priority, id) a cursor names: "priority:id". */
    private static long[] afterKey(String key) {
        if (key == null) {
            return null;
        }
        int colon = key.lastIndexOf(':');
        try {
            long priority = Long.parseLong(key.substring(0, Math.max(colon, 0)));
            long id = Long.parseLong(key.substring(colon + 1));
            if (colon > 0 && priority >= Integer.MIN_VALUE && priority <= Integer.MAX_VALUE) {
                return new long[] {priority, id};
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw Page.invalidCursor();
    }

    private static Uni<Void> bump(SqlConnection conn) {
        return conn.query(BUMP).execute().replaceWithVoid();
    }

    private Uni<AclRuleView> find(long id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM mqtt_acl WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("ACL rule", Long.toString(id));
                    }
                    return view(rows.iterator().next());
                });
    }

    private static AclRuleView view(Row r) {
        return new AclRuleView(r.getLong("id"), r.getString("username"), r.getString("client_id"),
                r.getString("action"), r.getString("topic_filter"), Boolean.TRUE.equals(r.getBoolean("allow")),
                r.getInteger("priority"), r.get(OffsetDateTime.class, "created_at"), r.getString("revision"));
    }
}
